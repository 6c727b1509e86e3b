// `shipgate incident`: read everything the plan needs (packument, the bad version's bytes, the
// unpublish facts), then hand it to the pure planner. Nothing here changes the registry.
import type Semver from 'semver';
import { cacheDir as defaultCacheDir } from '../baseline/registry.js';
import { ShipgateError } from '../errors.js';
import { TarballCache } from '../history/cache.js';
import { inspectPublishedTarball } from '../history/history.js';
import { ledgerPath, readLedger } from '../history/ledger.js';
import type { VersionInspection } from '../history/model.js';
import { summariseInspection } from '../history/summarise.js';
import { integrityOf } from '../history/versions.js';
import { defaultConfig, type ShipgateConfig } from '../policy/config.js';
import { fetchPackument, registryContext, type Packument, type RegistryOptions } from '../registry/fetch.js';
import { parseSpec, pickVersion } from '../registry/verify.js';
import { shipgateRoot } from '../util/package-root.js';
import { gatherFacts, type FactOverrides } from './facts.js';
import type { IncidentPlan } from './model.js';
import { buildPlan } from './plan.js';
import { requireCjs } from '../util/lazy.js';

const semver = requireCjs<typeof Semver>('semver');

export interface IncidentOptions extends RegistryOptions {
  config?: ShipgateConfig;
  /** Tarball cache and ledger (default `$SHIPGATE_CACHE` or `~/.cache/shipgate`). */
  cacheDir?: string;
  /** Deprecation message (default: written from what leaked). */
  message?: string;
  /** Unpublish facts the user knows and the registry cannot tell. */
  facts?: FactOverrides;
  now?: Date;
}

export async function planIncident(spec: string, options: IncidentOptions = {}): Promise<IncidentPlan> {
  const { name, wanted } = parseSpec(spec);
  if (wanted === undefined) {
    throw new ShipgateError('E_USAGE', `incident needs the bad version: "${spec}" names no version`, `usage: shipgate incident ${name}@<version>`);
  }
  const ctx = registryContext(name, options);
  const packument = await fetchPackument(name, ctx);
  const cacheDir = options.cacheDir ?? defaultCacheDir(options.env);
  const ledger = await readLedger(ledgerPath(cacheDir, ctx.registry, name), name, ctx.registry);
  const version = resolveVersion(packument, wanted, Object.keys(ledger.versions));
  if (!version) {
    const tags = Object.entries(packument['dist-tags'] ?? {}).map(([t, v]) => `${t}=${v}`).join(', ');
    throw new ShipgateError('E_VERSION_NOT_FOUND', `${name}@${wanted} matches no version on ${ctx.registry}, published or unpublished`, tags ? `dist-tags: ${tags}` : 'the package lists no dist-tags');
  }

  const config = options.config ?? defaultConfig();
  const now = options.now ?? new Date();
  const manifest = packument.versions?.[version];
  const integrity = manifest ? integrityOf(manifest) : ledger.versions[version]?.integrity;
  const url = typeof manifest?.dist?.tarball === 'string' ? manifest.dist.tarball : undefined;
  let inspection: VersionInspection | undefined;
  let inspectionError: string | undefined;
  if (!integrity) {
    inspectionError = manifest ? 'the version document has no dist.integrity' : 'it is unpublished and its integrity was never recorded here';
  } else {
    const cache = new TarballCache(cacheDir);
    try {
      const got = await inspectPublishedTarball({ id: `${name}@${version}`, url, integrity }, { cache, ctx, config, now });
      inspection = summariseInspection(got.artifact, got.report, got.fromCache);
    } catch (err) {
      if (!(err instanceof ShipgateError)) throw err;
      inspectionError = manifest ? err.message : 'it is unpublished and no copy is in the local cache';
    } finally {
      await cache.dispose();
    }
  }

  const facts = await gatherFacts(name, packument, ctx, options.facts);
  return buildPlan({
    name,
    version,
    registry: ctx.registry,
    packument,
    inspection,
    inspectionError,
    facts,
    message: options.message,
    now,
    toolVersion: shipgateRoot().version,
  });
}

/** An exact version (published, or unpublished but on record), else a dist-tag or range as npm resolves it. */
function resolveVersion(packument: Packument, wanted: string, remembered: string[]): string | undefined {
  const exact = semver.valid(wanted, { loose: true });
  if (exact) {
    const known = [...Object.keys(packument.versions ?? {}), ...Object.keys(packument.time ?? {}), ...remembered];
    return known.find((v) => semver.valid(v, { loose: true }) === exact);
  }
  return pickVersion(packument, wanted);
}
