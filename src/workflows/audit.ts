// The pure core: workflow file contents in, findings out. No I/O here.
import { createHash } from 'node:crypto';
import type * as Yaml from 'yaml';
import type { Finding, Severity } from '../types.js';
import { CHECKS, PARSE_ERROR_CHECK, type CheckFinding, type WorkflowContext } from './checks/index.js';
import { readGitHubWorkflow } from './github.js';
import { readGitLabCi } from './gitlab.js';
import { stepKey, type JobModel, type ManifestFacts, type WorkflowModel } from './model.js';
import { findPublishSteps, PUBLISHERS, type PublishStep } from './publishers.js';
import { gitHubTokenUses, gitLabTokenUses } from './tokens.js';
import { isMap, type YamlSource } from './yaml-nodes.js';
import { requireCjs } from '../util/lazy.js';

const { LineCounter, parseDocument } = requireCjs<typeof Yaml>('yaml');

export interface WorkflowFile {
  /** POSIX path relative to the repository root (`.github/workflows/release.yml`). */
  path: string;
  text: string;
}

export interface PublishingJob {
  path: string;
  job: string;
  line: number;
  /** Publishing tools the job runs (`npm publish`, `changeset publish`...). */
  tools: string[];
}

export interface WorkflowAudit {
  /** Workflow files looked at (including ones that failed to parse). */
  workflows: number;
  publishingJobs: PublishingJob[];
  findings: Finding[];
}

export type WorkflowKind = 'github-actions' | 'gitlab-ci';

/** Which CI system a repository path belongs to, or undefined when it is not a workflow file. */
export function workflowKind(path: string): WorkflowKind | undefined {
  const p = normalizePath(path);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) return 'github-actions';
  if (p === '.gitlab-ci.yml' || p === '.gitlab-ci.yaml') return 'gitlab-ci';
  return undefined;
}

export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** sha256 of rule, file, job and step, first 16 hex: same problem, same fingerprint across runs. */
export function workflowFingerprint(rule: string, path: string, job: string, step: string, detail = ''): string {
  return createHash('sha256').update([rule, path, job, step, detail].join('\0')).digest('hex').slice(0, 16);
}

function readManifest(text: string | undefined): ManifestFacts | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined; // a broken package.json is the manifest rules' business, not ours
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const m = json as Record<string, unknown>;
  const scripts: Record<string, string> = {};
  if (typeof m.scripts === 'object' && m.scripts !== null) {
    for (const [k, v] of Object.entries(m.scripts)) if (typeof v === 'string') scripts[k] = v;
  }
  const publishConfig = typeof m.publishConfig === 'object' && m.publishConfig !== null ? (m.publishConfig as Record<string, unknown>) : {};
  return {
    scripts,
    ...(typeof publishConfig.provenance === 'boolean' ? { provenance: publishConfig.provenance } : {}),
    ...(typeof m.packageManager === 'string' ? { packageManager: m.packageManager } : {}),
  };
}

type Parsed = { ok: true; model: WorkflowModel } | { ok: false; finding: Finding };

function parseWorkflow(path: string, kind: WorkflowKind, text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  const error = doc.errors[0];
  const notMap = !error && doc.contents !== null && !isMap(doc.contents);
  if (error || notMap) {
    const line = error ? lines.linePos(error.pos[0]).line : 1;
    const reason = error ? error.message.split('\n')[0] : 'the top level is not a mapping of keys';
    return {
      ok: false,
      finding: {
        rule: PARSE_ERROR_CHECK.id,
        severity: 'warning',
        path,
        line,
        message: `Cannot parse ${path} as YAML: ${reason}. It was not audited.`,
        fingerprint: workflowFingerprint(PARSE_ERROR_CHECK.id, path, '', '', error?.code ?? 'not-a-map'),
        data: { fix: 'Fix the YAML syntax (the CI system will refuse this file as it is), then run the audit again.', code: error?.code ?? 'NOT_A_MAP' },
      },
    };
  }
  const src: YamlSource = { doc, lines };
  return { ok: true, model: kind === 'github-actions' ? readGitHubWorkflow(path, src) : readGitLabCi(path, src) };
}

/** Publishing jobs plus everything they `needs:`, transitively, in file order. */
function releaseJobsOf(workflow: WorkflowModel, publishing: readonly JobModel[]): JobModel[] {
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]));
  const keep = new Set<JobModel>();
  const visit = (job: JobModel): void => {
    if (keep.has(job)) return;
    keep.add(job);
    for (const id of job.needs) {
      const dep = byId.get(id);
      if (dep) visit(dep);
    }
  };
  publishing.forEach(visit);
  return workflow.jobs.filter((j) => keep.has(j));
}

function localWorkflowPath(uses: string): string | undefined {
  return uses.startsWith('./') ? normalizePath(uses.split('@')[0]) : undefined;
}

function toFinding(rule: string, path: string, f: CheckFinding): Finding {
  const jobId = f.job?.id ?? '';
  const step = f.step ? stepKey(f.step) : '';
  return {
    rule,
    severity: f.severity,
    path,
    line: f.line,
    message: f.message,
    fingerprint: workflowFingerprint(rule, path, jobId, step, f.detail),
    data: {
      fix: f.fix,
      ...(f.job ? { job: jobId } : {}),
      ...(f.step ? { step: f.step.name ?? f.step.index } : {}),
      ...f.data,
    },
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Audits CI workflow files. `files` may hold any repository files: `.github/workflows/*.yml`
 * and `.gitlab-ci.yml` are audited; `package.json` (scripts, publishConfig.provenance,
 * packageManager) and files named by `node-version-file` are read as context; others are ignored.
 */
export function auditWorkflowFiles(files: Array<{ path: string; text: string }>): WorkflowAudit {
  const repoFiles = new Map(files.map((f) => [normalizePath(f.path), f.text]));
  const manifest = readManifest(repoFiles.get('package.json'));
  const findings: Finding[] = [];
  const models: WorkflowModel[] = [];
  let workflows = 0;
  for (const [path, text] of [...repoFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kind = workflowKind(path);
    if (!kind) continue;
    workflows++;
    const parsed = parseWorkflow(path, kind, text);
    if (parsed.ok) models.push(parsed.model);
    else findings.push(parsed.finding);
  }

  const contexts = models.map((workflow) => {
    const publishSteps: PublishStep[] = workflow.jobs.flatMap((job) => findPublishSteps(job, manifest));
    const publishingJobs = workflow.jobs.filter((j) => publishSteps.some((p) => p.job === j));
    return { workflow, publishSteps, publishingJobs };
  });
  const publishingPaths = new Set(contexts.filter((c) => c.publishingJobs.length > 0).map((c) => c.workflow.path));

  const publishingJobs: PublishingJob[] = [];
  for (const { workflow, publishSteps, publishingJobs: jobs } of contexts) {
    const callingJobs = workflow.jobs.filter((j) => {
      const local = j.uses ? localWorkflowPath(j.uses.value) : undefined;
      return local !== undefined && publishingPaths.has(local) && local !== workflow.path;
    });
    const tokens = jobs.flatMap((job) =>
      workflow.provider === 'gitlab-ci'
        ? gitLabTokenUses(workflow, job)
        : gitHubTokenUses(workflow, job, new Set(publishSteps.filter((p) => p.job === job).map((p) => p.step))),
    );
    const ctx: WorkflowContext = {
      workflow,
      publishSteps,
      publishingJobs: jobs,
      callingJobs,
      releaseJobs: releaseJobsOf(workflow, jobs),
      tokens,
      ...(manifest ? { manifest } : {}),
      repoFiles,
    };
    for (const job of jobs) {
      const tools = [...new Set(publishSteps.filter((p) => p.job === job).map((p) => PUBLISHERS[p.publisher].label))];
      publishingJobs.push({ path: workflow.path, job: job.id, line: job.line, tools });
    }
    for (const check of CHECKS) {
      for (const f of check.check(ctx)) findings.push(toFinding(check.id, workflow.path, f));
    }
  }

  findings.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  return { workflows, publishingJobs, findings };
}
