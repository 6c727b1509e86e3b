import type { RuleDescriptor } from '../report.js';
import { approvedManifestRule } from './approved-manifest.js';
import { archiveEntriesRule } from './archive-entries.js';
import { baselineRule } from './baseline.js';
import { filesAllowlistRule } from './files-allowlist.js';
import { forbiddenPathsRule } from './forbidden-paths.js';
import { manifestRule } from './manifest.js';
import { nestedArchivesRule } from './nested-archives.js';
import { docsUrl, type Rule } from './rule.js';
import { secretsRule } from './secrets.js';
import { sizeRule } from './size.js';
import { sourceMapsRule } from './source-maps.js';

/** Every artifact rule, registered by id. Order is the order findings are produced in. */
export const RULES: readonly Rule[] = [
  sourceMapsRule,
  secretsRule,
  forbiddenPathsRule,
  manifestRule,
  filesAllowlistRule,
  sizeRule,
  archiveEntriesRule,
  nestedArchivesRule,
  baselineRule,
  approvedManifestRule,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleDescriptors(): RuleDescriptor[] {
  return RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, rationale: r.rationale, helpUri: docsUrl(r.id) }));
}

export type { Rule, RuleContext } from './rule.js';
