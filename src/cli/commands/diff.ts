// `shipgate diff <a> <b>`: what changed between two releases, with sizes, exposure and the
// package.json changes that matter; exit 1 when something risky changed.
import path from 'node:path';
import { compareArtifacts, type Comparison } from '../../baseline/compare.js';
import type { ManifestChange, SizeDelta } from '../../baseline/diff.js';
import { patchBetween, type PatchResult } from '../../baseline/patch.js';
import { inspectSide, resolveSide, type ResolvedSide } from '../../baseline/side.js';
import { ShipgateError } from '../../errors.js';
import { loadConfig } from '../../policy/load.js';
import { isSeverity, type Severity } from '../../types.js';
import { formatBytes, plural } from '../../util/format.js';
import { stringOption, type Command } from '../command.js';

const USAGE = `diff <a> <b> [--format text|json] [--patch] [--fail-on error|warning|info]
        [--registry URL] [--config FILE] [--ignore-scripts] [--verbose]

  Compares two builds of a package. Each side is a .tgz/.tar file, a package directory
  (packed with npm, as check does) or a registry spec: name@1.2.3, name@latest, name@next.
  Registry access goes through npm's own libraries with your .npmrc (registry, @scope:registry,
  //host/:_authToken); every downloaded tarball is checked against the registry's
  dist.integrity and cached by it (SHIPGATE_CACHE, default ~/.cache/shipgate).

  Shows files added, removed and changed with sizes; packed and unpacked growth; source maps
  added or removed and what they expose; findings b has and a does not; install scripts,
  bin, entry points, files, dependencies and publishConfig changes. --patch adds a unified
  diff of changed text files (bounded in size).

  Exit codes: 0 nothing at or above --fail-on (default warning) changed, 1 something did,
  2 could not run.`;

export interface DiffOutput extends Comparison {
  patch?: PatchResult;
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two builds (tarball, directory or registry version): files, sizes, maps, scripts, dependencies',
  usage: USAGE,
  options: {
    format: { type: 'string', short: 'f' },
    patch: { type: 'boolean' },
    'fail-on': { type: 'string' },
    registry: { type: 'string' },
    config: { type: 'string', short: 'c' },
    'ignore-scripts': { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
  },
  async run(args, io) {
    if (args.positionals.length !== 2) throw new ShipgateError('EUSAGE', `diff takes two things to compare, got ${args.positionals.length}`, 'usage: shipgate diff <a> <b>, e.g. shipgate diff my-pkg@latest .');
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new ShipgateError('EUSAGE', `unknown --format "${format}"`, 'use text or json');
    const failOnArg = stringOption(args, 'fail-on');
    if (failOnArg !== undefined && !isSeverity(failOnArg)) throw new ShipgateError('EUSAGE', `unknown --fail-on "${failOnArg}"`, 'use error, warning or info');
    // A diff is about change: a new file or dependency (warnings) is what it exists to catch.
    const failOn: Severity = (failOnArg as Severity | undefined) ?? 'warning';
    const configFile = stringOption(args, 'config');
    const { config } = loadConfig(io.cwd, configFile && path.resolve(io.cwd, configFile));
    const [ta, tb] = args.positionals as [string, string];
    const sideOptions = {
      cwd: io.cwd,
      env: io.env,
      registry: stringOption(args, 'registry'),
      ignoreScripts: args.values['ignore-scripts'] === true,
      onOutput: args.values.verbose === true ? (t: string) => io.stderr(t) : undefined,
    };
    const sides: ResolvedSide[] = [];
    try {
      sides.push(await resolveSide(ta, sideOptions));
      sides.push(await resolveSide(tb, sideOptions));
      const [sa, sb] = sides as [ResolvedSide, ResolvedSide];
      const [a, b] = await Promise.all([inspectSide(sa, config), inspectSide(sb, config)]);
      const result: DiffOutput = compareArtifacts(a, b, config, failOn, { a: ta, b: tb });
      if (args.values.patch === true) {
        result.patch = await patchBetween(sa.tarball, sb.tarball, result.files.changed.filter((c) => c.text).map((c) => c.path), config.limits);
      }
      io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderDiffText(result));
      return result.risky ? 1 : 0;
    } finally {
      await Promise.all(sides.map((s) => s.cleanup()));
    }
  },
};

function signed(n: number): string {
  return n >= 0 ? `+${formatBytes(n)}` : `-${formatBytes(-n)}`;
}

function sizeLine(label: string, d: SizeDelta): string | undefined {
  if (d.before === undefined || d.after === undefined) return undefined;
  const pct = d.percent === undefined ? '' : ` (${d.percent >= 0 ? '+' : ''}${d.percent.toFixed(1)} %)`;
  return `  ${label.padEnd(9)} ${formatBytes(d.before)} → ${formatBytes(d.after)}  ${signed(d.delta ?? 0)}${pct}`;
}

function value(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 100 ? `${s.slice(0, 97)}…` : s;
}

function manifestLine(c: ManifestChange): string {
  if (c.change === 'added') return `  + ${c.field} ${value(c.after)}`;
  if (c.change === 'removed') return `  - ${c.field} (was ${value(c.before)})`;
  return `  ~ ${c.field} ${value(c.before)} → ${value(c.after)}`;
}

function side(s: Comparison['a']): string {
  const id = s.name ? `${s.name}${s.version ? `@${s.version}` : ''}` : '';
  return id && !s.label.includes(id) ? `${id}  (${s.label})` : s.label;
}

/** Plain text, one fact per line; the verdict last. */
export function renderDiffText(r: DiffOutput): string {
  const out: string[] = [];
  out.push(`shipgate diff`, `  a  ${side(r.a)}`, `  b  ${side(r.b)}`, '');
  const f = r.files;
  out.push(`Files: ${f.added.length} added, ${f.removed.length} removed, ${f.changed.length} changed, ${f.unchanged} unchanged`);
  const width = Math.min(60, Math.max(0, ...[...f.added, ...f.removed, ...f.changed].map((x) => x.path.length)));
  for (const x of f.added) out.push(`  + ${x.path.padEnd(width)}  ${formatBytes(x.size)}`);
  for (const x of f.removed) out.push(`  - ${x.path.padEnd(width)}  ${formatBytes(x.size)}`);
  for (const x of f.changed) out.push(`  ~ ${x.path.padEnd(width)}  ${formatBytes(x.before)} → ${formatBytes(x.after)}  ${signed(x.delta)}`);
  out.push('', 'Size');
  for (const l of [sizeLine('packed', r.packed), sizeLine('unpacked', r.unpacked)]) if (l) out.push(l);
  const maps = r.sourceMaps;
  if (maps.added.length || maps.removed.length || maps.moreExposed.length) {
    out.push('', 'Source maps');
    const exposure = (m: { exposedFiles: number; exposedLines: number }) => (m.exposedFiles ? `exposes ${plural(m.exposedFiles, 'original file')}, ${plural(m.exposedLines, 'line')}` : 'no original source embedded');
    for (const m of maps.added) out.push(`  + ${m.path}${m.inline ? ' (inline)' : ''}  ${exposure(m)}`);
    for (const m of maps.moreExposed) out.push(`  ~ ${m.path}${m.inline ? ' (inline)' : ''}  now ${exposure(m)} (was ${m.exposedBefore})`);
    for (const m of maps.removed) out.push(`  - ${m.path}${m.inline ? ' (inline)' : ''}  ${exposure(m)}`);
  }
  if (r.manifest.length) {
    out.push('', 'package.json');
    for (const c of r.manifest) out.push(manifestLine(c));
  }
  if (r.newFindings.length) {
    out.push('', `Findings in b, not in a (${r.newFindings.length})`);
    for (const x of r.newFindings) out.push(`  ${x.severity.padEnd(7)}  ${x.rule.padEnd(16)} ${x.path || '(package)'}${x.line ? `:${x.line}` : ''}  ${x.message}`);
  }
  if (r.changes.length) {
    out.push('', 'Changes that need review');
    for (const x of r.changes) out.push(`  ${x.severity.padEnd(7)}  ${x.path || '(package)'}  ${x.message}`);
  }
  if (r.patch) {
    out.push('', 'Patch');
    if (r.patch.text) out.push(r.patch.text.replace(/\n$/, ''));
    else if (!r.patch.skipped.length) out.push('  (no changed text files)');
    for (const s of r.patch.skipped) out.push(`  (${s.path} not shown: ${s.reason})`);
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push('', r.risky ? `✖ risky changes at or above ${r.failOn} (exit 1)` : `✔ nothing at or above ${r.failOn} changed`);
  return `${out.join('\n')}\n`;
}
