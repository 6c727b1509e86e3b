import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { dir: string; version: string } | undefined;

/** shipgate's own install directory (where schema/ and trust/ live), found from this file upward. */
export function shipgateRoot(): { dir: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        const parsed = JSON.parse(readFileSync(pj, 'utf8')) as { name?: string; version?: string };
        if (parsed.name === 'shipgate') return (cached = { dir, version: parsed.version ?? '0.0.0' });
      } catch {
        // keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot locate shipgate package root');
    dir = up;
  }
}
