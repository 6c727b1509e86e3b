// Packs a directory with the user's own npm (`npm pack`), so the file list and bytes are exactly
// what `npm publish` of that directory would upload. No home-made file walker.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ShipgateError } from '../errors.js';
import type { LifecycleInfo, SourceTreeFacts } from '../types.js';

export interface PackOptions {
  ignoreScripts?: boolean;
  /** Receives npm's (and lifecycle scripts') output as it arrives. */
  onOutput?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface PackResult {
  /** Path of the packed tarball in a private temporary directory. */
  tarball: string;
  lifecycle: LifecycleInfo;
  sourceTree: SourceTreeFacts;
  /** Removes the temporary directory. */
  cleanup(): Promise<void>;
}

/** Scripts `npm pack` runs, in order; `npm publish` of a directory runs the same plus the publish hooks. */
const PACK_SCRIPTS = ['prepack', 'prepare', 'postpack'] as const;
const PUBLISH_ONLY_SCRIPTS = ['prepublishOnly', 'prepublish', 'publish', 'postpublish'] as const;

/** How to run the user's npm: the one that launched us (npm_execpath), else `npm` on PATH. */
export function npmCommand(env: NodeJS.ProcessEnv = process.env): { command: string; prefix: string[] } {
  const execpath = env.npm_execpath;
  if (execpath && /npm-cli\.c?js$/.test(execpath) && existsSync(execpath)) return { command: process.execPath, prefix: [execpath] };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

export function lifecycleFor(scripts: Record<string, unknown>, ignoreScripts: boolean): LifecycleInfo {
  const defined = PACK_SCRIPTS.filter((s) => typeof scripts[s] === 'string');
  const publishOnly = PUBLISH_ONLY_SCRIPTS.filter((s) => typeof scripts[s] === 'string');
  const ran = ignoreScripts ? [] : [...defined];
  const skipped = [...(ignoreScripts ? defined : []), ...publishOnly];
  const parts: string[] = [];
  if (ignoreScripts) parts.push(defined.length ? `lifecycle scripts not run (--ignore-scripts): ${defined.join(', ')}` : 'no pack lifecycle scripts defined');
  else parts.push(defined.length ? `npm pack ran ${defined.join(', ')}, as npm publish would` : 'no pack lifecycle scripts defined; none ran');
  if (publishOnly.length) parts.push(`${publishOnly.join(', ')} run only on npm publish and were not run here`);
  return { ran, skipped, note: parts.join('; ') };
}

export async function packWithNpm(dir: string, options: PackOptions = {}): Promise<PackResult> {
  const pkgFile = path.join(dir, 'package.json');
  let manifest: { scripts?: Record<string, unknown> };
  try {
    manifest = JSON.parse(readFileSync(pkgFile, 'utf8')) as typeof manifest;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ShipgateError('ENOPACKAGE', `${dir} has no package.json`, 'run shipgate check in a package directory, or pass one');
    throw new ShipgateError('ENOPACKAGE', `${pkgFile} is not valid JSON: ${(e as Error).message}`);
  }
  const ignoreScripts = options.ignoreScripts ?? false;
  const dest = await mkdtemp(path.join(os.tmpdir(), 'shipgate-pack-'));
  const cleanup = () => rm(dest, { recursive: true, force: true });
  const { command, prefix } = npmCommand(options.env);
  const args = [...prefix, 'pack', '--json', '--pack-destination', dest, ...(ignoreScripts ? ['--ignore-scripts'] : [])];
  try {
    const { code, stderr } = await run(command, args, dir, options);
    if (code !== 0) {
      const last = stderr.trim().split('\n').filter((l) => !/Unknown (user|project) config|A complete log of this run|^npm error $/.test(l.trim())).slice(-1)[0] ?? '';
      throw new ShipgateError('EPACK', `npm pack failed in ${dir} (exit ${code})${last ? `: ${last}` : ''}`, 'run "npm pack --dry-run" there to see why');
    }
    const packed = (await readdir(dest)).filter((f) => f.endsWith('.tgz'));
    if (packed.length !== 1) throw new ShipgateError('EPACK', `npm pack in ${dir} produced ${packed.length} tarballs, expected 1`);
    return {
      tarball: path.join(dest, packed[0]!),
      lifecycle: lifecycleFor(manifest.scripts ?? {}, ignoreScripts),
      sourceTree: { dir, hasNpmignore: existsSync(path.join(dir, '.npmignore')), hasGitignore: existsSync(path.join(dir, '.gitignore')) },
      cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

function run(command: string, args: string[], cwd: string, options: PackOptions): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), npm_config_update_notifier: 'false', npm_config_fund: 'false' };
    // Run from inside `npm publish --dry-run` (a prepublishOnly hook), npm_config_dry_run is inherited
    // and `npm pack` would write no tarball: the pack itself is never a dry run.
    for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_dry_run') delete env[key];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    // stdout carries npm's JSON and any lifecycle script output; we take the tarball from disk, not from stdout.
    child.stdout.on('data', (d: string) => options.onOutput?.(d));
    child.stderr.on('data', (d: string) => {
      stderr += d;
      if (stderr.length > 64 * 1024) stderr = stderr.slice(-32 * 1024);
      options.onOutput?.(d);
    });
    child.on('error', (e) => reject(new ShipgateError('ENONPM', `cannot run npm: ${e.message}`, 'shipgate packs directories with your npm; make sure npm is on PATH')));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}
