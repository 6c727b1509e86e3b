import { stepLabel } from '../model.js';
import { actionPath } from '../publishers.js';
import type { CheckFinding, WorkflowCheck } from './check.js';

export const checkoutCredentials: WorkflowCheck = {
  id: 'workflow-checkout-credentials',
  defaultSeverity: 'warning',
  rationale:
    'actions/checkout leaves the job token in .git/config by default, readable by every later step, including install scripts of ' +
    'dependencies and the package\'s own lifecycle scripts during publish.',
  check(ctx) {
    if (ctx.workflow.provider !== 'github-actions') return [];
    const out: CheckFinding[] = [];
    for (const job of ctx.releaseJobs) {
      for (const step of job.steps) {
        if (!step.uses || actionPath(step.uses.value) !== 'actions/checkout') continue;
        if (step.with.get('persist-credentials')?.value === 'false') continue;
        out.push({
          severity: 'warning',
          line: step.uses.line,
          message: `actions/checkout in release job "${job.id}", ${stepLabel(step)}, persists the GitHub token in .git/config for the rest of the job.`,
          fix: 'Add `with: { persist-credentials: false }`; if a later step must push (tags, changelog), give that step the token explicitly.',
          job,
          step,
          detail: 'persist-credentials',
        });
      }
    }
    return out;
  },
};
