import type { JobModel, PermissionsModel } from '../model.js';
import type { CheckFinding, WorkflowCheck, WorkflowContext } from './check.js';

const NPM_AUDIENCE = 'npm:registry.npmjs.org';

/** The permissions a job runs with: its own block replaces the workflow's entirely. */
export function effectivePermissions(ctx: WorkflowContext, job: JobModel): PermissionsModel | undefined {
  return job.permissions ?? ctx.workflow.permissions;
}

export function grantsIdToken(perms: PermissionsModel | undefined): boolean {
  if (!perms) return false; // the default GITHUB_TOKEN permissions never include id-token
  if (perms.shorthand === 'write-all') return true;
  return perms.scopes.get('id-token')?.value === 'write';
}

export const idTokenPermission: WorkflowCheck = {
  id: 'workflow-id-token-permission',
  defaultSeverity: 'warning',
  rationale:
    'Trusted publishing and provenance both need an OIDC token; without `id-token: write` (GitHub) or an `id_tokens` entry ' +
    'for npm (GitLab) the job cannot drop its long-lived token, and a tokenless job fails to publish.',
  check(ctx) {
    const out: CheckFinding[] = [];
    if (ctx.workflow.provider === 'gitlab-ci') {
      for (const job of ctx.publishingJobs) {
        if (job.idTokens.some((t) => t.aud.includes(NPM_AUDIENCE))) continue;
        const wrongAud = job.idTokens.find((t) => t.name === 'NPM_ID_TOKEN');
        out.push({
          severity: 'warning',
          line: wrongAud?.line ?? job.line,
          message: wrongAud
            ? `Publishing job "${job.id}" defines NPM_ID_TOKEN with aud ${JSON.stringify(wrongAud.aud.join(', '))}; npm only accepts "${NPM_AUDIENCE}".`
            : `Publishing job "${job.id}" has no \`id_tokens\` entry for npm, so it cannot use trusted publishing or provenance.`,
          fix: `Add \`id_tokens: { NPM_ID_TOKEN: { aud: "${NPM_AUDIENCE}" }, SIGSTORE_ID_TOKEN: { aud: sigstore } }\` to the job.`,
          job,
          detail: 'id_tokens',
        });
      }
      return out;
    }
    for (const job of [...ctx.publishingJobs, ...ctx.callingJobs]) {
      const perms = effectivePermissions(ctx, job);
      if (grantsIdToken(perms)) continue;
      const calling = ctx.callingJobs.includes(job);
      const where = job.permissions
        ? 'its `permissions:` block does not grant `id-token: write`'
        : perms
          ? 'it inherits workflow-level `permissions:` without `id-token: write`'
          : 'no `permissions:` block grants it, and the default token never has `id-token: write`';
      out.push({
        severity: 'warning',
        line: job.permissions?.line ?? job.line,
        message: calling
          ? `Job "${job.id}" calls a publishing workflow but ${where}; the called workflow cannot get more than its caller grants.`
          : `Publishing job "${job.id}" cannot request an OIDC token: ${where}. Trusted publishing and provenance need it.`,
        fix: 'Add `permissions: { contents: read, id-token: write }` to this job (job level, not workflow level).',
        job,
        detail: 'id-token',
      });
    }
    return out;
  },
};
