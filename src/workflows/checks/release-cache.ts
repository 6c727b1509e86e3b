import { stepLabel } from '../model.js';
import { actionPath } from '../publishers.js';
import type { CheckFinding, WorkflowCheck } from './check.js';

/** setup-node major from `@v5` or from the version comment after a pinned SHA (`# v5.0.0`). */
function setupNodeMajor(uses: string, comment: string | undefined): number | undefined {
  const ref = uses.slice(uses.lastIndexOf('@') + 1);
  const fromRef = /^v?(\d+)/.exec(ref);
  if (fromRef && !/^[0-9a-f]{40}$/i.test(ref)) return Number(fromRef[1]);
  const fromComment = comment ? /v?(\d+)(?:\.\d+)*/.exec(comment) : null;
  return fromComment ? Number(fromComment[1]) : undefined;
}

const CACHE_ACTIONS = new Set(['actions/cache', 'actions/cache/restore']);

export const releaseCache: WorkflowCheck = {
  id: 'workflow-release-cache',
  defaultSeverity: 'warning',
  rationale:
    'GitHub Actions and GitLab caches are shared with less trusted runs (pull requests, other workflows); a poisoned dependency cache ' +
    'restored in a release job ships into the package. Release jobs should install from the registry and lockfile.',
  check(ctx) {
    const out: CheckFinding[] = [];
    for (const job of ctx.releaseJobs) {
      if (job.cache) {
        out.push({
          severity: 'warning',
          line: job.cache.line,
          message: `Release job "${job.id}" restores a CI cache (${job.cache.value}); a cache written by a less trusted pipeline can poison the release.`,
          fix: 'Set `cache: []` on the publishing job (and the jobs it needs) and install with `npm ci`.',
          job,
          detail: 'gitlab-cache',
        });
      }
      for (const step of job.steps) {
        if (!step.uses) continue;
        const path = actionPath(step.uses.value);
        if (path === 'actions/setup-node') {
          const cache = step.with.get('cache');
          const disabled = step.with.get('package-manager-cache')?.value === 'false';
          if (cache && cache.value.trim() !== '') {
            out.push({
              severity: 'warning',
              line: cache.line,
              message: `actions/setup-node in release job "${job.id}" restores a dependency cache (cache: ${cache.value}).`,
              fix: 'Remove `cache:` from setup-node in release jobs (keep it in test workflows); on setup-node v5+ also set `package-manager-cache: false`.',
              job,
              step,
              detail: 'setup-node-cache',
            });
          } else if (!disabled) {
            const major = setupNodeMajor(step.uses.value, step.usesComment);
            const pm = ctx.manifest?.packageManager;
            const autoCache = major !== undefined && major >= 5;
            if (autoCache && (pm !== undefined || ctx.manifest === undefined)) {
              out.push({
                severity: pm !== undefined ? 'warning' : 'info',
                line: step.uses.line,
                message:
                  `actions/setup-node v${major} in release job "${job.id}" caches dependencies automatically` +
                  (pm !== undefined ? ` because package.json sets packageManager (${pm}).` : ' when package.json sets packageManager.'),
                fix: 'Add `package-manager-cache: false` to the setup-node step.',
                job,
                step,
                detail: 'setup-node-auto-cache',
              });
            }
          }
        } else if (CACHE_ACTIONS.has(path)) {
          const paths = step.with.get('path')?.value.trim().replace(/\s*\n\s*/g, ', ') ?? '';
          out.push({
            severity: 'warning',
            line: step.uses.line,
            message: `${path} in release job "${job.id}", ${stepLabel(step)}, restores a cache${paths ? ` (${paths})` : ''}.`,
            fix: 'Remove the cache step from release jobs; install dependencies fresh with `npm ci` from the lockfile.',
            job,
            step,
            detail: 'actions-cache',
            data: { paths },
          });
        }
      }
    }
    return out;
  },
};
