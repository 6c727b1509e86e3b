// What earlier runs saw of a package: every version with its publish time and integrity. The
// npm registry keeps an unpublished version's publish time in the packument's `time`, so the
// packument alone shows it as gone; other registries (Verdaccio among them) drop it with the
// version. The ledger remembers, so a version that vanishes is still listed as gone.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LedgerVersion {
  publishedAt?: string;
  integrity?: string;
}

export interface Ledger {
  name: string;
  registry: string;
  versions: Record<string, LedgerVersion>;
}

/** `<cache>/history/<registry host and path>/<name>.json`; scoped names keep their folder. */
export function ledgerPath(cacheDir: string, registry: string, name: string): string {
  const url = new URL(registry);
  const where = `${url.host}${url.pathname}`.replace(/[^A-Za-z0-9.@-]+/g, '_').replace(/_+$/, '');
  const parts = name.split('/').map((part) => (part === '.' || part === '..' ? '_' : part.replace(/[^A-Za-z0-9.@_~-]+/g, '_')));
  return path.join(cacheDir, 'history', where, ...parts, 'versions.json');
}

export async function readLedger(file: string, name: string, registry: string): Promise<Ledger> {
  const empty: Ledger = { name, registry, versions: {} };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return empty;
  }
  try {
    const doc = JSON.parse(text) as Partial<Ledger>;
    if (doc && typeof doc.versions === 'object' && doc.versions !== null && !Array.isArray(doc.versions)) {
      return { name, registry, versions: doc.versions };
    }
  } catch {
    // A damaged ledger is only a memory; start a new one.
  }
  return empty;
}

/** Adds what this run saw; never forgets a version (that is the point). */
export function mergeLedger(ledger: Ledger, seen: Record<string, LedgerVersion>): Ledger {
  const versions: Record<string, LedgerVersion> = { ...ledger.versions };
  for (const [version, facts] of Object.entries(seen)) versions[version] = { ...versions[version], ...stripUndefined(facts) };
  return { ...ledger, versions };
}

export async function writeLedger(file: string, ledger: Ledger): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  await writeFile(temp, `${JSON.stringify(ledger, null, 2)}\n`);
  await rename(temp, file);
}

function stripUndefined(v: LedgerVersion): LedgerVersion {
  const out: LedgerVersion = {};
  if (v.publishedAt !== undefined) out.publishedAt = v.publishedAt;
  if (v.integrity !== undefined) out.integrity = v.integrity;
  return out;
}
