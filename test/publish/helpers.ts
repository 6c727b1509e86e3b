// Test helpers for the publish path: a local Verdaccio, npm auth through a temp userconfig, explicit
// environments (CI or not, OIDC or not), and running a command the way main() does.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isShipgateError } from '../../src/errors.js';
import type { CliIO, Command, ParsedArgs } from '../../src/cli/command.js';
import { startRegistry } from '../helpers/verdaccio.js';

export { ROOT } from '../helpers/cli.js';
import { ROOT } from '../helpers/cli.js';

export function tempDir(prefix = 'shipgate-publish-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface LocalRegistry {
  url: string;
  /** A userconfig file with a token for this registry. */
  userconfig: string;
  stop(): Promise<void>;
}

/**
 * The shared Verdaccio harness (test/helpers/verdaccio.ts: 127.0.0.1, no uplinks, one user), seen
 * through the two things these tests need: its URL and an npmrc with the token. Its `env` starts
 * from process.env, so the tests build their own (envFor) instead.
 */
export async function startLocalRegistry(): Promise<LocalRegistry> {
  const registry = await startRegistry();
  return { url: registry.url, userconfig: registry.npmrcPath, stop: () => registry.stop() };
}

/** GET /<name> on the registry: the status and, when 200, the packument. */
export async function registryDoc(url: string, name: string): Promise<{ status: number; doc?: Record<string, any> }> {
  const res = await fetch(`${url}${name.replace('/', '%2f')}`, { headers: { accept: 'application/json' } });
  return { status: res.status, doc: res.ok ? ((await res.json()) as Record<string, any>) : undefined };
}

export type EnvKind = 'local' | 'ci' | 'github' | 'github-oidc' | 'gitlab' | 'gitlab-oidc';

/**
 * An environment built from scratch (CI itself runs these tests with CI=true): PATH and a private
 * HOME, npm cache and userconfig, and only the CI variables the test asks for.
 */
export function envFor(kind: EnvKind, userconfig: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tempDir('shipgate-home-');
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USER: 'release-tester',
    NO_COLOR: '1',
    npm_config_userconfig: userconfig,
    npm_config_cache: path.join(os.tmpdir(), 'shipgate-publish-test-npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  const ci: Record<EnvKind, NodeJS.ProcessEnv> = {
    local: {},
    ci: { CI: 'true' },
    github: { CI: 'true', GITHUB_ACTIONS: 'true' },
    'github-oidc': { CI: 'true', GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' },
    gitlab: { CI: 'true', GITLAB_CI: 'true' },
    'gitlab-oidc': { CI: 'true', GITLAB_CI: 'true', NPM_ID_TOKEN: 'header.payload.signature' },
  };
  return { ...base, ...ci[kind], ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Parse, run, and map errors to exit codes exactly as src/cli/main.ts does. */
export async function runCommand(command: Command, argv: string[], io: { env: NodeJS.ProcessEnv; cwd: string }): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const cli: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: io.env, cwd: io.cwd, isTTY: false };
  let code: number;
  try {
    const args = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true }) as ParsedArgs;
    code = await command.run(args, cli);
  } catch (e) {
    if (!isShipgateError(e)) throw e;
    stderr += `shipgate: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`;
    code = 2;
  }
  return { code, stdout, stderr };
}

/** A package that passes check: one file, a `files` list, and scripts that leave marks when they run. */
export function cleanPackage(name: string, version = '1.0.0', extra: Record<string, unknown> = {}): string {
  const dir = path.join(tempDir(), name.replace('/', '-'));
  mkdirSync(dir, { recursive: true });
  const mark = (script: string) => `node -e "require('fs').appendFileSync('ran.txt','${script}\\n')"`;
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name,
        version,
        main: 'index.js',
        files: ['index.js'],
        scripts: { prepack: mark('prepack'), prepublishOnly: mark('prepublishOnly'), publish: mark('publish'), postpublish: mark('postpublish') },
        ...extra,
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(dir, 'index.js'), 'module.exports = 42;\n');
  return dir;
}

/** A copy of examples/leaky-cli (source maps with sources, .env, a zip) under a new name. */
export function leakyPackage(name: string): string {
  const dir = path.join(tempDir(), 'leaky');
  cpSync(path.join(ROOT, 'examples', 'leaky-cli'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  const pj = path.join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(pj, 'utf8')) as Record<string, unknown>;
  writeFileSync(pj, JSON.stringify({ ...manifest, name }, null, 2));
  return dir;
}
