// The pure comparison of two artifacts: which files came and went, how much it grew, which source
// maps appeared, and which package.json fields that decide what runs on a user's machine changed.
// `shipgate diff` renders it; the `baseline` rule turns it into findings.
import { computeExposure, type MapExposure } from '../analyzers/exposure.js';
import type { Artifact, ArtifactFile, PackageManifest } from '../types.js';

export interface FileSize {
  path: string;
  size: number;
}

export interface FileChange {
  path: string;
  before: number;
  after: number;
  /** after − before, in bytes. */
  delta: number;
  /** Both sides are text (a line diff makes sense). */
  text: boolean;
}

export interface SizeDelta {
  before?: number;
  after?: number;
  /** after − before, when both are known. */
  delta?: number;
  /** delta as a percentage of before (undefined when before is 0 or unknown). */
  percent?: number;
}

/** A source map as the diff reports it: where it is and what original source it gives away. */
export interface MapSummary {
  /** `dist/cli.js.map`, or the generated file for an inline map. */
  path: string;
  inline: boolean;
  /** Original files embedded in `sourcesContent` that do not ship otherwise. */
  exposedFiles: number;
  exposedLines: number;
  exposedBytes: number;
}

/** Why a package.json change matters for risk; decides the finding's severity in the baseline rule. */
export type ManifestChangeKind = 'install-script' | 'dependency' | 'optional-dependency' | 'peer-dependency' | 'bundled-dependencies' | 'bin' | 'entry-point' | 'files' | 'publish-config';

export interface ManifestChange {
  kind: ManifestChangeKind;
  /** Dotted field, e.g. `scripts.postinstall`, `dependencies.left-pad`, `exports`. */
  field: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface ArtifactDiff {
  files: { added: FileSize[]; removed: FileSize[]; changed: FileChange[]; unchanged: number };
  packed: SizeDelta;
  unpacked: SizeDelta;
  sourceMaps: {
    added: MapSummary[];
    removed: MapSummary[];
    /** Maps present on both sides that now expose more original files. */
    moreExposed: Array<MapSummary & { exposedBefore: number }>;
  };
  manifest: ManifestChange[];
}

/** Scripts npm runs when a package is installed from a registry (`prepare` only runs for git installs). */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

/** Entry points: what `require`/`import` and bundlers load. */
const ENTRY_FIELDS = ['main', 'exports', 'module', 'browser', 'types', 'typings'] as const;

function shipped(artifact: Artifact): Map<string, ArtifactFile> {
  const out = new Map<string, ArtifactFile>();
  for (const f of artifact.files) if (f.depth === 0 && f.type !== 'directory') out.set(f.path, f);
  return out;
}

export function sizeDelta(before: number | undefined, after: number | undefined): SizeDelta {
  if (before === undefined || after === undefined) return { before, after };
  const delta = after - before;
  return { before, after, delta, percent: before > 0 ? (delta / before) * 100 : undefined };
}

function byPath<T extends { path: string }>(a: T, b: T): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function mapKey(e: MapExposure): string {
  return `${e.map.inline ? 'inline:' : ''}${e.map.path}`;
}

function mapSummary(e: MapExposure): MapSummary {
  return { path: e.map.path, inline: e.map.inline, exposedFiles: e.exposed.length, exposedLines: e.exposedLines, exposedBytes: e.exposedBytes };
}

export function diffArtifacts(a: Artifact, b: Artifact): ArtifactDiff {
  const before = shipped(a);
  const after = shipped(b);
  const added: FileSize[] = [];
  const removed: FileSize[] = [];
  const changed: FileChange[] = [];
  let unchanged = 0;
  for (const [p, fb] of after) {
    const fa = before.get(p);
    if (!fa) added.push({ path: p, size: fb.size });
    else if (fa.type !== fb.type || fa.size !== fb.size || fa.sha256 !== fb.sha256 || fa.linkTarget !== fb.linkTarget) {
      changed.push({ path: p, before: fa.size, after: fb.size, delta: fb.size - fa.size, text: fa.type === 'file' && fb.type === 'file' && fa.text && fb.text });
    } else unchanged++;
  }
  for (const [p, fa] of before) if (!after.has(p)) removed.push({ path: p, size: fa.size });

  const mapsA = new Map(computeExposure(a).maps.filter((e) => e.file.depth === 0).map((e) => [mapKey(e), e]));
  const mapsB = new Map(computeExposure(b).maps.filter((e) => e.file.depth === 0).map((e) => [mapKey(e), e]));
  const mapsAdded: MapSummary[] = [];
  const moreExposed: ArtifactDiff['sourceMaps']['moreExposed'] = [];
  for (const [k, eb] of mapsB) {
    const ea = mapsA.get(k);
    if (!ea) mapsAdded.push(mapSummary(eb));
    else if (eb.exposed.length > ea.exposed.length) moreExposed.push({ ...mapSummary(eb), exposedBefore: ea.exposed.length });
  }
  const mapsRemoved = [...mapsA].filter(([k]) => !mapsB.has(k)).map(([, e]) => mapSummary(e));

  return {
    files: { added: added.sort(byPath), removed: removed.sort(byPath), changed: changed.sort(byPath), unchanged },
    packed: sizeDelta(a.packedSize, b.packedSize),
    unpacked: sizeDelta(a.unpackedSize, b.unpackedSize),
    sourceMaps: { added: mapsAdded.sort(byPath), removed: mapsRemoved.sort(byPath), moreExposed: moreExposed.sort(byPath) },
    manifest: diffManifests(a.manifest, b.manifest, before.has('binding.gyp'), after.has('binding.gyp')),
  };
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * The install scripts npm would run. A `binding.gyp` without `install`/`preinstall` makes npm run
 * `node-gyp rebuild` on install, so it counts as an install script too.
 */
export function installScripts(manifest: PackageManifest | undefined, hasBindingGyp: boolean): Record<string, string> {
  const scripts = record(manifest?.scripts);
  const out: Record<string, string> = {};
  for (const name of INSTALL_SCRIPTS) if (typeof scripts[name] === 'string') out[name] = scripts[name] as string;
  if (hasBindingGyp && out.install === undefined && out.preinstall === undefined) out.install = 'node-gyp rebuild (implicit: binding.gyp)';
  return out;
}

/** `bin` as npm reads it: a string means one command named after the package. */
function binMap(manifest: PackageManifest | undefined): Record<string, unknown> {
  const bin = manifest?.bin;
  if (typeof bin === 'string') {
    const name = typeof manifest?.name === 'string' ? manifest.name.replace(/^@[^/]+\//, '') : '';
    return { [name]: bin };
  }
  return record(bin);
}

function same(x: unknown, y: unknown): boolean {
  // Key order is meaningful in `exports` (conditions are tried in order), so compare as written.
  return JSON.stringify(x) === JSON.stringify(y);
}

function keyed(kind: ManifestChangeKind, prefix: string, before: Record<string, unknown>, after: Record<string, unknown>, out: ManifestChange[]): void {
  for (const k of Object.keys(after).sort()) {
    const field = `${prefix}.${k}`;
    if (!Object.hasOwn(before, k)) out.push({ kind, field, change: 'added', after: after[k] });
    else if (!same(before[k], after[k])) out.push({ kind, field, change: 'changed', before: before[k], after: after[k] });
  }
  for (const k of Object.keys(before).sort()) if (!Object.hasOwn(after, k)) out.push({ kind, field: `${prefix}.${k}`, change: 'removed', before: before[k] });
}

function whole(kind: ManifestChangeKind, field: string, before: unknown, after: unknown, out: ManifestChange[]): void {
  if (same(before, after)) return;
  const change = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  out.push({ kind, field, change, before, after });
}

/** package.json changes that matter for risk, in a stable order. Version bumps and metadata are left out. */
export function diffManifests(a: PackageManifest | undefined, b: PackageManifest | undefined, gypBefore = false, gypAfter = false): ManifestChange[] {
  const out: ManifestChange[] = [];
  keyed('install-script', 'scripts', installScripts(a, gypBefore), installScripts(b, gypAfter), out);
  keyed('bin', 'bin', binMap(a), binMap(b), out);
  for (const f of ENTRY_FIELDS) whole('entry-point', f, a?.[f], b?.[f], out);
  whole('files', 'files', a?.files, b?.files, out);
  keyed('dependency', 'dependencies', record(a?.dependencies), record(b?.dependencies), out);
  keyed('optional-dependency', 'optionalDependencies', record(a?.optionalDependencies), record(b?.optionalDependencies), out);
  keyed('peer-dependency', 'peerDependencies', record(a?.peerDependencies), record(b?.peerDependencies), out);
  whole('bundled-dependencies', 'bundleDependencies', a?.bundleDependencies ?? a?.bundledDependencies, b?.bundleDependencies ?? b?.bundledDependencies, out);
  whole('publish-config', 'publishConfig', a?.publishConfig, b?.publishConfig, out);
  return out;
}
