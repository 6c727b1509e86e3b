import type { CheckFinding, WorkflowCheck } from './check.js';

/** Triggers that run with the base repository's secrets on behalf of code the maintainers did not review. */
const DANGEROUS: Readonly<Record<string, string>> = {
  pull_request_target: 'runs with secrets and a write token for pull requests from forks',
  workflow_run: 'runs with secrets after another workflow, often one that a fork\'s pull request triggered',
};

export const dangerousTrigger: WorkflowCheck = {
  id: 'workflow-dangerous-trigger',
  defaultSeverity: 'error',
  rationale:
    'A publishing job in a workflow that pull_request_target or workflow_run can start is one step from publishing attacker-controlled code; ' +
    'releases must only be reachable from trusted events (tags, releases, protected branches, manual dispatch).',
  check(ctx) {
    if (ctx.workflow.provider !== 'github-actions') return [];
    const jobs = [...ctx.publishingJobs, ...ctx.callingJobs];
    if (jobs.length === 0) return [];
    const out: CheckFinding[] = [];
    for (const trigger of ctx.workflow.triggers) {
      const why = DANGEROUS[trigger.value];
      if (!why) continue;
      out.push({
        severity: 'error',
        line: trigger.line,
        message: `\`${trigger.value}\` triggers a workflow with publishing job(s) ${jobs.map((j) => `"${j.id}"`).join(', ')}; it ${why}.`,
        fix: 'Move publishing to its own workflow triggered by `push: tags`, `release: published` or `workflow_dispatch`, and keep this trigger for unprivileged jobs.',
        detail: trigger.value,
        data: { trigger: trigger.value, jobs: jobs.map((j) => j.id) },
      });
    }
    return out;
  },
};
