// Whether npm's unpublish policy still allows removing a version: a pure function of the facts,
// in three-valued logic, because the registry cannot tell us everything (downloads, dependents).
//
// The policy (https://docs.npmjs.com/policies/unpublish, read 2026):
//   - within 72 hours of publishing: allowed when no other package in the public registry
//     depends on it;
//   - at any age: allowed when all of: no dependents in the public registry, fewer than 300
//     downloads over the last week, a single owner/maintainer.
//   - a name@version once used can never be used again, and an unpublish cannot be undone.

export const UNPUBLISH_POLICY = {
  url: 'https://docs.npmjs.com/policies/unpublish',
  windowHours: 72,
  /** "less than 300 downloads over the last week". */
  weeklyDownloadsBelow: 300,
  maxOwners: 1,
} as const;

/** yes / no / cannot tell from what is known. */
export type Tri = 'yes' | 'no' | 'unknown';

/** One fact: a value, or why it is not known, and where it came from. */
export interface Fact {
  value?: number;
  /** `packument maintainers`, `api.npmjs.org`, `--dependents`, or why it is unknown. */
  source: string;
}

export interface UnpublishFacts {
  /** ISO publish time of the version, if the registry recorded one. */
  publishedAt?: string;
  now: Date;
  /** Packages in the public registry that depend on this one. */
  dependents: Fact;
  /** Downloads of the package over the last week. */
  weeklyDownloads: Fact;
  /** Owners (maintainers) of the package. */
  owners: Fact;
}

export type UnpublishConditionId = 'within-72-hours' | 'no-dependents' | 'under-300-weekly-downloads' | 'single-owner';

export interface UnpublishCondition {
  id: UnpublishConditionId;
  requirement: string;
  /** What is known, in words (`3 owners`, `unknown: …`). */
  actual: string;
  met: Tri;
}

export interface UnpublishAssessment {
  /** Whether `npm unpublish name@version` would be allowed now. */
  possible: Tri;
  /** Which route allows it (or would, if the unknown facts turn out right). */
  route?: 'within-72-hours' | 'low-impact';
  /** ISO instant when the 72-hour window closes, if the publish time is known. */
  windowClosesAt?: string;
  hoursSincePublish?: number;
  conditions: UnpublishCondition[];
  /** Facts that could not be determined, in words. */
  unknown: string[];
  summary: string;
  policyUrl: string;
}

export function and(...values: Tri[]): Tri {
  if (values.includes('no')) return 'no';
  return values.includes('unknown') ? 'unknown' : 'yes';
}

export function or(...values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('unknown') ? 'unknown' : 'no';
}

function compare(fact: Fact, test: (n: number) => boolean): Tri {
  if (fact.value === undefined || !Number.isFinite(fact.value)) return 'unknown';
  return test(fact.value) ? 'yes' : 'no';
}

function describeFact(fact: Fact, unit: string, plural: string): string {
  if (fact.value === undefined) return `unknown (${fact.source})`;
  return `${fact.value} ${fact.value === 1 ? unit : plural} (${fact.source})`;
}

export function assessUnpublish(facts: UnpublishFacts): UnpublishAssessment {
  const P = UNPUBLISH_POLICY;
  const published = facts.publishedAt === undefined ? Number.NaN : Date.parse(facts.publishedAt);
  const known = Number.isFinite(published);
  const hours = known ? (facts.now.getTime() - published) / 3_600_000 : undefined;
  const within: Tri = hours === undefined ? 'unknown' : hours < P.windowHours ? 'yes' : 'no';

  const conditions: UnpublishCondition[] = [
    {
      id: 'within-72-hours',
      requirement: `published less than ${P.windowHours} hours ago`,
      actual: hours === undefined ? 'unknown (the registry recorded no publish time)' : `published ${formatHours(hours)} ago`,
      met: within,
    },
    {
      id: 'no-dependents',
      requirement: 'no other package in the public registry depends on it',
      actual: describeFact(facts.dependents, 'dependent', 'dependents'),
      met: compare(facts.dependents, (n) => n === 0),
    },
    {
      id: 'under-300-weekly-downloads',
      requirement: `fewer than ${P.weeklyDownloadsBelow} downloads over the last week`,
      actual: describeFact(facts.weeklyDownloads, 'download', 'downloads'),
      met: compare(facts.weeklyDownloads, (n) => n < P.weeklyDownloadsBelow),
    },
    {
      id: 'single-owner',
      requirement: 'a single owner/maintainer',
      actual: describeFact(facts.owners, 'owner', 'owners'),
      met: compare(facts.owners, (n) => n <= P.maxOwners),
    },
  ];
  const met = Object.fromEntries(conditions.map((c) => [c.id, c.met])) as Record<UnpublishConditionId, Tri>;
  const young = and(met['within-72-hours'], met['no-dependents']);
  const lowImpact = and(met['no-dependents'], met['under-300-weekly-downloads'], met['single-owner']);
  const possible = or(young, lowImpact);
  const route = young === 'yes' ? 'within-72-hours' : lowImpact === 'yes' ? 'low-impact' : young === 'unknown' ? 'within-72-hours' : lowImpact === 'unknown' ? 'low-impact' : undefined;

  // Only the facts that could change the answer count as unknown.
  const unknown = possible === 'unknown' ? conditions.filter((c) => c.met === 'unknown' && relevant(c.id, met)).map((c) => `${c.requirement}: ${c.actual}`) : [];
  const assessment: UnpublishAssessment = {
    possible,
    conditions,
    unknown,
    summary: summaryOf(possible, route, conditions, hours, unknown),
    policyUrl: P.url,
  };
  if (route) assessment.route = route;
  if (known) {
    assessment.windowClosesAt = new Date(published + P.windowHours * 3_600_000).toISOString();
    assessment.hoursSincePublish = Math.round(hours! * 10) / 10;
  }
  return assessment;
}

/** A condition matters unless a route it belongs to is already ruled out by another fact. */
function relevant(id: UnpublishConditionId, met: Record<UnpublishConditionId, Tri>): boolean {
  if (id === 'no-dependents') return true;
  if (id === 'within-72-hours') return met['no-dependents'] !== 'no';
  // downloads and owners only matter on the low-impact route
  const others = (['no-dependents', 'under-300-weekly-downloads', 'single-owner'] as const).filter((x) => x !== id);
  return others.every((x) => met[x] !== 'no') && met['within-72-hours'] !== 'yes';
}

function summaryOf(possible: Tri, route: UnpublishAssessment['route'], conditions: UnpublishCondition[], hours: number | undefined, unknown: string[]): string {
  const failed = conditions.filter((c) => c.met === 'no').map((c) => c.requirement);
  switch (possible) {
    case 'yes':
      return route === 'within-72-hours'
        ? `unpublish is allowed: published ${formatHours(hours ?? 0)} ago, inside the 72-hour window, and nothing depends on it`
        : 'unpublish is allowed: no dependents, fewer than 300 downloads last week, a single owner';
    case 'no':
      return `unpublish is not allowed: not met: ${failed.join('; ')}. Deprecate instead`;
    case 'unknown': {
      const open = conditions.filter((c) => c.met === 'unknown' && unknown.some((u) => u.startsWith(c.requirement))).map((c) => c.requirement);
      const window = route === 'within-72-hours' && hours !== undefined ? `; the 72-hour window closes in ${formatHours(72 - hours)}` : '';
      return `unpublish is allowed only if: ${open.join('; ')} — shipgate could not find out${window}`;
    }
    default:
      return assertNever(possible);
  }
}

export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} minutes`;
  if (hours < 72) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.round(hours / 24)} days`;
}

function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}
