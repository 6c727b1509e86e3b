import type { JobModel, ManifestFacts, RepoFiles } from '../model.js';
import { classifyNodeVersion, classifyNpmSpec, nodeBelowTrustedFloor, nodeVersionOfImage, NODE_MIN_TRUSTED_PUBLISHING, type Verdict } from '../npm-versions.js';
import { actionPath, npmSelfInstallSpec, PUBLISHERS, type PublishStep } from '../publishers.js';
import { invocationsIn } from '../shell.js';
import { usesLongLivedToken, type CheckFinding, type WorkflowCheck } from './check.js';

interface NpmEvidence {
  verdict: Verdict;
  /** Line of what decided the verdict (an install step, setup-node, the image). */
  line?: number;
}

function nodeVersionFileText(files: RepoFiles, path: string): string | undefined {
  const normalized = path.replace(/^\.\//, '');
  const text = files.get(normalized);
  if (text === undefined) return undefined;
  const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  return first;
}

/** What npm the publish command runs with, judged from the steps before it. */
export function npmEvidence(job: JobModel, publish: PublishStep, manifest: ManifestFacts | undefined, files: RepoFiles): NpmEvidence {
  if (publish.npmVersion !== undefined) return { verdict: classifyNpmSpec(publish.npmVersion), line: publish.line };
  let install: { spec: string; line: number } | undefined;
  let node: { spec: string; line: number } | undefined;
  let nodeUnknown: { detail: string; line: number } | undefined;
  for (const step of job.steps) {
    if (step.index > publish.step.index) break;
    if (step.uses && actionPath(step.uses.value) === 'actions/setup-node' && step.index < publish.step.index) {
      const version = step.with.get('node-version');
      const file = step.with.get('node-version-file');
      if (version && version.value.trim() !== '') {
        node = { spec: version.value, line: version.line };
        nodeUnknown = undefined;
      } else if (file) {
        const text = nodeVersionFileText(files, file.value);
        if (text !== undefined) {
          node = { spec: text, line: file.line };
          nodeUnknown = undefined;
        } else {
          node = undefined;
          nodeUnknown = { detail: `Node version comes from ${file.value}, which shipgate could not read`, line: file.line };
        }
      }
    }
    if (step.run) {
      for (const inv of invocationsIn(step.run.value, manifest?.scripts ?? {})) {
        const line = step.run.line + inv.lineOffset;
        if (step.index === publish.step.index && line >= publish.line) break;
        const spec = npmSelfInstallSpec(inv);
        if (spec !== undefined) install = { spec, line };
      }
    }
  }
  if (install) {
    const verdict = classifyNpmSpec(install.spec);
    if (verdict.kind === 'ok' && node && nodeBelowTrustedFloor(node.spec)) {
      return {
        verdict: { kind: 'old', detail: `npm is upgraded, but Node ${node.spec} is below ${NODE_MIN_TRUSTED_PUBLISHING}, the floor npm documents for trusted publishing` },
        line: node.line,
      };
    }
    return { verdict, line: install.line };
  }
  if (node) return { verdict: classifyNodeVersion(node.spec), line: node.line };
  if (nodeUnknown) return { verdict: { kind: 'unknown', detail: nodeUnknown.detail }, line: nodeUnknown.line };
  if (job.image) {
    const v = nodeVersionOfImage(job.image.value);
    return v === undefined
      ? { verdict: { kind: 'unknown', detail: `the job runs in image ${job.image.value}, whose npm shipgate cannot know` }, line: job.image.line }
      : { verdict: classifyNodeVersion(v), line: job.image.line };
  }
  return { verdict: { kind: 'unknown', detail: 'no Node version is set, so the runner image decides which npm runs' } };
}

export const npmVersion: WorkflowCheck = {
  id: 'workflow-npm-version',
  defaultSeverity: 'warning',
  rationale:
    'Trusted publishing needs npm ≥ 11.5.1 (Node 24.5.0 is the first release bundling it; Node 22 ships npm 10). An older npm cannot ' +
    'exchange the OIDC token and the tokenless publish fails. Warning when known too old, info when shipgate cannot tell.',
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const job of ctx.publishingJobs) {
      const publish = ctx.publishSteps.find((p) => p.job === job && PUBLISHERS[p.publisher].usesNpmCli);
      if (!publish) continue;
      const oidc = !usesLongLivedToken(ctx, job);
      const evidence = npmEvidence(job, publish, ctx.manifest, ctx.repoFiles);
      const { verdict } = evidence;
      if (verdict.kind === 'ok') continue;
      if (!oidc && verdict.kind === 'unknown') continue;
      const severity = oidc && verdict.kind === 'old' ? 'warning' : 'info';
      const gitlab = ctx.workflow.provider === 'gitlab-ci';
      out.push({
        severity,
        line: evidence.line ?? publish.line,
        message:
          (verdict.kind === 'old'
            ? `Job "${job.id}" publishes with an npm too old for trusted publishing: ${verdict.detail}.`
            : `Cannot tell whether job "${job.id}" publishes with npm ≥ 11.5.1: ${verdict.detail}.`) +
          (oidc ? '' : ' It matters once the job moves from a token to trusted publishing.'),
        fix: gitlab
          ? 'Use a `node:24` image (npm 11), or run `npm install -g npm@latest` before publishing.'
          : 'Set `node-version: 24` in actions/setup-node (npm 11), or add a step `npm install -g npm@latest` before publishing.',
        job,
        step: publish.step,
        detail: 'npm-version',
        data: { verdict: verdict.kind, tool: publish.publisher },
      });
    }
    return out;
  },
};
