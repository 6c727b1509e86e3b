// What `scan` and `check` share: get the exact tarball (pack a directory with npm, or take a file),
// inspect it, apply policy, render. Returns the exit code.
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APPROVED_MANIFEST_FILE, readApprovedManifest } from '../baseline/approved.js';
import { loadBaseline } from '../baseline/load.js';
import { ShipgateError } from '../errors.js';
import { evaluate, inspectTarball } from '../inspect.js';
import { loadConfig } from '../policy/load.js';
import { packWithNpm } from '../packers/npm.js';
import type { Report } from '../report.js';
import { REPORTERS, FORMAT_NAMES } from '../reporters/index.js';
import { ruleDescriptors } from '../rules/index.js';
import { isSeverity, type Severity } from '../types.js';
import { sriOfFile } from '../util/integrity.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from './command.js';

export const GATE_OPTIONS = {
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'ignore-scripts': { type: 'boolean' },
  'source-maps': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  baseline: { type: 'string', short: 'b' },
  manifest: { type: 'string' },
  registry: { type: 'string' },
} satisfies Command['options'];

export interface GateRequest {
  target: string;
  out?: string;
}

export async function runGate(req: GateRequest, args: ParsedArgs, io: CliIO): Promise<number> {
  const format = stringOption(args, 'format') ?? 'text';
  const reporter = REPORTERS[format];
  if (!reporter) throw new ShipgateError('EUSAGE', `unknown --format "${format}"`, `use one of: ${FORMAT_NAMES.join(', ')}`);
  const failOn = stringOption(args, 'fail-on');
  if (failOn !== undefined && !isSeverity(failOn)) throw new ShipgateError('EUSAGE', `unknown --fail-on "${failOn}"`, 'use error, warning or info');
  const sourceMaps = stringOption(args, 'source-maps');
  if (sourceMaps !== undefined && !['deny', 'no-sources', 'allow'].includes(sourceMaps)) throw new ShipgateError('EUSAGE', `unknown --source-maps "${sourceMaps}"`, 'use deny, no-sources or allow');

  const target = path.resolve(io.cwd, req.target);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new ShipgateError('ENOENT', `${req.target} does not exist`, 'pass a package directory or a .tgz/.tar file');
  const isDir = info.isDirectory();
  const { config } = loadConfig(isDir ? target : io.cwd, stringOption(args, 'config') && path.resolve(io.cwd, stringOption(args, 'config')!));
  if (failOn) config.failOn = failOn as Severity;
  if (sourceMaps) config.sourceMaps = sourceMaps as typeof config.sourceMaps;

  let tarball = target;
  let cleanup: (() => Promise<void>) | undefined;
  let report: Report;
  try {
    const inspectOptions: Parameters<typeof inspectTarball>[1] = { config, target: req.target };
    if (isDir) {
      const verbose = args.values.verbose === true;
      const packed = await packWithNpm(target, {
        ignoreScripts: args.values['ignore-scripts'] === true,
        env: io.env,
        onOutput: verbose ? (t) => io.stderr(t) : undefined,
      });
      tarball = packed.tarball;
      cleanup = packed.cleanup;
      inspectOptions.lifecycle = packed.lifecycle;
      inspectOptions.sourceTree = packed.sourceTree;
    }
    const artifact = await inspectTarball(tarball, inspectOptions);
    // The reviewed file list lives next to the package (or the config, for a tarball), never inside the artifact.
    const explicitManifest = stringOption(args, 'manifest');
    artifact.approved = readApprovedManifest(
      explicitManifest ? path.resolve(io.cwd, explicitManifest) : path.join(isDir ? target : io.cwd, APPROVED_MANIFEST_FILE),
      explicitManifest !== undefined,
    );
    const baselineSpec = stringOption(args, 'baseline');
    if (baselineSpec !== undefined) {
      artifact.baseline = await loadBaseline(baselineSpec, artifact, {
        config,
        registry: stringOption(args, 'registry'),
        cwd: isDir ? target : io.cwd,
        env: io.env,
        ignoreScripts: args.values['ignore-scripts'] === true,
      });
    }
    report = evaluate(artifact, config);
    if (artifact.approved) report.notes.push(`compared with the approved manifest ${path.relative(io.cwd, artifact.approved.source) || artifact.approved.source}`);
    if (artifact.baseline) {
      report.notes.push('missing' in artifact.baseline ? `no baseline: ${artifact.baseline.missing}` : `baseline: compared with ${artifact.baseline.label}`);
    }
    if (req.out) {
      const out = path.resolve(io.cwd, req.out);
      if (report.passed) {
        await copyFile(tarball, out);
        const written = await sriOfFile(out);
        if (written !== report.integrity) throw new ShipgateError('EOUT', `${req.out} does not match the checked bytes (${written})`, 'something changed the file while it was copied; run again');
        report.notes.push(`wrote the checked tarball to ${req.out} (${report.integrity})`);
      } else {
        report.notes.push(`did not write ${req.out}: the check failed`);
      }
    }
  } finally {
    await cleanup?.();
  }
  io.stdout(reporter.render(report, { color: io.isTTY && !io.env.NO_COLOR && format === 'text', rules: ruleDescriptors() }));
  return report.passed ? 0 : 1;
}
