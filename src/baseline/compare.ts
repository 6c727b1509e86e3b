// What `shipgate diff` reports, as data: the structural diff, the findings new in b, and the
// baseline rule's verdict after policy. Pure: both artifacts are already read.
import { runRules } from '../inspect.js';
import type { ShipgateConfig } from '../policy/config.js';
import { applyPolicy, failsAt } from '../policy/policy.js';
import type { Artifact, Finding, Severity } from '../types.js';
import { diffArtifacts, type ArtifactDiff } from './diff.js';

export interface SideSummary {
  /** What the user wrote. */
  target: string;
  label: string;
  name?: string;
  version?: string;
  integrity?: string;
  packedSize?: number;
  unpackedSize: number;
  files: number;
}

export interface Comparison extends ArtifactDiff {
  schemaVersion: 1;
  a: SideSummary;
  b: SideSummary;
  /** Findings of every other rule that b has and a does not (compared by fingerprint). */
  newFindings: Finding[];
  /** The baseline rule's findings for b against a, after severity overrides and allow entries. */
  changes: Finding[];
  failOn: Severity;
  /** Something at or above `failOn` changed: the diff exits 1. */
  risky: boolean;
  notes: string[];
}

/** Rules that describe the change itself, not the artifact. */
const CHANGE_RULES = new Set(['baseline', 'approved-manifest']);

export function summarise(artifact: Artifact, target: string): SideSummary {
  const m = artifact.manifest;
  return {
    target,
    label: artifact.target,
    name: typeof m?.name === 'string' ? m.name : undefined,
    version: typeof m?.version === 'string' ? m.version : undefined,
    integrity: artifact.integrity,
    packedSize: artifact.packedSize,
    unpackedSize: artifact.unpackedSize,
    files: artifact.files.filter((f) => f.depth === 0 && f.type !== 'directory').length,
  };
}

export function compareArtifacts(a: Artifact, b: Artifact, config: ShipgateConfig, failOn: Severity, targets: { a: string; b: string }, now = new Date()): Comparison {
  const before = applyPolicy(runRules({ ...a, baseline: undefined, approved: undefined }, config), config, now);
  const after = applyPolicy(runRules({ ...b, approved: undefined, baseline: { target: targets.a, label: a.target, artifact: a } }, config), config, now);
  const known = new Set([...before.findings, ...before.suppressed.map((s) => s.finding)].map((f) => f.fingerprint));
  const newFindings = after.findings.filter((f) => !CHANGE_RULES.has(f.rule) && !known.has(f.fingerprint));
  const changes = after.findings.filter((f) => f.rule === 'baseline');
  return {
    schemaVersion: 1,
    a: summarise(a, targets.a),
    b: summarise(b, targets.b),
    ...diffArtifacts(a, b),
    newFindings,
    changes,
    failOn,
    risky: failsAt([...newFindings, ...changes], failOn),
    notes: after.notes,
  };
}
