import { createHash } from 'node:crypto';

/** Stable id of a finding: same rule, path and key → same fingerprint across runs and machines. */
export function fingerprint(rule: string, path: string, key: string): string {
  return createHash('sha256').update(`${rule}\0${path}\0${key}`).digest('hex').slice(0, 32);
}
