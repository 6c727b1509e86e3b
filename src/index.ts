// shipgate's library API. It never prints and never exits; the CLI (bin/shipgate.js) does.
export { evaluate, inspectTarball, inspectTree, runRules, type InspectOptions } from './inspect.js';
export { packWithNpm, type PackResult, type PackOptions } from './packers/npm.js';
export { loadConfig, fromObject as configFromObject } from './policy/load.js';
export { defaultConfig, DEFAULT_LIMITS, type ShipgateConfig, type AllowEntry, type Limits, type SourceMapPolicy } from './policy/config.js';
export { DEFAULT_FORBIDDEN_PATHS, type ForbiddenRow } from './policy/forbidden-paths.js';
export { applyPolicy, failsAt } from './policy/policy.js';
export { RULES, ruleDescriptors, type Rule, type RuleContext } from './rules/index.js';
export { REPORTERS } from './reporters/index.js';
export { computeExposure } from './analyzers/exposure.js';
export { ShipgateError } from './errors.js';
export type { Report, Reporter, RenderOptions, RuleDescriptor, SuppressedFinding, ExposureSummary } from './report.js';
export type * from './types.js';

// The engines behind the other commands, namespaced.
export * as baseline from './baseline/index.js';
export * as publishing from './publish/index.js';
export * as workflows from './workflows/index.js';
export * as history from './history/index.js';
export * as incident from './incident/index.js';
export { verifyVersion, type VerifyOptions, type VerifyResult } from './registry/verify.js';
