import type { EnvEntry, JobModel, WorkflowModel } from '../model.js';
import { PUBLISHERS, type PublishStep } from '../publishers.js';
import { usesLongLivedToken, type CheckFinding, type WorkflowCheck, type WorkflowContext } from './check.js';

function envProvenance(entries: EnvEntry[]): boolean | undefined {
  const e = [...entries].reverse().find((x) => x.name.toUpperCase() === 'NPM_CONFIG_PROVENANCE');
  if (!e) return undefined;
  return e.value.trim().toLowerCase() === 'true' ? true : e.value.trim().toLowerCase() === 'false' ? false : undefined;
}

/** Provenance as configured for one publish: true, false (explicitly off), or undefined (not asked for). */
function provenanceSetting(ctx: WorkflowContext, workflow: WorkflowModel, job: JobModel, p: PublishStep): boolean | undefined {
  if (p.publisher === 'js-devtools-npm-publish') {
    const v = p.step.with.get('provenance')?.value;
    return v === 'true' ? true : v === 'false' ? false : undefined;
  }
  if (p.provenanceFlag !== undefined) return p.provenanceFlag;
  const fromEnv = envProvenance([...workflow.env, ...job.env, ...p.step.env]);
  if (fromEnv !== undefined) return fromEnv;
  return ctx.manifest?.provenance;
}

export const provenance: WorkflowCheck = {
  id: 'workflow-provenance',
  defaultSeverity: 'info',
  rationale:
    'Provenance links the published version to its source commit and workflow. Trusted publishing adds it automatically (public repository, ' +
    'public package); token-based publishes only get it when asked. Info: useful, not a hole.',
  check(ctx) {
    const out: CheckFinding[] = [];
    const seen = new Set<JobModel>();
    for (const p of ctx.publishSteps) {
      const info = PUBLISHERS[p.publisher];
      if (seen.has(p.job) || !(info.npmProvenanceConfig || p.publisher === 'js-devtools-npm-publish')) continue;
      seen.add(p.job);
      const setting = provenanceSetting(ctx, ctx.workflow, p.job, p);
      const token = usesLongLivedToken(ctx, p.job);
      if (setting === true || (setting === undefined && !token)) continue;
      const gitlab = ctx.workflow.provider === 'gitlab-ci';
      out.push({
        severity: 'info',
        line: p.line,
        message:
          setting === false
            ? `Job "${p.job.id}" turns provenance off for ${info.label}.`
            : `Job "${p.job.id}" publishes with a token and without provenance (${info.label}); consumers cannot verify where the package was built.`,
        fix:
          setting === false
            ? 'Remove the setting that disables provenance (`--provenance=false`, NPM_CONFIG_PROVENANCE=false, publishConfig.provenance: false).'
            : gitlab
              ? 'Move to trusted publishing (provenance is then automatic), or add `--provenance` and a `SIGSTORE_ID_TOKEN` (aud: sigstore) id token.'
              : 'Move to trusted publishing (provenance is then automatic), or add `--provenance` (or NPM_CONFIG_PROVENANCE: true) with `id-token: write`.',
        job: p.job,
        step: p.step,
        detail: 'provenance',
        data: { provenance: setting ?? null },
      });
    }
    return out;
  },
};
