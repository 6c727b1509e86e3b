import { stepLabel } from '../model.js';
import type { CheckFinding, WorkflowCheck } from './check.js';

export const longLivedToken: WorkflowCheck = {
  id: 'workflow-long-lived-token',
  defaultSeverity: 'error',
  rationale:
    'A long-lived npm token in CI can be stolen and used to publish from anywhere until revoked; trusted publishing (OIDC) ' +
    'replaces it with a per-run credential. Error where trusted publishing is available, warning on self-hosted runners where it is not.',
  check(ctx) {
    const out: CheckFinding[] = [];
    const seen = new Set<number>();
    for (const use of ctx.tokens) {
      if (seen.has(use.line)) continue;
      seen.add(use.line);
      const job = use.job;
      const selfHosted = job.runsOn.some((l) => l.toLowerCase() === 'self-hosted') || (ctx.workflow.provider === 'gitlab-ci' && job.runsOn.length > 0);
      const where =
        use.scope === 'workflow' ? 'workflow-level env' : use.scope === 'job' ? `job "${job.id}" env` : `job "${job.id}", ${use.step ? stepLabel(use.step) : 'step'}`;
      const gitlab = ctx.workflow.provider === 'gitlab-ci';
      const secret = gitlab ? `CI/CD variable ${use.source}` : `secrets.${use.source}`;
      const what =
        use.scope === 'script'
          ? `the script reads ${secret}`
          : use.scope === 'input'
            ? `input "${use.name}" comes from ${secret}`
            : gitlab && use.source === use.name
              ? `variable ${use.name} holds a token`
              : `${use.name} comes from ${secret}`;
      out.push({
        severity: selfHosted ? 'warning' : 'error',
        line: use.line,
        message:
          `Long-lived npm token in a publishing job (${where}): ${what}.` +
          (selfHosted
            ? gitlab
              ? ' The job is pinned to specific runners (tags); trusted publishing works only on GitLab.com shared runners.'
              : ' The job runs on a self-hosted runner, where npm trusted publishing is not available yet.'
            : ''),
        fix: gitlab
          ? 'Configure a trusted publisher for the package on npmjs.com, add `id_tokens: NPM_ID_TOKEN: aud: "npm:registry.npmjs.org"` to the job, remove the token variable, then revoke the token.'
          : 'Configure a trusted publisher for the package on npmjs.com, give the job `permissions: id-token: write`, remove the token from env/.npmrc, publish with npm ≥ 11.5.1, then revoke the token.',
        job,
        ...(use.step ? { step: use.step } : {}),
        detail: `${use.scope}:${use.name}`,
        data: { variable: use.name, secret: use.source, scope: use.scope, selfHosted },
      });
    }
    return out;
  },
};
