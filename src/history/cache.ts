// Published tarballs, cached by integrity in shipgate's cache: the same pacote (cacache) store,
// under the same folder, that `--baseline` downloads use (src/baseline/registry.ts), so a
// version fetched by one command is a hit for the other. A published version's bytes never
// change, so a hit is as good as a download. pacote checks the bytes against `dist.integrity`
// as they stream in, and cacache checks them again when they are read back.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Pacote from 'pacote';
import { lazyRequire } from '../util/lazy.js';
import { ShipgateError } from '../errors.js';
import type { RegistryContext } from '../registry/fetch.js';

/** pacote's content-addressed store inside the cache folder. */
export function tarballStore(dir: string): string {
  return path.join(dir, '_cacache');
}

/** The strongest hash of an SRI string (`sha512-… sha1-…`), as `{ algorithm, hex }`. */
export function strongestHash(integrity: string | undefined): { algorithm: string; hex: string } | undefined {
  if (!integrity) return undefined;
  const rank = ['sha1', 'sha256', 'sha384', 'sha512'];
  let best: { algorithm: string; hex: string } | undefined;
  for (const part of integrity.trim().split(/\s+/)) {
    const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(part);
    if (!m) continue;
    const candidate = { algorithm: m[1]!, hex: Buffer.from(m[2]!, 'base64').toString('hex') };
    if (!best || rank.indexOf(candidate.algorithm) > rank.indexOf(best.algorithm)) best = candidate;
  }
  return best;
}

export interface TarballRequest {
  /** `name@version`, for messages. */
  id: string;
  /** `dist.tarball`; undefined for a version the registry no longer serves (cache only). */
  url?: string;
  /** `dist.integrity` (or `sha1-` from `dist.shasum` for very old versions). */
  integrity: string;
}

export interface CachedTarball {
  /** A private copy of the bytes, valid until `dispose()`. */
  file: string;
  /** true when the bytes came from the cache, false when they were downloaded now. */
  hit: boolean;
}

export interface TarballCacheStats {
  hits: number;
  downloads: number;
}

type PacoteOptions = Pacote.Options & Record<string, unknown>;

const loadPacote = lazyRequire<typeof Pacote>('pacote');

/**
 * One run's view of the cache: every tarball asked for is read from the store when it is there
 * (no network at all) and downloaded into it otherwise, then copied to a private temporary file
 * for the reader. `dispose()` removes the copies, never the store.
 */
export class TarballCache {
  readonly dir: string;
  readonly stats: TarballCacheStats = { hits: 0, downloads: 0 };
  #work: Promise<string> | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  #workDir(): Promise<string> {
    this.#work ??= mkdtemp(path.join(os.tmpdir(), 'shipgate-history-'));
    return this.#work;
  }

  async #target(integrity: string): Promise<string> {
    const hash = strongestHash(integrity);
    return path.join(await this.#workDir(), `${hash?.algorithm ?? 'x'}-${hash?.hex ?? Math.random().toString(16).slice(2)}.tgz`);
  }

  /** Copies a cached tarball out of the store, or undefined when the store does not hold it. Never touches the network. */
  async lookup(req: TarballRequest, ctx: RegistryContext): Promise<string | undefined> {
    if (!strongestHash(req.integrity)) return undefined;
    const dest = await this.#target(req.integrity);
    // The URL only names the request; with `offline`, pacote reads the store by digest or fails.
    const url = req.url ?? new URL(`-/shipgate-offline/${encodeURIComponent(req.id)}.tgz`, ctx.registry).href;
    try {
      await loadPacote().tarball.file(url, dest, this.#options(ctx, req.integrity, url, { offline: true }));
      return dest;
    } catch {
      await rm(dest, { force: true });
      return undefined;
    }
  }

  async get(req: TarballRequest, ctx: RegistryContext): Promise<CachedTarball> {
    if (!strongestHash(req.integrity)) {
      throw new ShipgateError('E_INTEGRITY', `${req.id}: dist.integrity "${req.integrity.slice(0, 40)}" is not a sha1/sha256/sha384/sha512 SRI string`, 'the registry returned a malformed version document');
    }
    const cached = await this.lookup(req, ctx);
    if (cached && (await matchesWeakHash(cached, req.integrity))) {
      this.stats.hits++;
      return { file: cached, hit: true };
    }
    if (!req.url) throw new ShipgateError('E_TARBALL_GONE', `${req.id}: the registry no longer serves it and the cache holds no copy`);
    const dest = await this.#target(req.integrity);
    try {
      // The tarball URL itself is the spec: no packument round trip per version. pacote verifies
      // `integrity` while streaming and stores the bytes under it.
      await loadPacote().tarball.file(req.url, dest, this.#options(ctx, req.integrity, req.url, { preferOnline: true }));
    } catch (err) {
      await rm(dest, { force: true });
      throw tarballError(err, req);
    }
    this.stats.downloads++;
    return { file: dest, hit: false };
  }

  /** Removes one private copy once it has been read. */
  async release(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  /** Removes this run's private copies. */
  async dispose(): Promise<void> {
    const work = this.#work;
    this.#work = undefined;
    if (work) await rm(await work, { recursive: true, force: true });
  }

  #options(ctx: RegistryContext, integrity: string, resolved: string, extra: PacoteOptions): PacoteOptions {
    return { ...ctx.fetchOptions, preferOnline: false, ...extra, cache: tarballStore(this.dir), integrity, resolved };
  }
}

/** cacache re-checks sha512 content on read; sha1-only versions are re-hashed here to be sure. */
async function matchesWeakHash(file: string, integrity: string): Promise<boolean> {
  const hash = strongestHash(integrity);
  if (!hash || hash.algorithm === 'sha512') return true;
  const digest = createHash(hash.algorithm);
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest('hex') === hash.hex;
}

function tarballError(err: unknown, req: TarballRequest): ShipgateError {
  if (err instanceof ShipgateError) return err;
  const e = (err ?? {}) as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'EINTEGRITY') {
    return new ShipgateError('E_INTEGRITY', `${req.id}: the tarball at ${req.url} does not match dist.integrity`, 'the registry or a proxy served other bytes than were published; do not trust this version');
  }
  if (e.statusCode === 404 || e.code === 'E404') {
    return new ShipgateError('E_TARBALL_GONE', `${req.id}: ${req.url} answered 404`, 'the version is listed but its tarball is gone');
  }
  if (e.statusCode === 401 || e.statusCode === 403 || e.code === 'E401' || e.code === 'E403') {
    return new ShipgateError('E_REGISTRY_AUTH', `${req.id}: ${req.url} answered ${e.statusCode ?? e.code}`, 'this registry needs credentials: set //host/:_authToken in .npmrc');
  }
  return new ShipgateError('E_TARBALL', `${req.id}: downloading ${req.url} failed: ${e.message ?? String(err)}`, 'check your network and --registry');
}
