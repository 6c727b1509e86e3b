// Long-lived registry tokens that reach a publishing job. GitHub: `secrets.*` flowing into
// npm's token variables; GitLab: CI/CD variables holding an npm token. Ephemeral tokens
// (GITHUB_TOKEN, CI_JOB_TOKEN, GitLab's NPM_ID_TOKEN) are not long-lived and never match.
import type { EnvEntry, JobModel, StepModel, WorkflowModel } from './model.js';

export interface TokenUse {
  job: JobModel;
  /** Variable or input name (`NODE_AUTH_TOKEN`, `token`), or the referenced secret for scripts. */
  name: string;
  /** The secret / variable the value comes from (`NPM_TOKEN`). */
  source: string;
  line: number;
  scope: 'workflow' | 'job' | 'step' | 'input' | 'script';
  step?: StepModel;
}

/** Variables npm (or actions/setup-node's .npmrc) reads a registry token from. */
const TOKEN_ENV_NAMES = new Set(['NODE_AUTH_TOKEN', 'NPM_TOKEN', 'NPM_AUTH_TOKEN', 'NPM_CONFIG__AUTHTOKEN', 'NPM_CONFIG_TOKEN']);
const EPHEMERAL = new Set(['GITHUB_TOKEN', 'CI_JOB_TOKEN', 'NPM_ID_TOKEN', 'SIGSTORE_ID_TOKEN']);

function isTokenEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return TOKEN_ENV_NAMES.has(upper) || /^NPM_CONFIG_\/\/.*:_AUTHTOKEN$/.test(upper);
}

/** A secret named like an npm credential, but not a read-only install token. */
function isNpmSecretName(name: string, allowRead: boolean): boolean {
  const upper = name.toUpperCase();
  if (EPHEMERAL.has(upper) || /ID_TOKEN/.test(upper)) return false;
  if (!allowRead && /READ/.test(upper)) return false;
  return /NPM|NODE_AUTH/.test(upper);
}

const SECRET_REF = /secrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

function secretRefs(value: string): string[] {
  return [...value.matchAll(SECRET_REF)].map((m) => m[1] ?? m[2]).filter((s): s is string => s !== undefined);
}

function fromGitHubEnv(job: JobModel, entry: EnvEntry, step: StepModel | undefined, publishing: boolean): TokenUse[] {
  const hits = secretRefs(entry.value).filter((s) => {
    if (EPHEMERAL.has(s.toUpperCase())) return false;
    // A read-only token for installing private dependencies is what npm recommends next to OIDC.
    if (!publishing && /READ/i.test(s)) return false;
    return isTokenEnvName(entry.name) || isNpmSecretName(s, true);
  });
  return hits.slice(0, 1).map((source) => ({ job, name: entry.name, source, line: entry.line, scope: entry.scope, ...(step ? { step } : {}) }));
}

export function gitHubTokenUses(workflow: WorkflowModel, job: JobModel, publishingSteps: ReadonlySet<StepModel>): TokenUse[] {
  const out: TokenUse[] = [];
  for (const e of workflow.env) out.push(...fromGitHubEnv(job, e, undefined, true));
  for (const e of job.env) out.push(...fromGitHubEnv(job, e, undefined, true));
  for (const step of job.steps) {
    const publishing = publishingSteps.has(step);
    for (const e of step.env) out.push(...fromGitHubEnv(job, e, step, publishing));
    for (const [name, input] of step.with) {
      if (!/token/i.test(name)) continue;
      const source = secretRefs(input.value).find((s) => isNpmSecretName(s, false));
      if (source) out.push({ job, name, source, line: input.line, scope: 'input', step });
    }
    if (step.run) {
      const lines = step.run.value.split('\n');
      lines.forEach((text, i) => {
        const source = secretRefs(text).find((s) => isNpmSecretName(s, false));
        if (source) out.push({ job, name: source, source, line: step.run!.line + i, scope: 'script', step });
      });
    }
  }
  return out;
}

const GITLAB_VAR_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;

export function gitLabTokenUses(workflow: WorkflowModel, job: JobModel): TokenUse[] {
  const out: TokenUse[] = [];
  for (const e of [...workflow.env, ...job.env]) {
    if (!isTokenEnvName(e.name) || e.value.trim() === '') continue;
    const refs = [...e.value.matchAll(GITLAB_VAR_REF)].map((m) => m[1]);
    if (refs.some((r) => EPHEMERAL.has(r.toUpperCase()))) continue;
    out.push({ job, name: e.name, source: refs[0] ?? e.name, line: e.line, scope: e.scope });
  }
  for (const step of job.steps) {
    if (!step.run) continue;
    step.run.value.split('\n').forEach((text, i) => {
      const ref = [...text.matchAll(GITLAB_VAR_REF)]
        .map((m) => m[1])
        .find((r) => isTokenEnvName(r) || isNpmSecretName(r, false) || (/_authToken=\$\{?/.test(text) && /TOKEN/i.test(r) && !EPHEMERAL.has(r.toUpperCase())));
      if (ref) out.push({ job, name: ref, source: ref, line: step.run!.line + i, scope: 'script', step });
    });
  }
  return out;
}
