import type { Severity } from '../../types.js';
import type { JobModel, ManifestFacts, RepoFiles, StepModel, WorkflowModel } from '../model.js';
import type { PublishStep } from '../publishers.js';
import type { TokenUse } from '../tokens.js';

/** Everything a check may look at for one workflow file. Built once, read by every check. */
export interface WorkflowContext {
  workflow: WorkflowModel;
  publishSteps: PublishStep[];
  /** Jobs with at least one publishing step, in file order. */
  publishingJobs: JobModel[];
  /** Jobs that call a local reusable workflow which publishes (`uses: ./.github/workflows/release.yml`). */
  callingJobs: JobModel[];
  /** Publishing jobs plus every job they `needs:`, directly or not: what they build ships. */
  releaseJobs: JobModel[];
  /** Long-lived registry tokens reaching publishing jobs. */
  tokens: TokenUse[];
  manifest?: ManifestFacts;
  repoFiles: RepoFiles;
}

/** What a check reports; the audit adds rule id, path and fingerprint. */
export interface CheckFinding {
  severity: Severity;
  line: number;
  message: string;
  /** One or two sentences saying what to change. */
  fix: string;
  job?: JobModel;
  step?: StepModel;
  /** Distinguishes several findings of one rule in one step (an env name, a scope). */
  detail?: string;
  data?: Record<string, unknown>;
}

export interface WorkflowCheck {
  id: string;
  defaultSeverity: Severity;
  /** One line: why the check exists and why at this severity. */
  rationale: string;
  check(ctx: WorkflowContext): CheckFinding[];
}

export function hasPublishing(ctx: WorkflowContext): boolean {
  return ctx.publishingJobs.length > 0 || ctx.callingJobs.length > 0;
}

export function usesLongLivedToken(ctx: WorkflowContext, job: JobModel): boolean {
  return ctx.tokens.some((t) => t.job === job);
}
