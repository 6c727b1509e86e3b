import type { Located, StepModel } from '../model.js';
import { stepLabel } from '../model.js';
import type { CheckFinding, WorkflowCheck } from './check.js';

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** Why a `uses:` reference is mutable, or undefined when it is immutable (or local). */
export function unpinnedReason(uses: string): string | undefined {
  if (uses.startsWith('./') || uses.startsWith('.\\')) return undefined;
  if (uses.startsWith('docker://')) {
    return /@sha256:[0-9a-f]{64}$/i.test(uses) ? undefined : 'a Docker image by tag, not by digest';
  }
  const at = uses.lastIndexOf('@');
  if (at === -1) return 'no ref at all (the default branch)';
  const ref = uses.slice(at + 1);
  if (FULL_SHA.test(ref)) return undefined;
  if (/^[0-9a-f]{7,39}$/i.test(ref)) return `a short SHA (${ref}), which can be made ambiguous`;
  if (/^v?\d+(\.\d+){0,2}$/.test(ref)) return `a tag (${ref}), which its owner can move`;
  return `a branch or tag (${ref}), which its owner can move`;
}

export const unpinnedAction: WorkflowCheck = {
  id: 'workflow-unpinned-action',
  defaultSeverity: 'warning',
  rationale:
    'Tags and branches are mutable: whoever controls an action can change the code your release job runs (tj-actions/changed-files, 2025). ' +
    'A full commit SHA is the only immutable reference.',
  check(ctx) {
    if (ctx.workflow.provider !== 'github-actions') return [];
    const out: CheckFinding[] = [];
    const jobs = [...ctx.releaseJobs, ...ctx.callingJobs.filter((j) => !ctx.releaseJobs.includes(j))];
    for (const job of jobs) {
      const refs: Array<{ uses: Located<string>; step?: StepModel }> = [
        ...(job.uses ? [{ uses: job.uses }] : []),
        ...job.steps.flatMap((step) => (step.uses ? [{ uses: step.uses, step }] : [])),
      ];
      for (const { uses, step } of refs) {
        const reason = unpinnedReason(uses.value);
        if (!reason) continue;
        out.push({
          severity: 'warning',
          line: uses.line,
          message: `\`${uses.value}\` in release job "${job.id}"${step ? `, ${stepLabel(step)}` : ''} is pinned to ${reason}.`,
          fix: 'Pin to the full 40-character commit SHA and keep the version in a comment (`uses: owner/action@<sha> # v4.2.2`); let Dependabot or Renovate update it.',
          job,
          ...(step ? { step } : {}),
          detail: uses.value.split('@')[0],
          data: { uses: uses.value },
        });
      }
    }
    return out;
  },
};
