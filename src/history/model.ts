// What `shipgate history` knows about each version of a package: plain data, rendered by the
// reporters in ./reporters and printed as is by `--format json`.
import type { SignatureStatus, ProvenanceStatus } from '../registry/verify.js';
import type { Finding, Severity } from '../types.js';

/** A credential found in a version, already redacted: never the value. */
export interface LeakedSecret {
  path: string;
  line?: number;
  /** Original source name, when the secret sits in a source map's `sourcesContent`. */
  source?: string;
  detector?: string;
  description: string;
  /** e.g. `npm_…(40 chars)`. */
  redacted: string;
  fingerprint: string;
  severity: Severity;
  /** false: checksum failed (probably not live); undefined: the format has no checksum. */
  validated?: boolean;
  /** Where the owner revokes or rotates it (from the detector table). */
  rotationUrl?: string;
}

export interface ForbiddenFile {
  path: string;
  severity: Severity;
  /** Forbidden-path table row, e.g. `env-file`. */
  row?: string;
  message: string;
}

/** One source map that embeds original source not shipped anyway. */
export interface ExposingMap {
  path: string;
  exposedFiles: number;
  exposedLines: number;
}

export interface VersionExposure {
  /** Source maps in the version (files and inline maps). */
  maps: number;
  /** Distinct original files exposed, and their lines. */
  files: number;
  lines: number;
  exposing: ExposingMap[];
}

/** What the inspection of one version's bytes found. */
export interface VersionInspection {
  /** sha512 of the bytes inspected (equals `dist.integrity`). */
  integrity?: string;
  /** The bytes came from the local cache rather than the registry. */
  fromCache: boolean;
  files: number;
  unpackedSize: number;
  packedSize?: number;
  exposure: VersionExposure;
  secrets: LeakedSecret[];
  forbidden: ForbiddenFile[];
  summary: Record<Severity, number>;
  /** No finding at or above the fail level. */
  passed: boolean;
  /** Every finding after policy, for JSON consumers. */
  findings: Finding[];
}

export type ProvenanceDeclared = 'present' | 'absent' | 'unknown';

export interface VersionProvenance {
  /** From the version document's `dist.attestations`: the registry lists a provenance attestation. */
  declared: ProvenanceDeclared;
  predicateType?: string;
  /** Only with `--verify`: the outcome of `verifyVersion`. */
  verified?: { passed: boolean; provenance?: ProvenanceStatus; signature?: SignatureStatus; problems: string[] };
}

/**
 * - `clean`: inspected, nothing at or above the fail level;
 * - `leaked`: inspected, at least one finding at or above the fail level;
 * - `error`: listed, but its bytes could not be fetched or read (see `error`);
 * - `gone`: unpublished, and no copy of its bytes is at hand.
 */
export type VersionStatus = 'clean' | 'leaked' | 'error' | 'gone';

/** How shipgate knows a version was unpublished. */
export type GoneEvidence = 'packument-time' | 'ledger';

export interface HistoryVersion {
  version: string;
  status: VersionStatus;
  /** Unpublished: the registry no longer serves it. An unpublished version may still be inspected from the cache. */
  unpublished: boolean;
  goneEvidence?: GoneEvidence;
  publishedAt?: string;
  prerelease: boolean;
  distTags: string[];
  /** The deprecation message, when the version is deprecated. */
  deprecated?: string;
  integrity?: string;
  provenance: VersionProvenance;
  inspection?: VersionInspection;
  /** Why the version could not be inspected. */
  error?: string;
}

export interface HistoryTotals {
  versions: number;
  inspected: number;
  clean: number;
  leaked: number;
  errors: number;
  gone: number;
  /** With `--verify`: versions whose verification failed. */
  unverified: number;
}

export interface HistoryResult {
  schemaVersion: 1;
  tool: { name: 'shipgate'; version: string };
  name: string;
  registry: string;
  /** The `--range` given, if any. */
  range?: string;
  failOn: Severity;
  distTags: Record<string, string>;
  /** Oldest first, by semver. */
  versions: HistoryVersion[];
  totals: HistoryTotals;
  cache: { dir: string; hits: number; downloads: number };
  /** true when no version leaked (and, with `--verify`, every version verified). */
  passed: boolean;
  notes: string[];
}
