// Every workflow check, registered by id. Order here is the order in docs/workflows.md.
import type { Severity } from '../../types.js';
import type { WorkflowCheck } from './check.js';
import { checkoutCredentials } from './checkout-credentials.js';
import { dangerousTrigger } from './dangerous-trigger.js';
import { idTokenPermission } from './id-token-permission.js';
import { longLivedToken } from './long-lived-token.js';
import { noPackInspection } from './no-pack-inspection.js';
import { npmVersion } from './npm-version.js';
import { provenance } from './provenance.js';
import { releaseCache } from './release-cache.js';
import { topLevelPermissions } from './top-level-permissions.js';
import { unpinnedAction } from './unpinned-action.js';

export const CHECKS: readonly WorkflowCheck[] = [
  longLivedToken,
  idTokenPermission,
  topLevelPermissions,
  unpinnedAction,
  dangerousTrigger,
  releaseCache,
  checkoutCredentials,
  npmVersion,
  noPackInspection,
  provenance,
];

/** Not a check over a parsed workflow: the audit reports it when a file cannot be parsed. */
export const PARSE_ERROR_CHECK = {
  id: 'workflow-parse-error',
  defaultSeverity: 'warning' as Severity,
  rationale:
    'A workflow shipgate cannot parse is a workflow it cannot audit; the CI system will most likely reject it too. ' +
    'Warning, not error: the file may be unused, and other files are still audited.',
};

/** Check ids, severities and reasons, for SARIF rule lists and docs. */
export const WORKFLOW_CHECKS: ReadonlyArray<{ id: string; defaultSeverity: Severity; rationale: string }> = [
  ...CHECKS.map(({ id, defaultSeverity, rationale }) => ({ id, defaultSeverity, rationale })),
  PARSE_ERROR_CHECK,
];

export type { WorkflowCheck, WorkflowContext, CheckFinding } from './check.js';
