// Which steps publish to a registry, and with what. Policy is a table: one row per tool.
import type { JobModel, ManifestFacts, StepModel } from './model.js';
import { flagValue, invocationsIn, positionals, type Invocation } from './shell.js';

export type PublisherId =
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'bun'
  | 'changesets'
  | 'semantic-release'
  | 'lerna'
  | 'shipgate'
  | 'js-devtools-npm-publish';

export interface PublisherInfo {
  label: string;
  /** The upload is done by the npm CLI, so its version decides whether OIDC works. */
  usesNpmCli: boolean;
  /** `--provenance` / `NPM_CONFIG_PROVENANCE` controls provenance for this tool. */
  npmProvenanceConfig: boolean;
  /** Why the row is what it is. */
  reason: string;
}

export const PUBLISHERS: Readonly<Record<PublisherId, PublisherInfo>> = {
  npm: { label: 'npm publish', usesNpmCli: true, npmProvenanceConfig: true, reason: 'the npm CLI itself' },
  pnpm: {
    label: 'pnpm publish',
    usesNpmCli: false,
    npmProvenanceConfig: true,
    reason: 'pnpm accepts --provenance and npm config; its OIDC support depends on the pnpm version, so the npm version is not judged',
  },
  yarn: {
    label: 'yarn publish',
    usesNpmCli: false,
    npmProvenanceConfig: false,
    reason: 'Yarn has its own registry client and settings (npmPublishProvenance); npm flags do not apply',
  },
  bun: { label: 'bun publish', usesNpmCli: false, npmProvenanceConfig: false, reason: 'Bun has its own registry client' },
  changesets: {
    label: 'changeset publish',
    usesNpmCli: true,
    npmProvenanceConfig: true,
    reason: 'changesets shells out to `npm publish` (or `pnpm publish` in pnpm workspaces) and passes npm config through',
  },
  'semantic-release': {
    label: 'semantic-release',
    usesNpmCli: true,
    npmProvenanceConfig: true,
    reason: '@semantic-release/npm runs `npm publish` and reads npm config (NPM_CONFIG_PROVENANCE)',
  },
  lerna: {
    label: 'lerna publish',
    usesNpmCli: false,
    npmProvenanceConfig: true,
    reason: 'lerna publishes through libnpmpublish, not the npm CLI; it reads NPM_CONFIG_PROVENANCE',
  },
  shipgate: {
    label: 'shipgate publish',
    usesNpmCli: true,
    npmProvenanceConfig: true,
    reason: 'shipgate publishes the inspected tarball with the npm CLI',
  },
  'js-devtools-npm-publish': {
    label: 'JS-DevTools/npm-publish',
    usesNpmCli: true,
    npmProvenanceConfig: false,
    reason: 'the action runs the npm CLI found on the runner; provenance is its `provenance` input',
  },
};

/** Actions that publish, by `owner/repo` (lower case), and the input that makes them publish. */
const PUBLISHING_ACTIONS: ReadonlyArray<{ action: string; publisher: PublisherId; requiresInput?: string }> = [
  { action: 'changesets/action', publisher: 'changesets', requiresInput: 'publish' },
  { action: 'cycjimmy/semantic-release-action', publisher: 'semantic-release' },
  { action: 'codfish/semantic-release-action', publisher: 'semantic-release' },
  { action: 'js-devtools/npm-publish', publisher: 'js-devtools-npm-publish' },
];

export interface PublishStep {
  job: JobModel;
  step: StepModel;
  publisher: PublisherId;
  /** The command or action as written. */
  command: string;
  line: number;
  /** Explicit npm version the publish runs with (`npx npm@11 publish`). */
  npmVersion?: string;
  /** `--provenance` as written on the command: true, false, or not given. */
  provenanceFlag?: boolean;
  /** package.json scripts followed to reach the command. */
  via: string[];
}

/** `owner/repo` of a `uses:` value, lower case (`actions/cache/restore@v4` → `actions/cache`). */
export function actionName(uses: string): string {
  const at = uses.indexOf('@');
  const path = (at === -1 ? uses : uses.slice(0, at)).toLowerCase();
  return path.split('/').slice(0, 2).join('/');
}

/** The path part of a `uses:` value, lower case (`actions/cache/restore`). */
export function actionPath(uses: string): string {
  const at = uses.indexOf('@');
  return (at === -1 ? uses : uses.slice(0, at)).toLowerCase();
}

export function publishOf(inv: Invocation): { publisher: PublisherId; npmVersion?: string; provenanceFlag?: boolean } | undefined {
  const pos = positionals(inv.args);
  const dryRun = flagValue(inv.args, 'dry-run') === true || (inv.bin === 'semantic-release' && inv.args.includes('-d'));
  if (dryRun) return undefined;
  const provenance = flagValue(inv.args, 'provenance');
  const withProvenance = provenance === undefined ? {} : { provenanceFlag: provenance };
  switch (inv.bin) {
    case 'npm':
      return pos[0] === 'publish'
        ? { publisher: 'npm', ...(inv.binVersion !== undefined ? { npmVersion: inv.binVersion } : {}), ...withProvenance }
        : undefined;
    case 'pnpm': {
      const sub = pos[0] === 'recursive' || pos[0] === 'm' ? pos[1] : pos[0];
      return sub === 'publish' ? { publisher: 'pnpm', ...withProvenance } : undefined;
    }
    case 'yarn': {
      if (pos[0] === 'publish') return { publisher: 'yarn' };
      const i = pos.indexOf('npm');
      return i !== -1 && pos[i + 1] === 'publish' ? { publisher: 'yarn' } : undefined;
    }
    case 'bun':
      return pos[0] === 'publish' ? { publisher: 'bun' } : undefined;
    case 'changeset':
      return pos[0] === 'publish' ? { publisher: 'changesets', ...withProvenance } : undefined;
    case 'semantic-release':
      return { publisher: 'semantic-release' };
    case 'lerna':
      return pos[0] === 'publish' ? { publisher: 'lerna' } : undefined;
    case 'shipgate':
      return pos[0] === 'publish' ? { publisher: 'shipgate', ...withProvenance } : undefined;
    default:
      return undefined;
  }
}

/** A command that looks at the packed tarball before it ships. */
export function isPackInspection(inv: Invocation): boolean {
  const pos = positionals(inv.args);
  switch (inv.bin) {
    case 'shipgate':
      return pos[0] !== 'workflows' && pos[0] !== 'help' && pos[0] !== 'publish';
    case 'publint':
    case 'attw':
      return true;
    case 'npm':
    case 'pnpm':
    case 'yarn':
      return pos[0] === 'pack' || (pos[0] === 'publish' && flagValue(inv.args, 'dry-run') === true);
    case 'bun':
      return pos[0] === 'pm' && pos[1] === 'pack';
    default:
      return false;
  }
}

/** `npm install -g npm@11` → `'11'`; `npm i -g npm` → `''`; not an npm self-upgrade → undefined. */
export function npmSelfInstallSpec(inv: Invocation): string | undefined {
  if (inv.bin !== 'npm') return undefined;
  const pos = positionals(inv.args);
  if (!['install', 'i', 'in', 'add', 'update', 'up', 'upgrade'].includes(pos[0] ?? '')) return undefined;
  const global = inv.args.some((a) => a === '-g' || a === '--global' || a === '--location=global' || a === '--global=true');
  if (!global) return undefined;
  for (const p of pos.slice(1)) {
    if (p === 'npm') return '';
    if (p.startsWith('npm@')) return p.slice(4);
  }
  return undefined;
}

export function stepInvocations(step: StepModel, manifest: ManifestFacts | undefined): Invocation[] {
  return step.run ? invocationsIn(step.run.value, manifest?.scripts ?? {}) : [];
}

/** All publishing steps of a job, in step order (one entry per step and tool). */
export function findPublishSteps(job: JobModel, manifest: ManifestFacts | undefined): PublishStep[] {
  const out: PublishStep[] = [];
  for (const step of job.steps) {
    const seen = new Set<PublisherId>();
    if (step.uses) {
      const name = actionName(step.uses.value);
      const row = PUBLISHING_ACTIONS.find((a) => a.action === name);
      if (row && (row.requiresInput === undefined || (step.with.get(row.requiresInput)?.value ?? '').trim() !== '')) {
        const input = row.requiresInput ? step.with.get(row.requiresInput) : undefined;
        // changesets/action runs its `publish:` input; what that command does decides the flags.
        const inner = input ? invocationsIn(input.value, manifest?.scripts ?? {}).map(publishOf).find((p) => p !== undefined) : undefined;
        out.push({
          job,
          step,
          publisher: row.publisher,
          command: input ? `${step.uses.value} (publish: ${input.value.trim()})` : step.uses.value,
          line: step.uses.line,
          ...(inner?.provenanceFlag !== undefined ? { provenanceFlag: inner.provenanceFlag } : {}),
          via: [],
        });
        seen.add(row.publisher);
      }
    }
    if (!step.run) continue;
    for (const inv of invocationsIn(step.run.value, manifest?.scripts ?? {})) {
      const p = publishOf(inv);
      if (!p || seen.has(p.publisher)) continue;
      seen.add(p.publisher);
      out.push({ job, step, ...p, command: inv.text, line: step.run.line + inv.lineOffset, via: inv.via });
    }
  }
  return out;
}
