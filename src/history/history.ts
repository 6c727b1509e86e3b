// `shipgate history`: every version of a package, fetched (or taken from the cache), verified
// against dist.integrity and run through the same rules and policy as `check`. I/O lives here;
// listing versions and summarising reports are pure (versions.ts, summarise.ts).
import { cacheDir as defaultCacheDir } from '../baseline/registry.js';
import { ShipgateError } from '../errors.js';
import { evaluate, inspectTarball } from '../inspect.js';
import { defaultConfig, type ShipgateConfig } from '../policy/config.js';
import { fetchPackument, registryContext, type RegistryContext, type RegistryOptions } from '../registry/fetch.js';
import { verifyVersion, type VerifyOptions } from '../registry/verify.js';
import type { Report } from '../report.js';
import type { Artifact } from '../types.js';
import { shipgateRoot } from '../util/package-root.js';
import { strongestHash, TarballCache } from './cache.js';
import { ledgerPath, mergeLedger, readLedger, writeLedger, type LedgerVersion } from './ledger.js';
import type { HistoryResult, HistoryTotals, HistoryVersion, VersionStatus } from './model.js';
import { mapBounded } from './pool.js';
import { summariseInspection } from './summarise.js';
import { listVersions, parseRange, type ListedVersion } from './versions.js';

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 32;

export interface HistoryProgress {
  /** Versions finished so far, and how many there are to do. */
  done: number;
  total: number;
  /** The version just finished. */
  version: string;
  status: VersionStatus;
}

export interface HistoryOptions extends RegistryOptions {
  /** Only versions satisfying this semver range (prereleases included). */
  range?: string;
  config?: ShipgateConfig;
  /** Versions fetched and inspected at once (default 4). */
  concurrency?: number;
  /** Tarball cache and ledger folder (default `$SHIPGATE_CACHE` or `~/.cache/shipgate`). */
  cacheDir?: string;
  /** Also run `verifyVersion` on every published version (signature and provenance). */
  verify?: boolean;
  /** Passed to `verifyVersion` (trust material); the identity policy is not checked here. */
  verifyOptions?: Pick<VerifyOptions, 'trustDir' | 'trustedRoot' | 'keys'>;
  /** Clock for allow-entry expiry. */
  now?: Date;
  onProgress?: (progress: HistoryProgress) => void;
}

/** One version's bytes through the rules, as `check` would see them. */
export interface InspectedVersion {
  artifact: Artifact;
  report: Report;
  fromCache: boolean;
}

/**
 * Fetches (or finds in the cache) the tarball with this integrity and inspects it. The sha512 the
 * reader computes while inspecting must equal `integrity`, whichever way the bytes came.
 */
export async function inspectPublishedTarball(
  req: { id: string; url?: string; integrity: string },
  env: { cache: TarballCache; ctx: RegistryContext; config: ShipgateConfig; now?: Date },
): Promise<InspectedVersion> {
  const { file, hit } = await env.cache.get(req, env.ctx);
  let artifact: Artifact;
  try {
    artifact = await inspectTarball(file, { config: env.config, target: req.id });
  } finally {
    // The store keeps the bytes; the private copy is only for the reader.
    await env.cache.release(file);
  }
  if (!sameHash(artifact.integrity, req.integrity)) {
    throw new ShipgateError('E_INTEGRITY', `${req.id}: the bytes read hash to ${artifact.integrity?.slice(0, 23)}…, dist.integrity is ${req.integrity.slice(0, 23)}…`, 'the cached or downloaded tarball is not the published one; do not trust this version');
  }
  return { artifact, report: evaluate(artifact, env.config, env.now), fromCache: hit };
}

/** sha512 is compared; when the registry only knows a weaker hash the cache checked it already. */
function sameHash(actual: string | undefined, expected: string): boolean {
  const want = strongestHash(expected);
  if (!want || want.algorithm !== 'sha512') return true;
  return strongestHash(actual)?.hex === want.hex;
}

export async function inspectHistory(name: string, options: HistoryOptions = {}): Promise<HistoryResult> {
  const range = parseRange(options.range);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new ShipgateError('E_USAGE', `concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${concurrency}`, `pass --concurrency ${DEFAULT_CONCURRENCY}`);
  }
  const config = options.config ?? defaultConfig();
  const ctx = registryContext(name, options);
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env);
  const cache = new TarballCache(cacheDir);
  const packument = await fetchPackument(name, ctx);

  const ledgerFile = ledgerPath(cacheDir, ctx.registry, name);
  const ledger = await readLedger(ledgerFile, name, ctx.registry);
  const listed = listVersions(packument, { range, remembered: ledger.versions });
  const notes: string[] = [];

  let done = 0;
  let rows: HistoryVersion[];
  try {
    rows = await mapBounded(listed, concurrency, async (entry) => {
      const row = await inspectOne(name, entry, { cache, ctx, config, now: options.now, options });
      done++;
      options.onProgress?.({ done, total: listed.length, version: entry.version, status: row.status });
      return row;
    });
  } finally {
    await cache.dispose();
  }

  // Remember every version the registry lists now, so a later unpublish is still visible.
  const seen: Record<string, LedgerVersion> = {};
  for (const entry of listVersions(packument)) {
    if (entry.published) seen[entry.version] = { publishedAt: entry.publishedAt, integrity: entry.integrity };
  }
  try {
    await writeLedger(ledgerFile, mergeLedger(ledger, seen));
  } catch (err) {
    notes.push(`could not record the versions seen in ${ledgerFile} (${(err as NodeJS.ErrnoException).code ?? 'write error'}): a later unpublish may go unnoticed on registries that drop publish times`);
  }
  if (rows.some((r) => r.goneEvidence === 'ledger')) {
    notes.push('versions marked "gone (seen earlier)" are missing from the registry but were listed when shipgate last looked; this registry does not keep the publish time of unpublished versions');
  }

  const totals = totalsOf(rows);
  return {
    schemaVersion: 1,
    tool: { name: 'shipgate', version: shipgateRoot().version },
    name,
    registry: ctx.registry,
    ...(range !== undefined ? { range } : {}),
    failOn: config.failOn,
    distTags: { ...(packument['dist-tags'] ?? {}) },
    versions: rows,
    totals,
    cache: { dir: cacheDir, hits: cache.stats.hits, downloads: cache.stats.downloads },
    passed: totals.leaked === 0 && totals.unverified === 0,
    notes,
  };
}

async function inspectOne(
  name: string,
  entry: ListedVersion,
  env: { cache: TarballCache; ctx: RegistryContext; config: ShipgateConfig; now?: Date; options: HistoryOptions },
): Promise<HistoryVersion> {
  const row: HistoryVersion = {
    version: entry.version,
    status: 'gone',
    unpublished: !entry.published,
    publishedAt: entry.publishedAt,
    prerelease: entry.prerelease,
    distTags: entry.distTags,
    provenance: entry.provenance,
  };
  if (entry.goneEvidence) row.goneEvidence = entry.goneEvidence;
  if (entry.deprecated) row.deprecated = entry.deprecated;
  if (entry.integrity) row.integrity = entry.integrity;
  const id = `${name}@${entry.version}`;

  if (!entry.published) {
    // Gone from the registry; its bytes may still be in the cache from an earlier run.
    if (!entry.integrity) return row;
  } else if (!entry.integrity || !entry.tarball) {
    row.status = 'error';
    row.error = `${id}: the version document has no ${entry.integrity ? 'dist.tarball' : 'dist.integrity'}`;
    return row;
  }

  try {
    const { artifact, report, fromCache } = await inspectPublishedTarball({ id, url: entry.published ? entry.tarball : undefined, integrity: entry.integrity! }, env);
    row.inspection = summariseInspection(artifact, report, fromCache);
    row.status = report.passed ? 'clean' : 'leaked';
  } catch (err) {
    if (!(err instanceof ShipgateError)) throw err;
    if (!entry.published && err.code === 'E_TARBALL_GONE') return row;
    row.status = 'error';
    row.error = err.message;
  }

  if (env.options.verify && entry.published) {
    try {
      const v = await verifyVersion(id, {
        registry: env.ctx.registry,
        cwd: env.options.cwd,
        env: env.options.env,
        npmrc: env.options.npmrc,
        ...env.options.verifyOptions,
        policy: { requireProvenance: false },
        // The bytes were just checked against dist.integrity.
        tarball: false,
      });
      row.provenance = { ...row.provenance, verified: { passed: v.passed, provenance: v.provenance.status, signature: v.signature.status, problems: v.problems } };
    } catch (err) {
      // Unreadable trust material is a reason not to run at all, not a fact about this version.
      if (!(err instanceof ShipgateError) || err.code.startsWith('E_TRUST')) throw err;
      row.provenance = { ...row.provenance, verified: { passed: false, problems: [`could not verify: ${err.message}`] } };
    }
  }
  return row;
}

export function totalsOf(rows: readonly HistoryVersion[]): HistoryTotals {
  const count = (status: VersionStatus) => rows.filter((r) => r.status === status).length;
  return {
    versions: rows.length,
    inspected: rows.filter((r) => r.inspection).length,
    clean: count('clean'),
    leaked: count('leaked'),
    errors: count('error'),
    gone: rows.filter((r) => r.unpublished).length,
    unverified: rows.filter((r) => r.provenance.verified && !r.provenance.verified.passed).length,
  };
}
