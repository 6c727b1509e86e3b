// A real npm registry for tests: Verdaccio 5 on 127.0.0.1, storage in a temp dir, no uplinks (it
// never reaches the internet), one user with a token, and `publish()` through the real npm CLI.
// Packages under `@private/` can only be read with the token; everything else is public.
//
//   const registry = await startRegistry();
//   await registry.publish(dir);                       // npm publish dir
//   await registry.publish(dir, { tag: 'next' });
//   execFile('npm', ['view', 'pkg'], { env: registry.env });
//   await registry.stop();
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PublishOptions {
  /** dist-tag (npm publish --tag). */
  tag?: string;
  /** Run the package's lifecycle scripts (default false: publish what is on disk). */
  scripts?: boolean;
  /** Extra arguments for npm publish. */
  args?: string[];
}

export interface TestRegistry {
  /** `http://127.0.0.1:<port>/` (trailing slash). */
  url: string;
  /** Bearer token of the test user. */
  token: string;
  /** An npmrc with `registry` and `//127.0.0.1:<port>/:_authToken`. */
  npmrcPath: string;
  /** Env for child processes: npm and shipgate read only the temp npmrc, and a temp cache. */
  env: NodeJS.ProcessEnv;
  /** `npm publish` of a package directory (or tarball) to this registry. */
  publish(dir: string, opts?: PublishOptions): Promise<void>;
  /** Runs the real npm CLI against this registry. */
  npm(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  user?: string;
  /** How long to wait for Verdaccio to answer /-/ping (default 30 s). */
  startTimeoutMs?: number;
}

/** Verdaccio's config does not accept port 0: take a free port from the OS, release it, use it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function verdaccioBin(): string {
  return path.join(process.cwd(), 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before answering: ${log()}`);
    try {
      const res = await fetch(`${url}-/ping`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`verdaccio did not answer ${url}-/ping within ${timeoutMs} ms: ${log()}`);
}

async function createUser(url: string, name: string): Promise<string> {
  const res = await fetch(`${url}-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password: 'test-password-1', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(`verdaccio refused to create user ${name}: ${res.status} ${body.error ?? ''}`);
  return body.token;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'shipgate-verdaccio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = path.join(root, 'config.yaml');
  // JSON is valid YAML: no YAML writer needed.
  writeFileSync(
    config,
    JSON.stringify({
      storage: path.join(root, 'storage'),
      auth: { htpasswd: { file: path.join(root, 'htpasswd'), max_users: 100 } },
      uplinks: {},
      // `@private/*` needs the token even to read: for tests of registry auth.
      packages: {
        '@private/*': { access: '$authenticated', publish: '$authenticated', unpublish: '$authenticated' },
        '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
      },
      server: { keepAliveTimeout: 0 },
      log: { type: 'stdout', format: 'pretty', level: 'fatal' },
    }),
  );
  let output = '';
  const child = spawn(process.execPath, [verdaccioBin(), '--config', config, '--listen', `127.0.0.1:${port}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitForPing(url, child, options.startTimeoutMs ?? 30_000, () => output.trim().split('\n').slice(-3).join(' | '));
    const token = await createUser(url, options.user ?? 'shipgate-test');
    const npmrcPath = path.join(root, 'npmrc');
    writeFileSync(npmrcPath, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_userconfig: npmrcPath,
      npm_config_registry: url,
      npm_config_cache: path.join(root, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      SHIPGATE_CACHE: path.join(root, 'shipgate-cache'),
      NO_COLOR: '1',
    };
    // Do not let an npm that launched the tests (npm test) point children at its own config.
    delete env.npm_config_globalconfig;
    const npm = (args: string[], cwd = root) => run('npm', args, cwd, env);
    return {
      url,
      token,
      npmrcPath,
      env,
      npm,
      async publish(dir, opts = {}) {
        const args = ['publish', dir, '--registry', url, '--userconfig', npmrcPath, ...(opts.scripts ? [] : ['--ignore-scripts']), ...(opts.tag ? ['--tag', opts.tag] : []), ...(opts.args ?? [])];
        const r = await npm(args, path.dirname(path.resolve(dir)));
        if (r.code !== 0) throw new Error(`npm publish ${dir} failed (${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
