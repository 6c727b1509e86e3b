// The containment planner: a pure function from what was read (packument, the version's
// inspection, the unpublish facts) to the plan. No I/O, no clock but the one passed in.
import type Semver from 'semver';
import type { VersionInspection } from '../history/model.js';
import { isPrerelease } from '../history/versions.js';
import type { Packument, VersionManifest } from '../registry/fetch.js';
import { commandLine, deprecateArgv, distTagAddArgv, distTagRmArgv, unpublishArgv } from './commands.js';
import { leakFactsOf, leakWords, rotationList } from './leak.js';
import type { DistTagChange, IncidentPlan, PlanStep, SupersedePlan, VersionRef } from './model.js';
import { buildNotice } from './notice.js';
import { assessUnpublish, type Fact } from './unpublish.js';
import { requireCjs } from '../util/lazy.js';

const semver = requireCjs<typeof Semver>('semver');

export interface PlanInput {
  name: string;
  version: string;
  registry: string;
  packument: Packument;
  /** The version's bytes through the rules; undefined when they could not be read. */
  inspection?: VersionInspection;
  inspectionError?: string;
  facts: { dependents: Fact; weeklyDownloads: Fact; owners: Fact };
  /** Deprecation message; a default naming what leaked and where to go is written otherwise. */
  message?: string;
  now: Date;
  toolVersion: string;
}

/** npm refuses longer deprecation messages. */
export const MAX_DEPRECATE_MESSAGE = 1024;

interface Candidate {
  version: string;
  manifest: VersionManifest;
}

function deprecationOf(m: VersionManifest | undefined): string | undefined {
  return typeof m?.deprecated === 'string' && m.deprecated !== '' ? m.deprecated : undefined;
}

function refOf(packument: Packument, version: string): VersionRef {
  const tags = packument['dist-tags'] ?? {};
  const ref: VersionRef = { version, distTags: Object.keys(tags).filter((t) => tags[t] === version).sort() };
  const time = packument.time?.[version];
  if (typeof time === 'string') ref.publishedAt = time;
  const gitHead = packument.versions?.[version]?.gitHead;
  if (typeof gitHead === 'string' && /^[0-9a-f]{7,64}$/i.test(gitHead)) ref.gitHead = gitHead;
  return ref;
}

/** Published, not deprecated, not a prerelease, not the bad version. */
function goodStable(packument: Packument, bad: string): Candidate[] {
  return Object.entries(packument.versions ?? {})
    .filter(([v, m]) => v !== bad && semver.valid(v, { loose: true }) && !isPrerelease(v) && !deprecationOf(m))
    .map(([version, manifest]) => ({ version, manifest }))
    .sort((a, b) => semver.compare(a.version, b.version, { loose: true }));
}

/** The highest good stable version below `bad`: what `latest` falls back to. */
export function fallbackVersion(packument: Packument, bad: string): string | undefined {
  return goodStable(packument, bad).filter((c) => semver.lt(c.version, bad, { loose: true })).pop()?.version;
}

/** The highest good stable version above `bad`, if one was published since. */
export function newerGoodVersion(packument: Packument, bad: string): string | undefined {
  return goodStable(packument, bad).filter((c) => semver.gt(c.version, bad, { loose: true })).pop()?.version;
}

/**
 * The next version to publish: above every version ever used in the bad version's line (a used
 * name@version can never be reused, even after unpublish). A stable bad version gets the next
 * patch after the highest stable version of its major; a prerelease gets the next prerelease.
 */
export function nextVersion(packument: Packument, bad: string): string {
  const used = new Set<string>([...Object.keys(packument.versions ?? {}), ...Object.keys(packument.time ?? {})].filter((v) => semver.valid(v, { loose: true })));
  used.add(bad);
  const all = [...used].sort((a, b) => semver.compare(a, b, { loose: true }));
  if (isPrerelease(bad)) {
    const base = `${semver.major(bad, true)}.${semver.minor(bad, true)}.${semver.patch(bad, true)}`;
    const line = all.filter((v) => isPrerelease(v) && v.startsWith(`${base}-`));
    return semver.inc(line[line.length - 1] ?? bad, 'prerelease', { loose: true }) ?? bad;
  }
  const major = semver.major(bad, true);
  const line = all.filter((v) => !isPrerelease(v) && semver.major(v, true) === major);
  return semver.inc(line[line.length - 1] ?? bad, 'patch', { loose: true }) ?? bad;
}

export function defaultDeprecateMessage(version: string, inspection: VersionInspection | undefined, use: string | undefined): string {
  return `${version} was published by mistake with ${leakWords(leakFactsOf(inspection))}; do not use it.${use ? ` Use ${use} instead.` : ' A fixed release follows.'}`;
}

export function tagChanges(packument: Packument, bad: string, target: string | undefined): DistTagChange[] {
  const tags = packument['dist-tags'] ?? {};
  const changes: DistTagChange[] = [];
  for (const tag of Object.keys(tags).sort()) {
    if (tags[tag] !== bad) continue;
    if (tag === 'latest') {
      changes.push(
        target
          ? { tag, from: bad, action: 'move', to: target, reason: `latest must not install ${bad}; ${target} is the highest good release to point it at` }
          : { tag, from: bad, action: 'blocked', reason: 'there is no good release to point latest at, and the registry does not allow removing latest: publish the superseding release first (it becomes latest)' },
      );
    } else {
      changes.push({ tag, from: bad, action: 'remove', reason: `"npm install name@${tag}" must not install ${bad}; the tag returns with the next release on that channel` });
    }
  }
  return changes;
}

export function supersedePlan(name: string, bad: string, packument: Packument, from: VersionRef | undefined, newer: string | undefined, registry: string): SupersedePlan {
  const next = nextVersion(packument, bad);
  const tag = isPrerelease(bad) ? 'next' : 'latest';
  const commands: string[] = [];
  const notes: string[] = [];
  if (from) {
    const base = from.gitHead ?? `v${from.version}`;
    commands.push(commandLine(['git', 'switch', '--create', `release/${next}`, base]));
    if (!from.gitHead) notes.push(`the registry does not record the commit ${name}@${from.version} was published from; "v${from.version}" assumes your release tags are named that way`);
  } else {
    notes.push(`no earlier good release to start from: fix the packaging on your main branch`);
  }
  commands.push('# remove what leaked (files allowlist, no sourcesContent in maps, no .env); then:');
  commands.push(commandLine(['npm', 'version', next, '--no-git-tag-version']));
  commands.push(commandLine(['npx', 'shipgate', 'check', '--out', 'release.tgz']));
  commands.push(commandLine(['npm', 'publish', 'release.tgz', '--tag', tag, '--registry', registry]));
  notes.push(`${name}@${bad} can never be published again, even after an unpublish: the fix needs a new version (${next})`);
  if (newer) notes.push(`${newer} is already published above ${bad} and not deprecated; if it is the fix, the superseding release exists`);
  return { nextVersion: next, ...(from ? { from } : {}), commands, notes, tag };
}

export function buildPlan(input: PlanInput): IncidentPlan {
  const { name, version: bad, registry, packument, inspection } = input;
  const manifest = packument.versions?.[bad];
  const unpublished = manifest === undefined;
  const distTags = { ...(packument['dist-tags'] ?? {}) };

  const fallback = fallbackVersion(packument, bad);
  const newer = newerGoodVersion(packument, bad);
  const targetVersion = newer ?? fallback;
  const fallbackRef = fallback ? refOf(packument, fallback) : undefined;
  const targetRef = targetVersion ? refOf(packument, targetVersion) : undefined;
  const latestNow = distTags.latest;
  const affected = latestNow === bad;
  const latestDetail = affected
    ? targetVersion
      ? `latest points at ${bad}; move it to ${targetVersion}${newer ? ' (a newer good release)' : ' (the last good release before it)'}`
      : `latest points at ${bad} and there is no good release to move it to; publish the superseding release`
    : latestNow
      ? `latest points at ${latestNow}, not at ${bad}; it stays${fallback ? ` (were it ${bad}, it would fall back to ${fallback})` : ''}`
      : 'the package has no latest tag';

  const message = (input.message ?? defaultDeprecateMessage(bad, inspection, newer ?? (affected ? targetVersion : latestNow !== bad ? latestNow : undefined))).slice(0, MAX_DEPRECATE_MESSAGE);
  const changes = unpublished ? [] : tagChanges(packument, bad, targetVersion);
  const steps: PlanStep[] = [];
  if (!unpublished) {
    const argv = deprecateArgv(name, bad, message, registry);
    steps.push({ id: 'deprecate', kind: 'deprecate', description: `deprecate ${name}@${bad}`, argv, command: commandLine(argv) });
  }
  for (const change of changes) {
    if (change.action === 'move' && change.to) {
      const argv = distTagAddArgv(name, change.to, change.tag, registry);
      steps.push({ id: `dist-tag:${change.tag}`, kind: 'dist-tag-add', description: `point ${change.tag} at ${change.to}`, argv, command: commandLine(argv) });
    } else if (change.action === 'remove') {
      const argv = distTagRmArgv(name, change.tag, registry);
      steps.push({ id: `dist-tag:${change.tag}`, kind: 'dist-tag-rm', description: `remove the ${change.tag} tag`, argv, command: commandLine(argv) });
    }
  }

  const publishedAt = typeof packument.time?.[bad] === 'string' ? packument.time[bad] : undefined;
  const assessment = assessUnpublish({ publishedAt, now: input.now, ...input.facts });
  const notes: string[] = [];
  if (unpublished) notes.push(`${name}@${bad} is already unpublished: the registry no longer serves it, but copies made before live on in mirrors and caches`);
  const already = deprecationOf(manifest);
  if (already) notes.push(`${name}@${bad} is already deprecated ("${already}"); deprecating again replaces the message`);
  if (!input.inspection) notes.push(`the tarball of ${name}@${bad} could not be read${input.inspectionError ? ` (${input.inspectionError})` : ''}: secrets and source-map exposure are unknown`);
  notes.push('unpublishing or deprecating does not recall copies already downloaded or mirrored: revoke every credential listed, whatever else you do');

  const plan: IncidentPlan = {
    schemaVersion: 1,
    tool: { name: 'shipgate', version: input.toolVersion },
    name,
    version: bad,
    registry,
    generatedAt: input.now.toISOString(),
    ...(publishedAt ? { publishedAt: new Date(publishedAt).toISOString() } : {}),
    prerelease: isPrerelease(bad),
    unpublished,
    ...(already ? { deprecated: already } : {}),
    distTags,
    latest: { ...(latestNow ? { current: latestNow } : {}), affected, ...(fallbackRef ? { fallback: fallbackRef } : {}), ...(affected && targetRef ? { target: targetRef } : {}), detail: latestDetail },
    ...(newer ? { newerGood: refOf(packument, newer) } : {}),
    deprecateMessage: message,
    tagChanges: changes,
    steps,
    unpublish: { ...assessment, command: commandLine(unpublishArgv(name, bad, registry)) },
    supersede: supersedePlan(name, bad, packument, fallbackRef, newer, registry),
    inspected: inspection !== undefined,
    ...(input.inspectionError ? { inspectionError: input.inspectionError } : {}),
    rotate: rotationList(inspection?.secrets ?? []),
    ...(inspection ? { exposure: inspection.exposure } : {}),
    forbidden: inspection?.forbidden ?? [],
    notice: '',
    notes,
  };
  plan.notice = buildNotice(plan);
  return plan;
}
