// What a bad release gave away, condensed: the credentials to revoke (one row per value) and a
// few words for the deprecation message and the notice. Pure.
import type { LeakedSecret, VersionInspection } from '../history/model.js';
import type { RotationItem } from './model.js';
import { compareStrings } from '../util/compare.js';

/** Counts of what leaked, when the version's bytes were read. */
export interface LeakFacts {
  credentials: number;
  exposedFiles: number;
  forbiddenFiles: number;
}

export function leakFactsOf(inspection: VersionInspection | undefined): LeakFacts | undefined {
  if (!inspection) return undefined;
  return {
    credentials: rotationList(inspection.secrets).filter((s) => s.severity !== 'info').length,
    exposedFiles: inspection.exposure.files,
    forbiddenFiles: inspection.forbidden.length,
  };
}

/** What the bad version gave away, in a few words, for the deprecation message and the notice. */
export function leakWords(facts: LeakFacts | undefined): string {
  const parts: string[] = [];
  if (facts?.credentials) parts.push('credentials');
  if (facts?.exposedFiles) parts.push('original source code');
  if (facts?.forbiddenFiles) parts.push('private files');
  if (parts.length === 0) return 'files that must not be public';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Secrets deduplicated by fingerprint: one row per credential to revoke, with every place it was found. */
export function rotationList(secrets: readonly LeakedSecret[]): RotationItem[] {
  const byFingerprint = new Map<string, RotationItem>();
  for (const s of secrets) {
    const where = `${s.path}${s.source ? ` (${s.source})` : ''}${s.line ? `:${s.line}` : ''}`;
    const seen = byFingerprint.get(s.fingerprint);
    if (seen) {
      if (!seen.locations.includes(where)) seen.locations.push(where);
      continue;
    }
    const item: RotationItem = { description: s.description, redacted: s.redacted, fingerprint: s.fingerprint, severity: s.severity, locations: [where] };
    if (s.detector) item.detector = s.detector;
    if (s.validated !== undefined) item.validated = s.validated;
    if (s.rotationUrl) item.rotationUrl = s.rotationUrl;
    byFingerprint.set(s.fingerprint, item);
  }
  // Live-looking credentials first.
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...byFingerprint.values()].sort((a, b) => rank[a.severity] - rank[b.severity] || compareStrings(a.description, b.description));
}
