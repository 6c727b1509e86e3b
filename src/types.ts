// The shared vocabulary of shipgate: what readers produce, what rules consume, what
// reporters render. Everything here is plain data so every layer can be tested alone.

export type Severity = 'error' | 'warning' | 'info';

/** Ordered from least to most severe; index is the rank. */
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(v: unknown): v is Severity {
  return v === 'error' || v === 'warning' || v === 'info';
}

/**
 * One problem found in an artifact. Findings are data: wording is in `message`,
 * everything a reporter may need to render or group them is a field.
 */
export interface Finding {
  /** Stable rule id, e.g. `source-maps`. */
  rule: string;
  severity: Severity;
  /** POSIX path inside the package (`dist/cli.js`), nested members as `a.zip!x/y`; `''` for the artifact as a whole. */
  path: string;
  message: string;
  line?: number;
  column?: number;
  /** For findings inside a source map's `sourcesContent`: the original source's name. */
  source?: string;
  /** Short, already-redacted evidence. Never a secret in full. */
  evidence?: string;
  /** Stable id for allowlisting: same problem, same fingerprint, across runs. */
  fingerprint: string;
  /** Rule-specific structured facts (exposure counts, sizes, detector ids...). */
  data?: Record<string, unknown>;
}

/** What a rule returns: a finding before the fingerprint default is filled in. */
export type RuleFinding = Omit<Finding, 'fingerprint'> & { fingerprint?: string };

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** Header of one entry as a reader sees it, before its bytes. */
export interface EntryHeader {
  /** Normalised POSIX path relative to the package root; nested members are `outer.zip!inner/path`. */
  path: string;
  /** The path exactly as stored in the archive. */
  rawPath: string;
  type: EntryType;
  /** Content size in bytes (0 for non-files). */
  size: number;
  mode?: number;
  linkTarget?: string;
  /** 0 for the top-level artifact, 1 for members of an archive inside it, ... */
  depth: number;
  /** Path of the archive entry this member came from (depth > 0 only). */
  container?: string;
}

export type ReadAnomalyKind =
  | 'path-traversal'
  | 'absolute-path'
  | 'symlink'
  | 'hardlink'
  | 'special-entry'
  | 'duplicate-path'
  | 'size-mismatch'
  | 'no-common-root'
  | 'nested-archive-skipped'
  | 'nested-archive-corrupt'
  | 'entry-not-inspected';

/** Something odd the reader saw in the archive structure itself. Rules turn these into findings. */
export interface ReadAnomaly {
  kind: ReadAnomalyKind;
  path: string;
  detail: string;
}

/** A `sourceMappingURL` comment found in a generated file. */
export interface SourceMapRef {
  /** The URL as written (data URLs are shortened). */
  url: string;
  inline: boolean;
  /** 1-based line of the comment. */
  line: number;
  /** For external refs: the resolved path inside the package, or undefined for remote/absolute URLs. */
  resolved?: string;
  /** `//@` or `/*@` — the deprecated form. */
  legacy: boolean;
}

/** What shipgate learned about one original source listed in a source map. */
export interface MapSource {
  /** The entry of `sources` as written (null entries become `''`). */
  name: string;
  /** `sourceRoot` + name resolved against the map's directory; undefined for URLs. */
  resolvedPath?: string;
  /** Present when `sourcesContent` holds this source's text. */
  content?: {
    /** sha256 hex of the UTF-8 bytes of the content. */
    sha256: string;
    bytes: number;
    lines: number;
  };
}

/** Facts about one source map (an external `.map` file or an inline data: map). */
export interface SourceMapFacts {
  /** Where the map lives: `dist/cli.js.map`, or `dist/cli.js` for an inline map. */
  path: string;
  inline: boolean;
  /** A parse error, when the map is not valid JSON or not a source map. */
  error?: string;
  sourceRoot?: string;
  /** Number of sections, for index maps. */
  sections: number;
  sources: MapSource[];
}

/** A secret candidate as the secret engine reports it: already redacted and fingerprinted. */
export interface SecretHit {
  detector: string;
  description: string;
  severity: Severity;
  line: number;
  column: number;
  /** e.g. `ghp_…(40 chars)`; never the value in full. */
  redacted: string;
  /** Stable hash of detector id + value. */
  fingerprint: string;
  /** true: checksum verified; false: checksum failed; undefined: format has no checksum. */
  validated?: boolean;
  rotationUrl?: string;
  /** Original source name, when found inside a map's `sourcesContent`. */
  source?: string;
}

/** One file (or link, or directory) of an artifact with what was learned from its bytes. */
export interface ArtifactFile extends EntryHeader {
  /** sha256 hex of the content, for files whose content was read in full. */
  sha256?: string;
  /** Content sniffing said text. */
  text: boolean;
  /** Line count for text files. */
  lines?: number;
  /** First bytes, for rules that look at magic numbers (at most 512). */
  head?: Uint8Array;
  /** The content was not fully inspected (over a limit). */
  uninspected?: string;
  sourceMapRefs: SourceMapRef[];
  /** Set when this file is a source map, or carries an inline one. */
  sourceMaps: SourceMapFacts[];
  secrets: SecretHit[];
  /** Set for archives whose members were listed into the scan. */
  archive?: { format: 'zip' | 'tar' | 'tgz'; members: number };
}

/** Files that drive npm packing but never ship (facts from the source directory, when packing one). */
export interface SourceTreeFacts {
  dir: string;
  hasNpmignore: boolean;
  hasGitignore: boolean;
}

export interface LifecycleInfo {
  /** Scripts npm ran while packing, in order. */
  ran: string[];
  /** Scripts defined but not run (ignore-scripts, or publish-only hooks). */
  skipped: string[];
  /** A sentence for humans. */
  note: string;
}

/** Everything read from one artifact. Rules are pure functions of this. */
export interface Artifact {
  /** What the user asked to scan (file path, directory, or spec). */
  target: string;
  format: 'npm-tarball';
  /** `sha512-...` of the packed bytes, when the artifact is a tarball. */
  integrity?: string;
  packedSize?: number;
  unpackedSize: number;
  /** The single top folder that was stripped (`package/`), or '' if none. */
  rootPrefix: string;
  files: ArtifactFile[];
  /** Parsed root `package.json`, if present and valid. */
  manifest?: PackageManifest;
  /** Why `package.json` could not be used, if so. */
  manifestError?: string;
  anomalies: ReadAnomaly[];
  sourceTree?: SourceTreeFacts;
  lifecycle?: LifecycleInfo;
  /** The release to compare with (`--baseline`), filled in before rules run; absent when none was asked for. */
  baseline?: BaselineFacts;
  /** The reviewed file list (`shipgate.manifest.json`), filled in before rules run; absent when there is none. */
  approved?: ApprovedFacts;
}

/** The baseline artifact, or why there is none (a package never published is not an error). */
export type BaselineFacts =
  | { /** What the user asked for (`latest`, `pkg@1.2.3`, a path). */ target: string; /** What it resolved to, e.g. `pkg@1.2.3 (https://registry…)`. */ label: string; artifact: Artifact }
  | { target: string; /** One sentence: why there is no baseline. */ missing: string };

/** One file as approved by a person: `shipgate approve` writes these. */
export interface ApprovedFile {
  path: string;
  size: number;
  sha256: string;
}

/** `shipgate.manifest.json`: every file of a reviewed tarball. */
export interface ApprovedManifest {
  package: string;
  version: string;
  files: ApprovedFile[];
}

export interface ApprovedFacts {
  manifest: ApprovedManifest;
  /** The file it was read from, for messages. */
  source: string;
}

/** The fields of package.json shipgate reads; the rest is kept as unknown. */
export interface PackageManifest {
  name?: string;
  version?: string;
  main?: unknown;
  bin?: unknown;
  exports?: unknown;
  browser?: unknown;
  module?: unknown;
  types?: unknown;
  typings?: unknown;
  files?: unknown;
  scripts?: Record<string, unknown>;
  publishConfig?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  bundleDependencies?: unknown;
  bundledDependencies?: unknown;
  shipgate?: unknown;
  [key: string]: unknown;
}
