// `shipgate publish [dir|file.tgz]`: pack once, check that tarball exactly as `check` does, publish
// that file with npm, and confirm the registry serves the checked bytes. Decisions live in
// src/publish; this file wires the gate to the pipeline and prints.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ShipgateError } from '../../errors.js';
import { assessEnvironment, dryRunFromEnvironment, packEnvironment, type EnvironmentDecision } from '../../publish/environment.js';
import { publishCheckedTarball, type PublishOutcome } from '../../publish/pipeline.js';
import type { Report } from '../../report.js';
import { REPORTERS } from '../../reporters/index.js';
import { ruleDescriptors } from '../../rules/index.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from '../command.js';
import { GATE_OPTIONS, runGate } from '../gate.js';
import { printDecision } from './guard.js';

const USAGE = `publish [dir|file.tgz] [--registry URL] [--tag TAG] [--access public|restricted]
        [--dry-run] [--provenance] [--stage] [--require-oidc] [--allow-local REASON]
        [--format text|json] [check options: --fail-on, --config, --ignore-scripts, …]

  1. Packs [dir] (default: .) once with your npm, as check does (a .tgz is taken as is).
  2. Checks that tarball with the same rules and config as "shipgate check". A failing check
     publishes nothing (exit 1).
  3. Runs "npm publish <that file>" (or "npm stage publish <file>" with --stage, npm ≥ 11.15).
     Publishing a file runs no lifecycle scripts: prepublishOnly, publish and postpublish run
     only when npm publishes a directory. Nothing is rebuilt between check and publish.
  4. Reads the new version's packument and confirms dist.integrity equals the checked
     tarball's integrity (exit 1, loudly, if not).

  Refuses to run outside CI, like guard (a --dry-run is allowed); --allow-local "<reason>" or
  SHIPGATE_ALLOW_LOCAL_PUBLISH="<reason>" overrides, loudly.

  Exit codes: 0 published and confirmed (or dry run / staged), 1 check failed, refused, or
  integrity mismatch, 2 could not run (version already published, registry down, npm failed).`;

export const publishCommand: Command = {
  name: 'publish',
  summary: 'pack once, check that tarball, npm publish that very file, confirm the registry integrity',
  usage: USAGE,
  options: {
    ...GATE_OPTIONS,
    registry: { type: 'string' },
    tag: { type: 'string' },
    access: { type: 'string' },
    'dry-run': { type: 'boolean' },
    provenance: { type: 'boolean' },
    stage: { type: 'boolean' },
    'require-oidc': { type: 'boolean' },
    'allow-local': { type: 'string' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    if (args.positionals.length > 1) throw usage('publish takes at most one directory or tarball');
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw usage(`unknown --format "${format}" for publish: use text or json`);
    const access = stringOption(args, 'access');
    if (access !== undefined && access !== 'public' && access !== 'restricted') throw usage(`unknown --access "${access}": use public or restricted`);
    const tag = stringOption(args, 'tag');
    if (tag !== undefined && tag.trim() === '') throw usage('--tag needs a tag name');
    const dryRun = args.values['dry-run'] === true || dryRunFromEnvironment(io.env);
    if (dryRun && args.values.stage === true) throw usage('--dry-run and --stage: pick one (npm stage publish has no dry run of its own)');

    const decision = assessEnvironment(io.env, {
      allowLocal: stringOption(args, 'allow-local'),
      requireOidc: args.values['require-oidc'] === true,
      dryRun,
    });
    printDecision('publish', decision, io);
    if (!decision.allowed) return 1;

    const target = args.positionals[0] ?? '.';
    const resolved = path.resolve(io.cwd, target);
    const temp = await mkdtemp(path.join(os.tmpdir(), 'shipgate-publish-'));
    try {
      // The gate is check itself: same options, same config; it writes the checked bytes to `out` only when they pass.
      const out = path.join(temp, 'checked.tgz');
      let captured = '';
      const env = packEnvironment(io.env);
      const gateArgs: ParsedArgs = { values: { ...args.values, format: 'json' }, positionals: [] };
      const code = await runGate({ target, out }, gateArgs, { ...io, env, isTTY: false, stdout: (t) => (captured += t) });
      const report = JSON.parse(captured) as Report;
      report.notes = report.notes.filter((n) => !n.includes(out));
      if (code !== 0 || !report.passed) {
        print(io, format, report, decision, undefined);
        io.stderr(`shipgate publish: the check failed; nothing was published\n`);
        return 1;
      }
      if (!report.integrity || !report.name || !report.version) {
        throw new ShipgateError('ENOPACKAGE', `${target}: the checked tarball has no ${!report.name ? 'name' : !report.version ? 'version' : 'integrity'}`, 'npm needs package.json#name and #version to publish');
      }
      const outcome = await publishCheckedTarball(
        { file: out, integrity: report.integrity, name: report.name, version: report.version },
        {
          registry: stringOption(args, 'registry'),
          tag,
          access: access as 'public' | 'restricted' | undefined,
          dryRun,
          provenance: args.values.provenance === true,
          stage: args.values.stage === true,
          cwd: (await stat(resolved)).isDirectory() ? resolved : io.cwd,
          env,
          onOutput: args.values.verbose === true ? (t) => io.stderr(t) : undefined,
        },
      );
      outcome.file = target;
      print(io, format, report, decision, outcome);
      if (outcome.mismatch) {
        io.stderr(`shipgate publish: INTEGRITY MISMATCH: ${outcome.mismatch}. The registry is not serving the bytes that were checked: deprecate ${outcome.name}@${outcome.version} and investigate.\n`);
        return 1;
      }
      return 0;
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  },
};

function usage(message: string): ShipgateError {
  return new ShipgateError('EUSAGE', message, 'see "shipgate help publish"');
}

function print(io: CliIO, format: 'text' | 'json', report: Report, decision: EnvironmentDecision, outcome: PublishOutcome | undefined): void {
  if (format === 'json') {
    io.stdout(`${JSON.stringify(publishJson(report, decision, outcome), null, 2)}\n`);
    return;
  }
  io.stdout(REPORTERS.text!.render(report, { color: io.isTTY && !io.env.NO_COLOR, rules: ruleDescriptors() }));
  if (outcome) io.stdout(renderPublishText(outcome, report, decision));
}

/** `--format json`: the publish facts at the top level, the check report under `report`. */
export function publishJson(report: Report, decision: EnvironmentDecision, outcome: PublishOutcome | undefined) {
  return {
    schemaVersion: 1,
    published: outcome?.mode === 'published' && !outcome.mismatch,
    mode: outcome?.mode ?? 'not-published',
    name: report.name,
    version: report.version,
    integrity: report.integrity,
    registryIntegrity: outcome?.registryIntegrity,
    integrityConfirmed: outcome?.integrityConfirmed ?? false,
    ...(outcome?.mismatch ? { mismatch: outcome.mismatch } : {}),
    registry: outcome?.registry,
    tag: outcome?.tag,
    access: outcome?.access,
    stageId: outcome?.stageId,
    npm: outcome?.npm,
    lifecycleScripts: outcome?.lifecycleScripts,
    environment: { ci: decision.ci, oidc: decision.oidc, override: decision.override, warnings: decision.warnings },
    notes: outcome?.notes ?? [],
    report,
  };
}

/** The publish summary under the check report: one fact per line, the verdict last. */
export function renderPublishText(o: PublishOutcome, report: Report, decision: EnvironmentDecision): string {
  const lines: string[] = ['', `shipgate publish ${o.name}@${o.version}`];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(12)}${value}`);
  row('environment', decision.ci.label ? `${decision.ci.label}; trusted publishing ${decision.oidc.status}` : decision.override ? `local (override: "${decision.override.reason}")` : 'local dry run');
  row('npm', `npm ${o.npm.join(' ')}`);
  const skipped = (report.lifecycle?.skipped ?? []).filter((s) => ['prepublishOnly', 'prepublish', 'publish', 'postpublish'].includes(s));
  row('scripts', `none: npm publishes a file without running lifecycle scripts${skipped.length ? ` (${skipped.join(', ')} not run)` : ''}; nothing was rebuilt after the check`);
  row('registry', `${o.registry} (tag ${o.tag}${o.access ? `, ${o.access} access` : ''})`);
  row('checked', o.integrity);
  if (o.registryIntegrity !== undefined) row('published', `${o.registryIntegrity} (dist.integrity)`);
  if (o.stageId) row('stage id', o.stageId);
  for (const note of o.notes) row('note', note);
  if (o.mismatch) lines.push(`✖ INTEGRITY MISMATCH: ${o.mismatch}`);
  else if (o.mode === 'published') lines.push(`✔ published ${o.name}@${o.version}: the registry's dist.integrity equals the checked tarball's (${o.integrity})`);
  else if (o.mode === 'staged') lines.push(`✔ staged ${o.name}@${o.version} (${o.integrity}); approve it to make it public, then confirm with: shipgate verify ${o.name}@${o.version}`);
  else lines.push(`✔ dry run: npm would publish ${o.name}@${o.version} (${o.integrity}${o.integrityConfirmed ? ', the checked bytes' : ''}); nothing was published`);
  return `${lines.join('\n')}\n`;
}
