// Public API of the CI workflow audit (`shipgate workflows`).
export { auditWorkflowFiles, workflowFingerprint, workflowKind, type PublishingJob, type WorkflowAudit, type WorkflowFile } from './audit.js';
export { auditRepository, loadWorkflowFiles } from './load.js';
export { WORKFLOW_CHECKS } from './checks/index.js';

/** Where a workflow check is documented. */
export function workflowDocsUrl(checkId: string): string {
  return `https://github.com/shipgate/shipgate/blob/main/docs/workflows.md#${checkId}`;
}
