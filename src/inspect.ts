// The library's front door: read an artifact once, run every rule, apply policy once, build the report.
import { ArtifactCollector, type SecretEngine } from './analyzers/collector.js';
import { computeExposure } from './analyzers/exposure.js';
import { defaultConfig, type ShipgateConfig } from './policy/config.js';
import { applyPolicy, countBySeverity, failsAt } from './policy/policy.js';
import { readMemoryTree, type MemoryEntry } from './readers/memory.js';
import { readTarball } from './readers/tarball.js';
import type { ReadSummary } from './readers/visitor.js';
import type { Report } from './report.js';
import { RULES, type Rule } from './rules/index.js';
import * as secretEngine from './secrets/index.js';
import type { Artifact, LifecycleInfo, RuleFinding, SourceTreeFacts } from './types.js';
import { shipgateRoot } from './util/package-root.js';

export interface InspectOptions {
  config?: ShipgateConfig;
  /** Secret engine to use; `false` turns secret scanning off (tests of other rules). */
  secrets?: SecretEngine | false;
  /** Label for the artifact in the report (defaults to the file path). */
  target?: string;
  sourceTree?: SourceTreeFacts;
  lifecycle?: LifecycleInfo;
}

function collectorFor(options: InspectOptions): ArtifactCollector {
  const config = options.config ?? defaultConfig();
  return new ArtifactCollector({ limits: config.limits, secrets: options.secrets === false ? undefined : (options.secrets ?? secretEngine) });
}

function assemble(collector: ArtifactCollector, summary: ReadSummary, target: string, options: InspectOptions, packed: boolean): Artifact {
  return {
    target,
    format: 'npm-tarball',
    integrity: packed ? summary.integrity : undefined,
    packedSize: packed ? summary.packedSize : undefined,
    unpackedSize: collector.files.reduce((n, f) => (f.depth === 0 ? n + f.size : n), 0),
    rootPrefix: summary.rootPrefix,
    files: collector.files,
    manifest: collector.manifest,
    manifestError: collector.manifestError,
    anomalies: collector.anomalies,
    sourceTree: options.sourceTree,
    lifecycle: options.lifecycle,
  };
}

/** Read a .tgz/.tar as a stream and gather every fact the rules need. */
export async function inspectTarball(file: string, options: InspectOptions = {}): Promise<Artifact> {
  const config = options.config ?? defaultConfig();
  const collector = collectorFor(options);
  const summary = await readTarball(file, collector, { limits: config.limits, stripTop: true, label: options.target ?? file });
  await collector.finish();
  return assemble(collector, summary, options.target ?? file, options, true);
}

/** The same facts from an in-memory tree (path → content): for tests and embedders. */
export async function inspectTree(tree: Record<string, MemoryEntry>, options: InspectOptions = {}): Promise<Artifact> {
  const collector = collectorFor(options);
  const summary = readMemoryTree(tree, collector);
  await collector.finish();
  return assemble(collector, summary, options.target ?? '<memory>', options, false);
}

export function runRules(artifact: Artifact, config: ShipgateConfig, rules: readonly Rule[] = RULES): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const rule of rules) {
    if (config.rules[rule.id] === 'off') continue;
    findings.push(...rule.check(artifact, { config }));
  }
  return findings;
}

/** Rules, then policy once, then the report every reporter renders. */
export function evaluate(artifact: Artifact, config: ShipgateConfig, now: Date = new Date()): Report {
  const { findings, suppressed, notes } = applyPolicy(runRules(artifact, config), config, now);
  const exposure = computeExposure(artifact);
  const top = artifact.files.filter((f) => f.depth === 0);
  return {
    schemaVersion: 1,
    tool: { name: 'shipgate', version: shipgateRoot().version },
    target: artifact.target,
    name: typeof artifact.manifest?.name === 'string' ? artifact.manifest.name : undefined,
    version: typeof artifact.manifest?.version === 'string' ? artifact.manifest.version : undefined,
    integrity: artifact.integrity,
    packedSize: artifact.packedSize,
    unpackedSize: artifact.unpackedSize,
    entryCount: top.length,
    files: top.map((f) => ({ path: f.path, size: f.size, type: f.type })),
    lifecycle: artifact.lifecycle,
    exposure: { maps: exposure.maps.length, files: exposure.files, lines: exposure.lines },
    failOn: config.failOn,
    findings,
    suppressed,
    summary: countBySeverity(findings),
    passed: !failsAt(findings, config.failOn),
    notes,
  };
}
