// `--apply`: run the plan's deprecate and dist-tag steps with the real npm, each one confirmed.
// The runner and the confirmation are injected, so tests and embedders decide how.
import type { AppliedStep, IncidentPlan, PlanStep } from './model.js';

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ApplyHooks {
  /** Runs argv (`npm` first); resolves with its exit code and output. */
  run: (argv: readonly string[]) => Promise<StepResult>;
  /** true to run the step. */
  confirm: (step: PlanStep) => Promise<boolean>;
  /** Told about each step as it finishes. */
  onStep?: (applied: AppliedStep) => void;
}

/** Runs the steps in order. Each stands alone: moving latest off the bad version helps even if deprecating failed. */
export async function applyPlan(plan: IncidentPlan, hooks: ApplyHooks): Promise<AppliedStep[]> {
  const applied: AppliedStep[] = [];
  for (const step of plan.steps) {
    let result: AppliedStep;
    if (!(await hooks.confirm(step))) {
      result = { id: step.id, command: step.command, outcome: 'declined' };
    } else {
      const r = await hooks.run(step.argv);
      result =
        r.code === 0
          ? { id: step.id, command: step.command, outcome: 'done' }
          : { id: step.id, command: step.command, outcome: 'failed', detail: lastLine(r.stderr) ?? `exit ${r.code}` };
    }
    applied.push(result);
    hooks.onStep?.(result);
  }
  return applied;
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^npm (warn|notice)|A complete log of this run|^npm error $/.test(l))
    .pop();
}
