// shipgate.manifest.json: every file of a reviewed tarball (path, size, sha256), written by
// `shipgate approve`, committed, and compared on every `check`. Formatting is one file per line
// so a review shows exactly which paths were added or changed.
import { readFileSync } from 'node:fs';
import { ShipgateError } from '../errors.js';
import type { ApprovedFacts, ApprovedFile, ApprovedManifest, Artifact } from '../types.js';

export const APPROVED_MANIFEST_FILE = 'shipgate.manifest.json';

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * The manifest a person would approve for this artifact: every shipped file (not directories).
 * The manifest itself is left out: without `files` in package.json it ships too, and listing its
 * own hash would make every approval stale.
 */
export function approvedManifestOf(artifact: Artifact): ApprovedManifest {
  const files: ApprovedFile[] = artifact.files
    .filter((f) => f.depth === 0 && f.type !== 'directory' && f.path !== APPROVED_MANIFEST_FILE)
    .map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 ?? '' }))
    .sort(byPath);
  return {
    package: typeof artifact.manifest?.name === 'string' ? artifact.manifest.name : '',
    version: typeof artifact.manifest?.version === 'string' ? artifact.manifest.version : '',
    files,
  };
}

/** Stable text: fixed key order, one file per line, trailing newline. */
export function serializeApprovedManifest(m: ApprovedManifest): string {
  const files = [...m.files].sort(byPath).map((f) => `    { "path": ${JSON.stringify(f.path)}, "size": ${f.size}, "sha256": ${JSON.stringify(f.sha256)} }`);
  return [
    '{',
    `  "package": ${JSON.stringify(m.package)},`,
    `  "version": ${JSON.stringify(m.version)},`,
    `  "files": [${files.length ? `\n${files.join(',\n')}\n  ` : ''}]`,
    '}',
    '',
  ].join('\n');
}

function bad(source: string, what: string): ShipgateError {
  return new ShipgateError('EMANIFEST', `${source}: ${what}`, 'regenerate it with "shipgate approve" and review the change');
}

export function parseApprovedManifest(text: string, source: string): ApprovedManifest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw bad(source, `not valid JSON (${(e as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(source, 'expected an object with "package", "version" and "files"');
  const o = v as Record<string, unknown>;
  if (typeof o.package !== 'string') throw bad(source, '"package" must be a string');
  if (typeof o.version !== 'string') throw bad(source, '"version" must be a string');
  if (!Array.isArray(o.files)) throw bad(source, '"files" must be an array');
  const seen = new Set<string>();
  const files: ApprovedFile[] = o.files.map((f: unknown, i: number) => {
    const e = (f && typeof f === 'object' ? f : {}) as Record<string, unknown>;
    if (typeof e.path !== 'string' || e.path === '') throw bad(source, `files[${i}].path must be a non-empty string`);
    if (typeof e.size !== 'number' || !Number.isInteger(e.size) || e.size < 0) throw bad(source, `files[${i}].size must be a byte count`);
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) throw bad(source, `files[${i}].sha256 must be 64 hex digits`);
    if (seen.has(e.path)) throw bad(source, `"${e.path}" is listed twice`);
    seen.add(e.path);
    return { path: e.path, size: e.size, sha256: e.sha256 };
  });
  return { package: o.package, version: o.version, files };
}

/** Read a manifest file; a missing file is `undefined` unless `required`. */
export function readApprovedManifest(file: string, required: boolean): ApprovedFacts | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    if (code === 'ENOENT') throw new ShipgateError('ENOENT', `approved manifest ${file} does not exist`, 'check the --manifest path, or create it with "shipgate approve"');
    throw new ShipgateError('EMANIFEST', `cannot read ${file}: ${(e as Error).message}`);
  }
  return { manifest: parseApprovedManifest(text, file), source: file };
}

export interface ManifestComparison {
  added: ApprovedFile[];
  removed: ApprovedFile[];
  changed: Array<{ path: string; before: ApprovedFile; after: ApprovedFile }>;
  unchanged: number;
}

/** What changed from one approved file list to another (or to the current artifact's). */
export function compareManifests(before: ApprovedManifest, after: ApprovedManifest): ManifestComparison {
  const old = new Map(before.files.map((f) => [f.path, f]));
  const now = new Map(after.files.map((f) => [f.path, f]));
  const out: ManifestComparison = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [p, f] of now) {
    const o = old.get(p);
    if (!o) out.added.push(f);
    else if (o.size !== f.size || o.sha256 !== f.sha256) out.changed.push({ path: p, before: o, after: f });
    else out.unchanged++;
  }
  for (const [p, o] of old) if (!now.has(p)) out.removed.push(o);
  out.added.sort(byPath);
  out.removed.sort(byPath);
  out.changed.sort(byPath);
  return out;
}
