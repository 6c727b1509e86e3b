import { isPackInspection, PUBLISHERS } from '../publishers.js';
import { invocationsIn } from '../shell.js';
import type { CheckFinding, WorkflowCheck } from './check.js';

export const noPackInspection: WorkflowCheck = {
  id: 'workflow-no-pack-inspection',
  defaultSeverity: 'warning',
  rationale:
    'What npm uploads is decided at pack time (files, .npmignore, build output); a release job that never inspects the tarball ' +
    'before publishing ships source maps, secrets and stray files unnoticed.',
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const job of ctx.publishingJobs) {
      const publish = ctx.publishSteps.find((p) => p.job === job);
      if (!publish || publish.publisher === 'shipgate') continue;
      let inspected = false;
      for (const step of job.steps) {
        if (step.index > publish.step.index || inspected) break;
        if (step.uses && /shipgate/i.test(step.uses.value) && step.index < publish.step.index) inspected = true;
        if (!step.run) continue;
        for (const inv of invocationsIn(step.run.value, ctx.manifest?.scripts ?? {})) {
          if (step.index === publish.step.index && step.run.line + inv.lineOffset >= publish.line) break;
          if (isPackInspection(inv)) inspected = true;
        }
      }
      if (inspected) continue;
      out.push({
        severity: 'warning',
        line: publish.line,
        message: `Job "${job.id}" publishes (${PUBLISHERS[publish.publisher].label}) without inspecting the packed tarball first.`,
        fix: 'Add a step before publishing: `npx shipgate check` (or `npm pack` and inspect the tarball), and publish that tarball.',
        job,
        step: publish.step,
        detail: 'inspection',
      });
    }
    return out;
  },
};
