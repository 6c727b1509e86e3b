import type { Severity } from '../types.js';

export type RuleSetting = Severity | 'off';

/** Source-map policy: `deny` any map; `no-sources` (default) only maps that expose unshipped source; `allow` all. */
export type SourceMapPolicy = 'deny' | 'no-sources' | 'allow';

export interface AllowEntry {
  /** Glob over artifact paths (picomatch, dot files matched). */
  path?: string;
  /** Rule id this entry applies to; any rule when absent. */
  rule?: string;
  /** Exact finding fingerprint (e.g. one known secret value, without writing it down). */
  fingerprint?: string;
  /** Why this is acceptable. Required. */
  reason: string;
  /** ISO date (YYYY-MM-DD); after it the allow stops applying and the finding returns. */
  until?: string;
}

export interface ForbiddenPathRow {
  id: string;
  /** picomatch globs over artifact paths. */
  patterns: string[];
  except?: string[];
  severity: Severity;
  reason: string;
}

export interface Limits {
  /** Abort when the archive holds more entries than this. */
  maxEntries: number;
  /** Abort when decompressed bytes exceed this (gzip bombs). */
  maxUnpackedBytes: number;
  /** Abort when unpacked/packed exceeds this ratio, once past 64 MiB unpacked. */
  maxCompressionRatio: number;
  /** Text content larger than this is not scanned for secrets and references. */
  maxTextBytes: number;
  /** Source maps larger than this are not parsed. */
  maxSourceMapBytes: number;
  /** Nested archives larger than this are not opened. */
  maxNestedArchiveBytes: number;
  /** How deep archives inside archives are opened (1 = archives inside the package). */
  maxNestedDepth: number;
  /** Members of one nested archive beyond this are not listed. */
  maxNestedEntries: number;
  /** A nested member whose declared unpacked/packed ratio exceeds this is not opened. */
  maxNestedRatio: number;
}

export interface SizeBudgets {
  maxPackedBytes?: number;
  maxUnpackedBytes?: number;
  maxFileBytes: number;
}

/** Thresholds for comparing with a baseline release (`--baseline`, `shipgate diff`). */
export interface BaselineSettings {
  /** Unpacked growth beyond this percentage of the baseline is a finding. */
  maxGrowthPercent: number;
  /** Unpacked growth beyond this many bytes is a finding, whatever the percentage. */
  maxGrowthBytes: number;
  /** Growth smaller than this is never a finding (a 2 kB package growing by 1 kB is not news). */
  minGrowthBytes: number;
}

export interface ShipgateConfig {
  failOn: Severity;
  rules: Record<string, RuleSetting>;
  sourceMaps: SourceMapPolicy;
  allow: AllowEntry[];
  /** Replaces rows of the default forbidden-path table by id (`off` removes a row). */
  forbiddenPaths: { rows: Record<string, Severity | 'off'>; add: ForbiddenPathRow[] };
  size: SizeBudgets;
  baseline: BaselineSettings;
  limits: Limits;
  /** Registries `publishConfig.registry` may point at without a warning. */
  registries: string[];
  /** Where the config came from, for messages. */
  origin?: string;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = {
  maxEntries: 200_000,
  maxUnpackedBytes: 1024 * MiB,
  maxCompressionRatio: 200,
  maxTextBytes: 64 * MiB,
  maxSourceMapBytes: 1024 * MiB,
  maxNestedArchiveBytes: 64 * MiB,
  maxNestedDepth: 3,
  maxNestedEntries: 20_000,
  maxNestedRatio: 200,
};

export const DEFAULT_BASELINE: BaselineSettings = {
  maxGrowthPercent: 25,
  maxGrowthBytes: 5_000_000,
  minGrowthBytes: 10_000,
};

export function defaultConfig(): ShipgateConfig {
  return {
    failOn: 'error',
    rules: {},
    sourceMaps: 'no-sources',
    allow: [],
    forbiddenPaths: { rows: {}, add: [] },
    size: { maxFileBytes: 10 * MiB },
    baseline: { ...DEFAULT_BASELINE },
    limits: { ...DEFAULT_LIMITS },
    registries: ['https://registry.npmjs.org/', 'https://npm.pkg.github.com/'],
  };
}
