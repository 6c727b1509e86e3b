// Trust material for `verify`: the sigstore trusted root and the npm registry keys.
// Both ship in `trust/` at the package root so verification works offline; both can be
// replaced by files the user names.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShipgateError } from '../errors.js';
import { isObject } from './fetch.js';

export const TRUSTED_ROOT_FILE = 'trusted_root.json';
/** sigstore TUF target `registry.npmjs.org/keys.json`: npm's keys with usage and validity. */
export const NPM_KEYS_FILE = 'keys.tuf-target.json';
/** The registry whose keys the shipped key file holds (the TUF target is named for it). */
export const NPM_KEYS_HOST = 'registry.npmjs.org';

export type KeyUsage = 'npm:signatures' | 'npm:attestations';

/** One registry public key, for one usage, with the window in which it may sign. */
export interface RegistryKey {
  keyid: string;
  usage: KeyUsage;
  publicKey: KeyObject;
  /** Start of validity, when the source records one. */
  validFrom?: Date;
  /** `expires` / TUF `validFor.end`: a cutoff on publish time, not on today's date. */
  validUntil?: Date;
  /** Where the key came from: `shipped`, `registry` or a file path. */
  source: string;
}

/**
 * The shipped `trust/` folder. Compiled code lives in `dist/registry/`, so the package root
 * is two levels up; test builds nest one level deeper, hence the second candidate.
 */
export function defaultTrustDir(): string {
  const candidates = ['../../trust/', '../../../trust/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(path.join(dir, TRUSTED_ROOT_FILE))) ?? candidates[0];
}

export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new ShipgateError('E_TRUST_FILE', `cannot read ${what} ${file} (${code})`, 'check the path, or reinstall shipgate to restore trust/');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ShipgateError('E_TRUST_FILE', `${what} ${file} is not valid JSON`, 'replace it with a fresh copy (see docs/verify.md)');
  }
}

/**
 * Parses either key format npm uses: the registry's `GET /-/npm/v1/keys` body
 * (`{ keys: [{ keyid, key, expires }] }`, valid for both usages) or the sigstore TUF target
 * (`{ keys: [{ keyId, keyUsage, publicKey: { rawBytes, validFor } }] }`).
 */
export function parseRegistryKeys(doc: unknown, source: string): RegistryKey[] {
  const list = isObject(doc) && Array.isArray(doc.keys) ? doc.keys : undefined;
  if (!list) {
    throw new ShipgateError('E_TRUST_KEYS', `registry keys from ${source} have no "keys" array`, 'expected the /-/npm/v1/keys body or the sigstore keys.json target');
  }
  const out: RegistryKey[] = [];
  for (const entry of list) {
    if (!isObject(entry)) continue;
    if (typeof entry.keyid === 'string' && typeof entry.key === 'string') {
      const publicKey = spki(entry.key, entry.keyid, source);
      const validUntil = typeof entry.expires === 'string' ? date(entry.expires) : undefined;
      for (const usage of ['npm:signatures', 'npm:attestations'] as const) {
        out.push({ keyid: entry.keyid, usage, publicKey, validUntil, source });
      }
    } else if (typeof entry.keyId === 'string' && isObject(entry.publicKey) && typeof entry.publicKey.rawBytes === 'string') {
      const usage = entry.keyUsage;
      if (usage !== 'npm:signatures' && usage !== 'npm:attestations') continue;
      const validFor = isObject(entry.publicKey.validFor) ? entry.publicKey.validFor : {};
      out.push({
        keyid: entry.keyId,
        usage,
        publicKey: spki(entry.publicKey.rawBytes, entry.keyId, source),
        validFrom: typeof validFor.start === 'string' ? date(validFor.start) : undefined,
        validUntil: typeof validFor.end === 'string' ? date(validFor.end) : undefined,
        source,
      });
    }
  }
  return out;
}

function spki(base64: string, keyid: string, source: string): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new ShipgateError('E_TRUST_KEYS', `key ${keyid} from ${source} is not a DER SubjectPublicKeyInfo`);
  }
}

function date(s: string): Date | undefined {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Why a key may not vouch for something made at `at`, or undefined when it may. */
export function keyWindowProblem(key: RegistryKey, at: Date): string | undefined {
  if (key.validFrom && at < key.validFrom) {
    return `key ${key.keyid} became valid ${key.validFrom.toISOString()}, after ${at.toISOString()}`;
  }
  if (key.validUntil && at >= key.validUntil) {
    return `key ${key.keyid} expired ${key.validUntil.toISOString()}, before ${at.toISOString()}`;
  }
  return undefined;
}

export function loadShippedKeys(trustDir: string): RegistryKey[] {
  const file = path.join(trustDir, NPM_KEYS_FILE);
  return parseRegistryKeys(readJsonFile(file, 'npm registry keys'), 'shipped');
}

export function loadKeysFile(file: string): RegistryKey[] {
  return parseRegistryKeys(readJsonFile(file, 'registry keys file'), file);
}
