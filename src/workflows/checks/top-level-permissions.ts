import { hasPublishing, type WorkflowCheck } from './check.js';

export const topLevelPermissions: WorkflowCheck = {
  id: 'workflow-top-level-permissions',
  defaultSeverity: 'warning',
  rationale:
    'Write scopes granted at workflow level reach every job, including ones that run untrusted dependency code; ' +
    'grant them only to the job that needs them. Info when the workflow has a single job (same effect today).',
  check(ctx) {
    const perms = ctx.workflow.permissions;
    if (!perms || !hasPublishing(ctx)) return [];
    const writes =
      perms.shorthand === 'write-all' ? ['write-all'] : [...perms.scopes].filter(([, level]) => level.value === 'write').map(([scope]) => scope);
    if (writes.length === 0) return [];
    const single = ctx.workflow.jobs.length <= 1;
    return [
      {
        severity: single ? 'info' : 'warning',
        line: perms.line,
        message:
          `Workflow-level \`permissions:\` grants ${writes.map((w) => (w === 'write-all' ? 'write-all' : `${w}: write`)).join(', ')} to every job` +
          (single ? ' (only one job today, but any job added later inherits it).' : ` (${ctx.workflow.jobs.length} jobs).`),
        fix: 'Set workflow-level `permissions: { contents: read }` (or `{}`) and grant write scopes such as `id-token: write` in the publishing job only.',
        detail: 'permissions',
        data: { scopes: writes },
      },
    ];
  },
};
