// Downloads one published version through pacote, the library npm itself uses: registry, scoped
// registries and auth come from npm config (.npmrc, npm_config_*), the bytes are checked against
// the packument's dist.integrity, and tarballs are cached by integrity in shipgate's own cache.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Pacote from 'pacote';
import { lazyRequire } from '../util/lazy.js';
import { ShipgateError } from '../errors.js';
import { registryContext, registryError } from '../registry/fetch.js';

const loadPacote = lazyRequire<typeof Pacote>('pacote');

export interface ReleaseFetchOptions {
  /** `--registry`: wins over every npm config registry, scoped ones included. */
  registry?: string;
  /** Directory whose `.npmrc` is the project config. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Retries on network errors and 5xx (default 2, with exponential backoff). */
  retries?: number;
  timeoutMs?: number;
}

export interface FetchedRelease {
  name: string;
  version: string;
  /** The packument's `dist.integrity` the bytes were checked against. */
  integrity: string;
  /** Registry the version was read from. */
  registry: string;
  /** Where the tarball came from. */
  resolved: string;
  /** The downloaded tarball, in a private temporary directory. */
  tarball: string;
  cleanup(): Promise<void>;
}

/** The package (or the requested version of it) is not on the registry: for `--baseline`, "no baseline". */
export class NotPublishedError extends ShipgateError {
  /** `package`: no such package; `version`: nothing matches the spec; `tarball`: listed, but its tarball is gone. */
  readonly missing: 'package' | 'version' | 'tarball';
  constructor(missing: NotPublishedError['missing'], message: string, hint?: string) {
    super('E_NOT_PUBLISHED', message, hint);
    this.missing = missing;
  }
}

/** `$SHIPGATE_CACHE`, else `$XDG_CACHE_HOME/shipgate`, else `~/.cache/shipgate`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIPGATE_CACHE) return path.resolve(env.SHIPGATE_CACHE);
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'shipgate');
  return path.join(env.HOME ?? env.USERPROFILE ?? os.homedir(), '.cache', 'shipgate');
}

const NAME_RE = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;

/** `name`, `name@1.2.3`, `name@^1`, `name@next`, scoped or not; undefined when it is not one. */
export function parseRegistrySpec(spec: string): { name: string; wanted: string } | undefined {
  const at = spec.indexOf('@', 1);
  const name = at > 0 ? spec.slice(0, at) : spec;
  const wanted = at > 0 ? spec.slice(at + 1) : 'latest';
  if (!NAME_RE.test(name) || wanted === '' || /\s/.test(wanted)) return undefined;
  return { name, wanted };
}

interface PacoteFailure {
  code?: string;
  statusCode?: number;
  message?: string;
  found?: string;
  expected?: string;
}

export async function fetchRelease(spec: string, options: ReleaseFetchOptions): Promise<FetchedRelease> {
  const parsed = parseRegistrySpec(spec);
  if (!parsed) throw new ShipgateError('EUSAGE', `not a package spec: "${spec}"`, 'expected name, name@version, name@range or name@tag, e.g. left-pad@1.3.0');
  const { name, wanted } = parsed;
  const ctx = registryContext(name, { registry: options.registry, cwd: options.cwd, env: options.env, retries: options.retries, timeoutMs: options.timeoutMs });
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  const pacote = loadPacote();
  const opts: Pacote.Options & Record<string, unknown> = {
    ...ctx.fetchOptions,
    // registryContext already chose the registry (--registry, else scoped, else default); make pacote agree.
    ...(scope ? { [`${scope}:registry`]: ctx.registry } : {}),
    cache: path.join(cacheDir(options.env), '_cacache'),
  };
  let manifest: { name: string; version: string; _integrity?: string; _resolved?: string };
  try {
    // A fresh packument: "latest" must mean latest now, not when the cache was filled.
    manifest = await pacote.manifest(`${name}@${wanted}`, { ...opts, preferOnline: true });
  } catch (err) {
    const e = (err ?? {}) as PacoteFailure;
    if (e.code === 'E404' || e.statusCode === 404) {
      throw new NotPublishedError('package', `${name} is not published on ${ctx.registry}`, 'check the name, --registry and your .npmrc registries');
    }
    if (e.code === 'ETARGET') {
      throw new NotPublishedError('version', `no version of ${name} on ${ctx.registry} matches "${wanted}" (never published, or unpublished)`, `run "npm view ${name} versions --registry ${ctx.registry}" to see what is there`);
    }
    throw registryError(err, `${ctx.registry}${name.replace('/', '%2f')}`, `package ${name}`);
  }
  const integrity = manifest._integrity;
  const resolved = manifest._resolved;
  if (!integrity || !resolved) {
    throw new ShipgateError('E_NO_INTEGRITY', `${manifest.name}@${manifest.version} on ${ctx.registry} has no dist.integrity (or no dist.tarball), so its bytes cannot be verified`, 'shipgate only compares against releases it can verify');
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'shipgate-release-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const tarball = path.join(dir, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`);
  try {
    // With `integrity` set, pacote reads the cache by digest first and verifies network bytes against it.
    await pacote.tarball.file(`${manifest.name}@${manifest.version}`, tarball, { ...opts, preferOnline: false, integrity, resolved });
  } catch (err) {
    await cleanup();
    const e = (err ?? {}) as PacoteFailure;
    if (e.code === 'EINTEGRITY') {
      throw new ShipgateError(
        'E_INTEGRITY',
        `the tarball of ${manifest.name}@${manifest.version} from ${resolved} does not match the registry's dist.integrity (${integrity})`,
        'the registry, a proxy or a cache served other bytes than were published; do not trust this release, and retry or report it',
      );
    }
    if (e.code === 'E404' || e.statusCode === 404) {
      throw new NotPublishedError('tarball', `${manifest.name}@${manifest.version} is listed on ${ctx.registry} but its tarball ${resolved} answered 404 (withdrawn?)`);
    }
    throw registryError(err, resolved, `tarball of ${manifest.name}@${manifest.version}`);
  }
  return { name: manifest.name, version: manifest.version, integrity, registry: ctx.registry, resolved, tarball, cleanup };
}
