// `shipgate approve [dir]`: pack as check does and write shipgate.manifest.json, the reviewed list
// of every shipped file. Prints what changed since the previous manifest, for the reviewer.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APPROVED_MANIFEST_FILE, approvedManifestOf, compareManifests, readApprovedManifest, serializeApprovedManifest, type ManifestComparison } from '../../baseline/approved.js';
import { inspectSide, resolveSide } from '../../baseline/side.js';
import { ShipgateError } from '../../errors.js';
import { loadConfig } from '../../policy/load.js';
import type { ApprovedManifest } from '../../types.js';
import { formatBytes } from '../../util/format.js';
import { stringOption, type Command } from '../command.js';

const USAGE = `approve [dir|file.tgz] [--manifest FILE] [--format text|json] [--config FILE]
        [--ignore-scripts] [--verbose]

  Packs [dir] (default: .) exactly as check does and writes shipgate.manifest.json next to
  it (for a tarball: in the current directory; or to --manifest FILE): every file of the
  tarball with its size and sha256, sorted, one per line. Commit it and review it like code. check then fails on any file not listed.
  Prints the files added, removed and changed since the previous manifest.`;

export interface ApproveResult {
  manifestFile: string;
  /** false when the file already said exactly this. */
  written: boolean;
  manifest: ApprovedManifest;
  /** Undefined when there was no previous manifest. */
  previous?: { package: string; version: string; files: number };
  changes: ManifestComparison;
}

export const approveCommand: Command = {
  name: 'approve',
  summary: 'write shipgate.manifest.json: the reviewed list of every file the package ships',
  usage: USAGE,
  options: {
    manifest: { type: 'string', short: 'm' },
    format: { type: 'string', short: 'f' },
    'ignore-scripts': { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    config: { type: 'string', short: 'c' },
  },
  async run(args, io) {
    if (args.positionals.length > 1) throw new ShipgateError('EUSAGE', 'approve takes at most one directory or tarball', 'see "shipgate help approve"');
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new ShipgateError('EUSAGE', `unknown --format "${format}"`, 'use text or json');
    const target = args.positionals[0] ?? '.';
    const full = path.resolve(io.cwd, target);
    const info = await stat(full).catch(() => undefined);
    if (!info) throw new ShipgateError('ENOENT', `${target} does not exist`, 'pass a package directory or a .tgz/.tar file');
    const home = info.isDirectory() ? full : io.cwd;
    const explicit = stringOption(args, 'manifest');
    const manifestFile = explicit ? path.resolve(io.cwd, explicit) : path.join(home, APPROVED_MANIFEST_FILE);
    const configFile = stringOption(args, 'config');
    const { config } = loadConfig(home, configFile && path.resolve(io.cwd, configFile));
    // Read the previous manifest first: a broken one should stop us before npm pack runs.
    const previous = readApprovedManifest(manifestFile, false);

    const side = await resolveSide(target, {
      cwd: io.cwd,
      env: io.env,
      ignoreScripts: args.values['ignore-scripts'] === true,
      onOutput: args.values.verbose === true ? (t) => io.stderr(t) : undefined,
    });
    let manifest: ApprovedManifest;
    try {
      manifest = approvedManifestOf(await inspectSide(side, config, false));
    } finally {
      await side.cleanup();
    }
    const text = serializeApprovedManifest(manifest);
    const old = await readFile(manifestFile, 'utf8').catch(() => undefined);
    const written = old !== text;
    if (written) await writeFile(manifestFile, text);
    const result: ApproveResult = {
      manifestFile: path.relative(io.cwd, manifestFile) || manifestFile,
      written,
      manifest,
      previous: previous && { package: previous.manifest.package, version: previous.manifest.version, files: previous.manifest.files.length },
      changes: compareManifests(previous?.manifest ?? { package: manifest.package, version: '', files: [] }, manifest),
    };
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderApproveText(result));
    return 0;
  },
};

export function renderApproveText(r: ApproveResult): string {
  const out: string[] = [];
  const id = `${r.manifest.package || '(unnamed)'}@${r.manifest.version || '?'}`;
  const c = r.changes;
  if (!r.previous) out.push(`Wrote ${r.manifestFile}: ${id}, ${r.manifest.files.length} files approved (no previous manifest).`);
  else if (!c.added.length && !c.removed.length && !c.changed.length) out.push(`${r.manifestFile} ${r.written ? 'updated' : 'unchanged'}: ${id}, same ${r.manifest.files.length} files as ${r.previous.package}@${r.previous.version}.`);
  else {
    out.push(`Wrote ${r.manifestFile}: ${id}, ${r.manifest.files.length} files (was ${r.previous.files}, ${r.previous.package}@${r.previous.version}).`);
    out.push(`Since the previous manifest: ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed.`);
    for (const f of c.added) out.push(`  + ${f.path}  ${formatBytes(f.size)}`);
    for (const f of c.removed) out.push(`  - ${f.path}  ${formatBytes(f.size)}`);
    for (const f of c.changed) out.push(`  ~ ${f.path}  ${formatBytes(f.before.size)} → ${formatBytes(f.after.size)}`);
  }
  if (r.written) out.push('Review the change and commit it; shipgate check fails on any file not listed.');
  return `${out.join('\n')}\n`;
}
