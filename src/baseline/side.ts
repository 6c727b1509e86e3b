// One side of a comparison: a tarball on disk, a directory packed as `check` packs it, or a
// registry spec downloaded and verified. Each becomes a tarball path plus a label for humans.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ShipgateError } from '../errors.js';
import { inspectTarball, type InspectOptions } from '../inspect.js';
import { packWithNpm } from '../packers/npm.js';
import type { ShipgateConfig } from '../policy/config.js';
import type { Artifact, LifecycleInfo, SourceTreeFacts } from '../types.js';
import { fetchRelease, parseRegistrySpec, type FetchedRelease, type ReleaseFetchOptions } from './registry.js';

export type SideKind = 'tarball' | 'directory' | 'registry';

export interface ResolvedSide {
  kind: SideKind;
  /** What the user wrote. */
  target: string;
  /** `pkg@1.2.3 (https://registry.npmjs.org/)`, `./pkg (packed)`, `old.tgz`. */
  label: string;
  tarball: string;
  lifecycle?: LifecycleInfo;
  sourceTree?: SourceTreeFacts;
  release?: Omit<FetchedRelease, 'tarball' | 'cleanup'>;
  cleanup(): Promise<void>;
}

export interface SideOptions extends ReleaseFetchOptions {
  ignoreScripts?: boolean;
  onOutput?: (text: string) => void;
}

/** A target that can only mean a file: relative or absolute path, or an archive name. */
function looksLikePath(target: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|~|[A-Za-z]:[\\/])/.test(target) || /\.(tgz|tar|tar\.gz)$/i.test(target) || (!target.startsWith('@') && /[\\/]/.test(target));
}

const none = async (): Promise<void> => undefined;

export async function resolveSide(target: string, options: SideOptions): Promise<ResolvedSide> {
  const full = path.resolve(options.cwd, target);
  const info = await stat(full).catch(() => undefined);
  if (info?.isDirectory()) {
    const packed = await packWithNpm(full, { ignoreScripts: options.ignoreScripts, env: options.env, onOutput: options.onOutput });
    return { kind: 'directory', target, label: `${target} (packed)`, tarball: packed.tarball, lifecycle: packed.lifecycle, sourceTree: packed.sourceTree, cleanup: packed.cleanup };
  }
  if (info) return { kind: 'tarball', target, label: target, tarball: full, cleanup: none };
  if (looksLikePath(target) || !parseRegistrySpec(target)) {
    throw new ShipgateError('ENOENT', `${target} does not exist`, 'pass a .tgz/.tar file, a package directory, or a registry spec such as name@1.2.3 or name@latest');
  }
  const release = await fetchRelease(target, options);
  const { tarball, cleanup, ...facts } = release;
  return { kind: 'registry', target, label: `${release.name}@${release.version} (${release.registry})`, tarball, release: facts, cleanup };
}

/** Read a side with the same reader and limits as `check`. */
export function inspectSide(side: ResolvedSide, config: ShipgateConfig, secrets = true): Promise<Artifact> {
  const options: InspectOptions = { config, target: side.label, lifecycle: side.lifecycle, sourceTree: side.sourceTree };
  if (!secrets) options.secrets = false;
  return inspectTarball(side.tarball, options);
}
