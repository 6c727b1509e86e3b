import type { Finding, LifecycleInfo, Severity } from './types.js';

/** A finding an allow entry suppressed, with the reason the user gave. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  until?: string;
}

/** Summary of what source maps expose, across the artifact. */
export interface ExposureSummary {
  maps: number;
  /** Original files whose content is embedded and not otherwise shipped. */
  files: number;
  lines: number;
}

/** The result of one scan, as every reporter renders it. The JSON reporter prints it as is. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'shipgate'; version: string };
  /** What was scanned: a tarball path, a directory, or a registry spec. */
  target: string;
  name?: string;
  version?: string;
  /** sha512 SRI of the exact bytes inspected. */
  integrity?: string;
  packedSize?: number;
  unpackedSize: number;
  entryCount: number;
  files: Array<{ path: string; size: number; type: string }>;
  lifecycle?: LifecycleInfo;
  exposure: ExposureSummary;
  failOn: Severity;
  /** Findings after policy, most severe first, then by path. */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  summary: Record<Severity, number>;
  /** true when no finding is at or above `failOn`. */
  passed: boolean;
  /** Extra notes for humans (allow entries that expired, config hints). */
  notes: string[];
}

/** Rule metadata reporters may need (SARIF driver rules, JUnit test cases). */
export interface RuleDescriptor {
  id: string;
  defaultSeverity: Severity;
  rationale: string;
  helpUri: string;
}

export interface RenderOptions {
  color: boolean;
  rules: RuleDescriptor[];
}

/** One output format. One file per reporter, registered by name in reporters/index.ts. */
export interface Reporter {
  name: string;
  render(report: Report, options: RenderOptions): string;
}
