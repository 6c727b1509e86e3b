// Runs the user's npm to publish one tarball file. Publishing a file (not a directory) makes npm run
// no lifecycle scripts: npm 11's lib/commands/publish.js runs prepublishOnly, publish and postpublish
// only for directory specs, and libnpmpack runs prepack/postpack only for directories. The bytes npm
// uploads are the file's bytes.
import { spawn } from 'node:child_process';
import { ShipgateError } from '../errors.js';
import { npmCommand } from '../packers/npm.js';
import { GUARD_MARKER } from './environment.js';

export interface NpmPublishOptions {
  registry?: string;
  tag?: string;
  access?: 'public' | 'restricted';
  dryRun?: boolean;
  provenance?: boolean;
  /** `npm stage publish` (npm ≥ 11.15): upload for approval instead of publishing. */
  stage?: boolean;
  /** `@scope` of the package, when scoped. */
  scope?: string;
  /** Directory npm runs in (its `.npmrc` applies). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** npm's stderr as it arrives (progress, notices). */
  onOutput?: (text: string) => void;
}

export interface NpmPublishResult {
  /** The npm command line, without the npm binary. */
  args: string[];
  /** What npm says it uploaded (from `--json`). */
  integrity?: string;
  shasum?: string;
  id?: string;
  stageId?: string;
}

/** The arguments for `npm [stage] publish <file>`; pure, for tests and for the report. */
export function npmPublishArgs(file: string, options: Omit<NpmPublishOptions, 'cwd' | 'env' | 'onOutput'>): string[] {
  const args = [...(options.stage ? ['stage'] : []), 'publish', file, '--json'];
  if (options.registry) {
    args.push('--registry', options.registry);
    // npm prefers `@scope:registry` from .npmrc over --registry for scoped names; pin both.
    if (options.scope) args.push(`--${options.scope}:registry=${options.registry}`);
  }
  if (options.tag) args.push('--tag', options.tag);
  if (options.access) args.push('--access', options.access);
  if (options.dryRun) args.push('--dry-run');
  if (options.provenance) args.push('--provenance');
  return args;
}

interface NpmJsonError {
  code?: string;
  summary?: string;
  detail?: string;
}

/** What went wrong, from npm's `--json` error object or its stderr: one actionable ShipgateError. */
export function npmPublishError(error: NpmJsonError, stderr: string, exitCode: number, target: string): ShipgateError {
  const code = error.code ?? /npm error code (\S+)/.exec(stderr)?.[1];
  const summary = (error.summary ?? lastErrorLine(stderr) ?? `npm exited with ${exitCode}`).trim();
  const text = `${code ?? ''} ${summary}`;
  if (code === 'E404' && /\/-\/stage\//.test(summary)) {
    return new ShipgateError('ESTAGE', `the registry has no staged publishing, so ${target} was not staged: ${summary}`, 'npm stage publish needs registry.npmjs.org (npm ≥ 11.15); publish without --stage elsewhere');
  }
  if (/cannot publish over|previously published version|EPUBLISHCONFLICT|already present|already exists|cannot modify pre-existing version/i.test(text)) {
    return new ShipgateError('EPUBLISHCONFLICT', `${target} is already published: ${summary}`, 'bump the version in package.json; a published version can never be replaced');
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up/i.test(text) || /^E5\d\d$/.test(code ?? '')) {
    return new ShipgateError('E_REGISTRY_UNREACHABLE', `npm could not reach the registry to publish ${target}: ${summary}`, 'check --registry, your network and the registry status, then run again');
  }
  if (code === 'ENEEDAUTH' || code === 'E401') {
    return new ShipgateError('E_REGISTRY_AUTH', `npm has no credentials to publish ${target}: ${summary}`, 'use trusted publishing (id-token: write), or set //host/:_authToken in .npmrc');
  }
  if (code === 'EOTP') {
    return new ShipgateError('E_REGISTRY_AUTH', `the registry asks for a one-time password to publish ${target}`, 'use trusted publishing or a granular token that bypasses 2FA for automation; or stage it (--stage) and approve with 2FA');
  }
  return new ShipgateError('EPUBLISH', `npm publish of ${target} failed${code ? ` (${code})` : ''}: ${summary}`, 'npm\'s debug log (path in its output) has the details');
}

function lastErrorLine(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!) ?/, '').trim())
    .filter((l) => l && !/^code \S+$|complete log of this run|^A complete log/i.test(l))
    .pop();
}

/** `npm [stage] publish <file> --json`; throws a ShipgateError on failure. */
export async function npmPublishFile(file: string, target: string, options: NpmPublishOptions): Promise<NpmPublishResult> {
  const args = npmPublishArgs(file, options);
  const { command, prefix } = npmCommand(options.env);
  const { code, stdout, stderr } = await run(command, [...prefix, ...args], options);
  const parsed = parseJson(stdout);
  if (code !== 0) {
    const error = isRecord(parsed) && isRecord(parsed.error) ? (parsed.error as NpmJsonError) : {};
    throw npmPublishError(error, stderr, code, target);
  }
  // `--json` prints { "<name>": { id, integrity, shasum, ..., stageId? } } (npm 11).
  const entry = isRecord(parsed) ? Object.values(parsed).find(isRecord) : undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    args,
    ...(entry && str(entry.integrity) ? { integrity: str(entry.integrity) } : {}),
    ...(entry && str(entry.shasum) ? { shasum: str(entry.shasum) } : {}),
    ...(entry && str(entry.id) ? { id: str(entry.id) } : {}),
    ...(entry && str(entry.stageId) ? { stageId: str(entry.stageId) } : {}),
  };
}

function parseJson(text: string): unknown {
  const start = text.indexOf('{');
  if (start === -1) return undefined;
  try {
    return JSON.parse(text.slice(start)) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function run(command: string, args: string[], options: NpmPublishOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...options.env, [GUARD_MARKER]: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false' };
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < 4 * 1024 * 1024) stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      stderr += d;
      if (stderr.length > 64 * 1024) stderr = stderr.slice(-32 * 1024);
      options.onOutput?.(d);
    });
    child.on('error', (e) => reject(new ShipgateError('ENONPM', `cannot run npm: ${e.message}`, 'shipgate publishes with your npm; make sure npm is on PATH')));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
