// Registry reads shared by `verify`, `diff` and `history`: npm config (.npmrc, npm_config_*)
// is read here once, npm-registry-fetch does auth and retries, and every failure the user
// can act on becomes a ShipgateError. Nothing here prints.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type NpmFetch from 'npm-registry-fetch';
import { lazyRequire } from '../util/lazy.js';
import { ShipgateError } from '../errors.js';

const npmFetch = lazyRequire<typeof NpmFetch>('npm-registry-fetch');

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

export interface RegistryOptions {
  /** Registry URL. Default: `@scope:registry`, then `registry` from npm config, then npmjs. */
  registry?: string;
  /** Directory whose `.npmrc` is the project config. Default: `process.cwd()`. */
  cwd?: string;
  /** Environment for `npm_config_*` and `${VAR}` expansion in `.npmrc`. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Read `.npmrc` files and `npm_config_*` variables (default true). */
  npmrc?: boolean;
  /** Retries on network errors and 5xx responses (default 2). */
  retries?: number;
  /** Per-request timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** A version document as the registry serves it; only the fields shipgate reads are typed. */
export interface VersionManifest {
  name?: string;
  version?: string;
  _id?: string;
  dist?: {
    integrity?: string;
    shasum?: string;
    tarball?: string;
    signatures?: Array<{ keyid?: string; sig?: string }>;
    attestations?: { url?: string; provenance?: { predicateType?: string } };
    [key: string]: unknown;
  };
  _npmUser?: {
    name?: string;
    email?: string;
    trustedPublisher?: { id?: string; oidcConfigId?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface Packument {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, VersionManifest>;
  time?: Record<string, string>;
  [key: string]: unknown;
}

type FlatConfig = Record<string, unknown>;

/** npm config keys npm-registry-fetch reads under another name. Everything else passes as-is. */
const CONFIG_RENAMES: Record<string, string> = {
  'strict-ssl': 'strictSSL',
  'https-proxy': 'httpsProxy',
  noproxy: 'noProxy',
  'local-address': 'localAddress',
  'user-agent': 'userAgent',
};

/** Reads `.npmrc` (project, then user) and `npm_config_*` env into one flat object, later wins. */
export function loadNpmConfig(cwd: string, env: NodeJS.ProcessEnv): FlatConfig {
  const config: FlatConfig = {};
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const userconfig = envConfig(env, 'userconfig') ?? path.join(home, '.npmrc');
  // npm's precedence is env > project > user; apply lowest first.
  for (const file of [userconfig, path.join(cwd, '.npmrc')]) {
    Object.assign(config, parseNpmrc(readOptional(file), env));
  }
  for (const [key, value] of Object.entries(env)) {
    const m = /^npm_config_(.+)$/i.exec(key);
    if (m && value !== undefined) config[m[1].toLowerCase().replace(/_/g, '-')] = value;
  }
  if (typeof config.cafile === 'string' && config.ca === undefined) {
    const ca = readOptional(config.cafile);
    if (ca) config.ca = ca;
  }
  for (const [from, to] of Object.entries(CONFIG_RENAMES)) {
    if (config[from] !== undefined) config[to] = config[from];
  }
  if (typeof config.strictSSL === 'string') config.strictSSL = config.strictSSL !== 'false';
  // Verification reads the registry live: no npm cache reads or writes, no offline mode.
  for (const key of ['cache', 'offline', 'prefer-offline', 'preferOffline']) delete config[key];
  return config;
}

function envConfig(env: NodeJS.ProcessEnv, key: string): string | undefined {
  return env[`npm_config_${key}`] ?? env[`NPM_CONFIG_${key.toUpperCase()}`];
}

function readOptional(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The `key = value` subset of ini that `.npmrc` files use, with npm's `${VAR}` expansion. */
export function parseNpmrc(text: string, env: NodeJS.ProcessEnv): FlatConfig {
  const out: FlatConfig = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';') || line.startsWith('[')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = expandEnv(line.slice(0, eq).trim(), env);
    let value = line.slice(eq + 1).trim();
    if (/^".*"$/.test(value) || /^'.*'$/.test(value)) value = value.slice(1, -1);
    out[key] = expandEnv(value, env);
  }
  return out;
}

function expandEnv(s: string, env: NodeJS.ProcessEnv): string {
  return s.replace(/(\\*)\$\{([^}?]+)(\?)?\}/g, (whole, esc: string, name: string, optional?: string) => {
    if (esc.length % 2 === 1) return whole.slice(1);
    const v = env[name];
    return esc + (v ?? (optional ? '' : whole));
  });
}

/** Everything npm-registry-fetch needs for one registry: resolved URL plus auth/proxy config. */
export interface RegistryContext {
  registry: string;
  fetchOptions: NpmFetch.Options & FlatConfig;
}

export function registryContext(name: string | undefined, opts: RegistryOptions = {}): RegistryContext {
  const env = opts.env ?? process.env;
  const config = opts.npmrc === false ? {} : loadNpmConfig(opts.cwd ?? process.cwd(), env);
  const scope = name?.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  const fromConfig =
    (scope && typeof config[`${scope}:registry`] === 'string' ? (config[`${scope}:registry`] as string) : undefined) ??
    (typeof config.registry === 'string' ? config.registry : undefined);
  const registry = withTrailingSlash(opts.registry ?? fromConfig ?? DEFAULT_REGISTRY);
  try {
    new URL(registry);
  } catch {
    throw new ShipgateError('E_REGISTRY_URL', `invalid registry URL: ${registry}`, 'pass --registry https://host/ or fix `registry` in .npmrc');
  }
  const retries = opts.retries ?? 2;
  return {
    registry,
    fetchOptions: {
      ...config,
      registry,
      timeout: opts.timeoutMs ?? 30_000,
      retry: { retries, factor: 2, minTimeout: 500, maxTimeout: 4000 },
      // Never let a stale HTTP cache answer a verification question.
      preferOnline: true,
    },
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `@scope/name` -> `@scope%2fname`, as the registry expects in a path. */
export function escapePackageName(name: string): string {
  // npm-package-arg's escapedName: only the scope separator is escaped.
  return name.startsWith('@') ? name.replace('/', '%2f') : name;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_SOCKET_TIMEOUT',
  'FETCH_ERROR',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface FetchFailure {
  code?: string;
  statusCode?: number;
  errno?: string;
  type?: string;
  message?: string;
}

/** Turns an npm-registry-fetch failure into one actionable line. `what` names the resource. */
export function registryError(err: unknown, url: string, what: string): ShipgateError {
  if (err instanceof ShipgateError) return err;
  const e = (err ?? {}) as FetchFailure;
  const status = e.statusCode;
  if (status === 404) {
    return new ShipgateError('E_REGISTRY_NOT_FOUND', `${what} not found: ${url} answered 404`, 'check the name and version, and that --registry points at the right registry');
  }
  if (status === 401 || status === 403) {
    return new ShipgateError('E_REGISTRY_AUTH', `${what}: ${url} answered ${status}`, 'this registry needs credentials: set //host/:_authToken in .npmrc');
  }
  if (typeof status === 'number') {
    return new ShipgateError('E_REGISTRY_HTTP', `${what}: ${url} answered ${status}`, 'the registry is failing; retry later');
  }
  const code = e.code ?? e.errno;
  if ((code && NETWORK_CODES.has(code)) || e.type === 'request-timeout' || e.type === 'system') {
    return new ShipgateError(
      'E_REGISTRY_UNREACHABLE',
      `cannot reach the registry at ${new URL(url).origin} (${code ?? e.type}) while fetching ${what}`,
      'check your network, proxy settings and --registry',
    );
  }
  if (err instanceof SyntaxError) {
    return new ShipgateError('E_REGISTRY_BAD_RESPONSE', `${what}: ${url} did not return valid JSON`, 'is --registry an npm registry?');
  }
  return new ShipgateError('E_REGISTRY_FAILED', `${what}: request to ${url} failed: ${e.message ?? String(err)}`);
}

function absolute(pathOrUrl: string, registry: string): string {
  return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : new URL(pathOrUrl.replace(/^\//, ''), registry).href;
}

/** GET a JSON document from the registry (path relative to the registry, or a full URL). */
export async function fetchRegistryJson(pathOrUrl: string, ctx: RegistryContext, what: string): Promise<unknown> {
  const url = absolute(pathOrUrl, ctx.registry);
  try {
    const res = await npmFetch()(url, { ...ctx.fetchOptions, headers: { accept: 'application/json' } });
    return JSON.parse(await res.text()) as unknown;
  } catch (err) {
    throw registryError(err, url, what);
  }
}

/** GET raw bytes (a tarball) with the registry's auth. */
export async function fetchRegistryBytes(url: string, ctx: RegistryContext, what: string): Promise<Buffer> {
  const full = absolute(url, ctx.registry);
  try {
    const res = await npmFetch()(full, { ...ctx.fetchOptions, integrity: undefined });
    return await res.buffer();
  } catch (err) {
    throw registryError(err, full, what);
  }
}

/** The full packument (with `time` and `_npmUser`, which the abbreviated one lacks). */
export async function fetchPackument(name: string, opts: RegistryOptions | RegistryContext = {}): Promise<Packument> {
  const ctx = 'fetchOptions' in opts ? opts : registryContext(name, opts);
  const doc = await fetchRegistryJson(escapePackageName(name), ctx, `package ${name}`);
  if (!isObject(doc) || !isObject(doc.versions)) {
    throw new ShipgateError('E_REGISTRY_BAD_RESPONSE', `package ${name}: ${ctx.registry} returned a document without versions`, 'is --registry an npm registry?');
  }
  return doc as Packument;
}

/** One version document, `GET /<name>/<version>`. */
export async function fetchVersion(name: string, version: string, opts: RegistryOptions | RegistryContext = {}): Promise<VersionManifest> {
  const ctx = 'fetchOptions' in opts ? opts : registryContext(name, opts);
  const doc = await fetchRegistryJson(`${escapePackageName(name)}/${encodeURIComponent(version)}`, ctx, `${name}@${version}`);
  if (!isObject(doc)) {
    throw new ShipgateError('E_REGISTRY_BAD_RESPONSE', `${name}@${version}: ${ctx.registry} returned something other than a version document`);
  }
  return doc as VersionManifest;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
