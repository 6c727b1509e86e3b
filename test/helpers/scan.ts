import { inspectTree, evaluate, runRules } from '../../src/inspect.js';
import { defaultConfig, type ShipgateConfig } from '../../src/policy/config.js';
import type { MemoryEntry } from '../../src/readers/memory.js';
import type { Rule } from '../../src/rules/rule.js';
import type { Artifact, Finding, RuleFinding } from '../../src/types.js';

export const PKG = JSON.stringify({ name: 'pkg', version: '1.0.0', files: ['dist'] });

export function config(overrides: Partial<ShipgateConfig> = {}): ShipgateConfig {
  return { ...defaultConfig(), ...overrides };
}

/** Facts of an in-memory package (secret scanning on unless turned off). */
export function artifactOf(tree: Record<string, MemoryEntry>, cfg: ShipgateConfig = config(), secrets = true): Promise<Artifact> {
  return inspectTree(tree, { config: cfg, secrets: secrets ? undefined : false });
}

/** One rule over an in-memory tree: sorted `severity rule path` lines, the shape table tests compare. */
export async function ruleRows(rule: Rule, tree: Record<string, MemoryEntry>, cfg: ShipgateConfig = config()): Promise<string[]> {
  const artifact = await artifactOf(tree, cfg, rule.id === 'secrets');
  return rows(rule.check(artifact, { config: cfg }));
}

export function rows(findings: Array<RuleFinding | Finding>): string[] {
  return findings.map((f) => `${f.severity} ${f.rule} ${f.path}`).sort();
}

export async function reportOf(tree: Record<string, MemoryEntry>, cfg: ShipgateConfig = config()) {
  const artifact = await artifactOf(tree, cfg);
  return { artifact, report: evaluate(artifact, cfg), raw: runRules(artifact, cfg) };
}
