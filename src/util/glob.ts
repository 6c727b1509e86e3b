import type Picomatch from 'picomatch';
import { requireCjs } from './lazy.js';

const picomatch = requireCjs<typeof Picomatch>('picomatch');

/**
 * A path test for picomatch globs (dot files included): true when any pattern matches. The same
 * answers as `picomatch(patterns, { dot: true })` for the POSIX paths inside artifacts, from one
 * regular expression: picomatch's matcher wraps every call in option handling (~2 µs), and the
 * forbidden-paths rule makes rows × files calls.
 */
export function globMatcher(patterns: string | readonly string[]): (path: string) => boolean {
  const globs = typeof patterns === 'string' ? [patterns] : [...patterns];
  // picomatch also accepts a path equal to the glob itself (a glob with brackets, say).
  const literal = new Set(globs);
  const re = new RegExp(globs.map((glob) => picomatch.makeRe(glob, { dot: true }).source).join('|'));
  return (path) => path !== '' && (literal.has(path) || re.test(path));
}
