import type { Artifact, RuleFinding, Severity } from '../types.js';
import type { ShipgateConfig } from '../policy/config.js';

/** What a rule gets besides the artifact: the resolved configuration (read-only). */
export interface RuleContext {
  config: ShipgateConfig;
}

/**
 * A rule is a pure function of what was read. It returns findings with the severity it
 * judges right; overrides, allowlists and `--fail-on` are applied later, once, by policy.
 */
export interface Rule {
  /** Stable id, also the docs page name: `docs/rules/<id>.md`. */
  id: string;
  /** The severity of this rule's most typical finding, shown in docs and SARIF. */
  defaultSeverity: Severity;
  /** One line: why this rule exists. */
  rationale: string;
  check(artifact: Artifact, context: RuleContext): RuleFinding[];
}

export function docsUrl(ruleId: string): string {
  return `https://github.com/shipgate/shipgate/blob/main/docs/rules/${ruleId}.md`;
}
