// What npm a job publishes with, from what the workflow says. Sources: npm docs ("Trusted
// publishing requires npm CLI version 11.5.1 or later and Node version 22.14.0 or higher") and
// the Node.js 24 changelog (24.5.0, 2025-07-31: "deps: upgrade npm to 11.5.1", nodejs/node#59199).
// Node 22 and older bundle npm 10.x or older.
import type Semver from 'semver';
import { requireCjs } from '../util/lazy.js';

const semver = requireCjs<typeof Semver>('semver');

export const NPM_MIN_TRUSTED_PUBLISHING = '11.5.1';
/** First Node.js release whose bundled npm is ≥ 11.5.1. */
export const NODE_BUNDLING_NPM_MIN = '24.5.0';
/** npm's documented Node floor for trusted publishing. */
export const NODE_MIN_TRUSTED_PUBLISHING = '22.14.0';

export type Verdict =
  | { kind: 'ok'; detail: string }
  | { kind: 'old'; detail: string }
  | { kind: 'unknown'; detail: string };

/** Node LTS codenames (`lts/jod`, `node:krypton`) → major. */
const LTS_CODENAMES: Readonly<Record<string, number>> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/** Newest-first aliases that resolve to a Node with npm ≥ 11.5.1 today (current LTS is 24). */
const CURRENT_ALIASES = new Set(['latest', 'node', 'current', 'lts/*', 'lts', '*']);

/** Is the Node that a setup-node `node-version` (or image tag) resolves to bundling new-enough npm? */
export function classifyNodeVersion(spec: string): Verdict {
  const s = spec.trim().replace(/^v(?=\d)/, '');
  if (s === '') return { kind: 'unknown', detail: 'no Node version given' };
  if (s.includes('${{') || s.includes('$')) return { kind: 'unknown', detail: `Node version comes from an expression (${s})` };
  const lower = s.toLowerCase();
  if (CURRENT_ALIASES.has(lower)) return { kind: 'ok', detail: `Node "${s}" resolves to a current release (Node ≥ 24, npm 11)` };
  const codename = /^(?:lts\/)?([a-z]+)$/.exec(lower)?.[1];
  if (codename !== undefined && codename in LTS_CODENAMES) return classifyNodeVersion(`${LTS_CODENAMES[codename]}`);
  if (/^lts\/-\d+$/.test(lower)) return { kind: 'unknown', detail: `Node "${s}" depends on the LTS line at run time` };
  const range = semver.validRange(lower.replace(/\.x$/, ''));
  if (range === null) return { kind: 'unknown', detail: `Node version "${s}" is not a version or range shipgate understands` };
  // setup-node and image tags resolve to the newest release matching the range.
  if (semver.intersects(range, `>=${NODE_BUNDLING_NPM_MIN}`)) {
    return { kind: 'ok', detail: `Node ${s} bundles npm ≥ ${NPM_MIN_TRUSTED_PUBLISHING}` };
  }
  return { kind: 'old', detail: `Node ${s} bundles npm older than ${NPM_MIN_TRUSTED_PUBLISHING} (Node ${NODE_BUNDLING_NPM_MIN} is the first with npm 11.5.1)` };
}

/** Node known to be below npm's documented floor (22.14.0) even after upgrading npm. */
export function nodeBelowTrustedFloor(spec: string): boolean {
  const s = spec.trim().replace(/^v(?=\d)/, '').toLowerCase();
  const codename = /^(?:lts\/)?([a-z]+)$/.exec(s)?.[1];
  const normalized = codename !== undefined && codename in LTS_CODENAMES ? `${LTS_CODENAMES[codename]}` : s.replace(/\.x$/, '');
  const range = semver.validRange(normalized);
  return range !== null && !semver.intersects(range, `>=${NODE_MIN_TRUSTED_PUBLISHING}`);
}

/** `npm@<spec>` as installed by `npm install -g npm@<spec>`. */
export function classifyNpmSpec(spec: string): Verdict {
  const s = spec.trim();
  if (s === '' || s === 'latest' || s === 'next' || /^next-\d+$/.test(s)) {
    return { kind: 'ok', detail: `npm@${s || 'latest'} is ≥ ${NPM_MIN_TRUSTED_PUBLISHING}` };
  }
  if (s.includes('$')) return { kind: 'unknown', detail: `npm version comes from an expression (${s})` };
  const latestN = /^latest-(\d+)$/.exec(s);
  const range = semver.validRange(latestN ? `${latestN[1]}` : s);
  if (range === null) return { kind: 'unknown', detail: `npm@${s} is not a version shipgate understands` };
  if (semver.intersects(range, `>=${NPM_MIN_TRUSTED_PUBLISHING}`)) return { kind: 'ok', detail: `npm@${s} is ≥ ${NPM_MIN_TRUSTED_PUBLISHING}` };
  return { kind: 'old', detail: `npm@${s} is older than ${NPM_MIN_TRUSTED_PUBLISHING}` };
}

/** Node version from a container image (`node:24-alpine`, `cimg/node:22.14`); undefined when not a Node image. */
export function nodeVersionOfImage(image: string): string | undefined {
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  const repo = colon === -1 ? noDigest : noDigest.slice(0, colon);
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  if (name !== 'node') return undefined;
  const tag = colon === -1 ? 'latest' : noDigest.slice(colon + 1);
  // `24-alpine`, `22.14.0-bookworm-slim`, `lts-slim` → the part before the variant.
  return tag.split('-')[0];
}
