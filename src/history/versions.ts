// Which versions a package has had, from the packument (and the ledger of earlier runs): pure.
import type Semver from 'semver';
import { ShipgateError } from '../errors.js';
import type { Packument, VersionManifest } from '../registry/fetch.js';
import type { LedgerVersion } from './ledger.js';
import type { GoneEvidence, VersionProvenance } from './model.js';
import { requireCjs } from '../util/lazy.js';

const semver = requireCjs<typeof Semver>('semver');

/** Keys of the packument's `time` that are not versions. */
const TIME_META_KEYS: ReadonlySet<string> = new Set(['created', 'modified', 'unpublished']);

export interface ListedVersion {
  version: string;
  /** The registry still serves it. */
  published: boolean;
  goneEvidence?: GoneEvidence;
  publishedAt?: string;
  prerelease: boolean;
  distTags: string[];
  deprecated?: string;
  manifest?: VersionManifest;
  /** `dist.integrity`, or `sha1-` built from `dist.shasum` for versions that predate integrity. */
  integrity?: string;
  tarball?: string;
  provenance: VersionProvenance;
}

/** Checks a `--range` up front, so a typo is a usage error rather than an empty table. */
export function parseRange(range: string | undefined): string | undefined {
  if (range === undefined) return undefined;
  if (semver.validRange(range, { loose: true }) === null) {
    throw new ShipgateError('E_USAGE', `--range "${range}" is not a semver range`, "use a range such as '<1.1.0', '^2' or '>=1.0.0 <2.0.0'");
  }
  return range;
}

/**
 * Every version ever seen: those in `versions`, and those gone from it (listed in `time`, or
 * remembered from an earlier run), oldest first. Prereleases are included in a range match:
 * history is about what was published, whatever its tag.
 */
export function listVersions(packument: Packument, options: { range?: string; remembered?: Record<string, LedgerVersion> } = {}): ListedVersion[] {
  const versions = packument.versions ?? {};
  const time = packument.time ?? {};
  const tags = packument['dist-tags'] ?? {};
  const tagsOf = (v: string) => Object.keys(tags).filter((t) => tags[t] === v).sort();
  const out = new Map<string, ListedVersion>();

  for (const [version, manifest] of Object.entries(versions)) {
    const deprecated = typeof manifest.deprecated === 'string' && manifest.deprecated !== '' ? manifest.deprecated : undefined;
    const entry: ListedVersion = {
      version,
      published: true,
      publishedAt: isoTime(time[version]),
      prerelease: isPrerelease(version),
      distTags: tagsOf(version),
      manifest,
      integrity: integrityOf(manifest),
      tarball: typeof manifest.dist?.tarball === 'string' ? manifest.dist.tarball : undefined,
      provenance: declaredProvenance(manifest),
    };
    if (deprecated) entry.deprecated = deprecated;
    out.set(version, entry);
  }
  for (const [key, when] of Object.entries(time)) {
    if (TIME_META_KEYS.has(key) || out.has(key) || !semver.valid(key, { loose: true })) continue;
    out.set(key, gone(key, 'packument-time', isoTime(when), options.remembered?.[key]?.integrity));
  }
  for (const [version, facts] of Object.entries(options.remembered ?? {})) {
    if (out.has(version) || !semver.valid(version, { loose: true })) continue;
    out.set(version, gone(version, 'ledger', facts.publishedAt, facts.integrity));
  }

  const range = options.range;
  return [...out.values()]
    .filter((v) => range === undefined || semver.satisfies(v.version, range, { loose: true, includePrerelease: true }))
    .sort((a, b) => semver.compare(a.version, b.version, { loose: true }));
}

function gone(version: string, evidence: GoneEvidence, publishedAt: string | undefined, integrity: string | undefined): ListedVersion {
  return {
    version,
    published: false,
    goneEvidence: evidence,
    publishedAt,
    prerelease: isPrerelease(version),
    distTags: [],
    integrity,
    provenance: { declared: 'unknown' },
  };
}

export function isPrerelease(version: string): boolean {
  return (semver.prerelease(version, { loose: true })?.length ?? 0) > 0;
}

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** `dist.integrity`, else the sha1 `dist.shasum` as SRI (packages published before 2017). */
export function integrityOf(manifest: VersionManifest): string | undefined {
  const dist = manifest.dist;
  if (typeof dist?.integrity === 'string' && dist.integrity !== '') return dist.integrity;
  if (typeof dist?.shasum === 'string' && /^[0-9a-f]{40}$/i.test(dist.shasum)) return `sha1-${Buffer.from(dist.shasum, 'hex').toString('base64')}`;
  return undefined;
}

/** What the version document says, before anything is verified. */
export function declaredProvenance(manifest: VersionManifest): VersionProvenance {
  const predicateType = manifest.dist?.attestations?.provenance?.predicateType;
  if (typeof predicateType === 'string') return { declared: 'present', predicateType };
  return { declared: 'absent' };
}
