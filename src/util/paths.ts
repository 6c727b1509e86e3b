// Paths inside artifacts are POSIX strings relative to the package root, everywhere.
import path from 'node:path';

const posix = path.posix;

export interface NormalisedPath {
  path: string;
  /** Entry escapes the package root with `..`. */
  traversal: boolean;
  /** Entry was absolute (`/x`, `C:\x`, `\\host\x`). */
  absolute: boolean;
}

/** Normalise an archive entry path: backslashes are kept as written but flagged via absolute/traversal checks. */
export function normaliseEntryPath(raw: string): NormalisedPath {
  const absolute = raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw) || raw.startsWith('\\\\');
  const slashed = raw.replace(/\\/g, '/');
  const relative = slashed.replace(/^[A-Za-z]:\//, '').replace(/^\/+/, '');
  const traversal = relative.split('/').includes('..');
  let normal = posix.normalize(relative);
  if (normal === '.' || normal === './') normal = '';
  normal = normal.replace(/^\.\//, '').replace(/\/$/, '');
  return { path: normal, traversal, absolute };
}

/** Strip the first path component, as npm does when it extracts a package (`package/x` → `x`). */
export function stripTopFolder(p: string): { top: string; rest: string } {
  const i = p.indexOf('/');
  if (i < 0) return { top: p, rest: '' };
  return { top: p.slice(0, i), rest: p.slice(i + 1) };
}

export function dirname(p: string): string {
  const d = posix.dirname(p);
  return d === '.' ? '' : d;
}

/**
 * Resolve `ref` relative to the directory of `from`, inside the package.
 * Returns undefined when the result leaves the package root.
 */
export function resolveInPackage(from: string, ref: string): string | undefined {
  const joined = posix.normalize(posix.join(dirname(from), ref));
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  return joined === '.' ? '' : joined;
}

/** Path of a member inside a nested archive, as reported: `outer.zip!inner/path`. */
export function memberPath(container: string, member: string): string {
  return `${container}!${member}`;
}

export function basename(p: string): string {
  return posix.basename(p);
}

export function extname(p: string): string {
  return posix.extname(p).toLowerCase();
}
