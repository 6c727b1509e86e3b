// The fixture package on a throwaway Verdaccio (test/helpers/verdaccio.ts), published with the
// real npm CLI: 1.0.0 clean, 1.1.0 leaking (a map with sourcesContent and a .env with a
// checksum-valid npm token), 1.1.1 clean, 2.0.0-beta.1 under `next`. Used by the history and
// incident tests, which call the commands' run() directly (they are not registered yet).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO, Command, ParsedArgs } from '../../src/cli/command.js';
import { ShipgateError } from '../../src/errors.js';
import { startRegistry as startVerdaccio, type TestRegistry as Verdaccio } from '../helpers/verdaccio.js';
import { base62CrcToken, Gen } from '../secrets/helpers.js';

export interface TestRegistry {
  url: string;
  /** Scratch folder for package sources. */
  dir: string;
  /** Environment for npm and shipgate: the registry's npmrc, colours off. */
  env: NodeJS.ProcessEnv;
  verdaccio: Verdaccio;
  /** The real npm CLI, `--registry` added. */
  npm(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** The shared harness, plus a scratch folder and an npm that always names the registry. */
export async function startRegistry(): Promise<TestRegistry> {
  const verdaccio = await startVerdaccio();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipgate-history-fixture-'));
  return {
    url: verdaccio.url,
    dir,
    env: verdaccio.env,
    verdaccio,
    npm: (args, cwd = dir) => verdaccio.npm([...args, '--registry', verdaccio.url], cwd),
    close: async () => {
      await verdaccio.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const FIXTURE_NAME = 'shipgate-fixture';

/** The npm token planted in 1.1.0: generated with a valid checksum, never a real one. */
export const LEAKED_TOKEN = base62CrcToken(new Gen(20260331), 'npm_');

const ORIGINAL_SOURCE = [
  "import { readFileSync } from 'node:fs';",
  '',
  '// Internal: the pricing rules nobody outside should read.',
  'export function price(plan: string): number {',
  "  return plan === 'pro' ? 42 : 7;",
  '}',
  '',
].join('\n');

export function fixtureFiles(version: string): Record<string, string> {
  const leaky = version === '1.1.0';
  const files: Record<string, string> = {
    'index.js': `export function price(plan) { return plan === 'pro' ? 42 : 7; }\n${leaky ? '//# sourceMappingURL=index.js.map\n' : ''}`,
  };
  if (leaky) {
    files['index.js.map'] = JSON.stringify({ version: 3, file: 'index.js', sources: ['../src/index.ts'], sourcesContent: [ORIGINAL_SOURCE], names: [], mappings: 'AAAA' });
    files['.env'] = `API_URL=https://api.internal.example\nNPM_TOKEN=${LEAKED_TOKEN}\n`;
  }
  const manifest = { name: FIXTURE_NAME, version, type: 'module', main: 'index.js', license: 'MIT', files: Object.keys(files) };
  files['package.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  return files;
}

export async function publishVersion(registry: TestRegistry, version: string, tag?: string): Promise<void> {
  const pkgDir = path.join(registry.dir, 'pkg', version);
  mkdirSync(pkgDir, { recursive: true });
  for (const [file, content] of Object.entries(fixtureFiles(version))) writeFileSync(path.join(pkgDir, file), content);
  await registry.verdaccio.publish(pkgDir, tag ? { tag } : {});
}

/** 1.0.0 clean, 1.1.0 leaking, 1.1.1 clean, 2.0.0-beta.1 under `next`, in publish order. */
export async function publishFixture(registry: TestRegistry): Promise<void> {
  await publishVersion(registry, '1.0.0');
  await publishVersion(registry, '1.1.0');
  await publishVersion(registry, '1.1.1');
  await publishVersion(registry, '2.0.0-beta.1', 'next');
}

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  error?: ShipgateError;
}

/**
 * Runs a command's `run(args, io)` as main.ts would: a ShipgateError becomes exit 2 (kept in
 * `error` for assertions). The commands are not registered in the CLI yet, so this stands in.
 */
export async function runCommand(command: Command, values: ParsedArgs['values'], positionals: string[], io: Partial<CliIO> & Record<string, unknown> & { env: NodeJS.ProcessEnv }): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const full = { cwd: os.tmpdir(), isTTY: false, ...io, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) } as CliIO;
  try {
    const code = await command.run({ values, positionals }, full);
    return { code, stdout, stderr };
  } catch (err) {
    if (err instanceof ShipgateError) return { code: 2, stdout, stderr, error: err };
    throw err;
  }
}

export async function packument(registry: TestRegistry, name = FIXTURE_NAME): Promise<{ 'dist-tags': Record<string, string>; versions: Record<string, { deprecated?: string }>; time: Record<string, string> }> {
  const res = await fetch(`${registry.url}${name}`, { headers: { accept: 'application/json' } });
  return (await res.json()) as Awaited<ReturnType<typeof packument>>;
}
