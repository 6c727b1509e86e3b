// Cell values shared by the text and Markdown tables, so both say the same thing.
import { formatBytes, plural } from '../../util/format.js';
import type { HistoryVersion } from '../model.js';

/** `2026-03-30 22:36Z`: minutes are enough to tell releases apart. */
export function publishedCell(v: HistoryVersion): string {
  return v.publishedAt ? `${v.publishedAt.slice(0, 10)} ${v.publishedAt.slice(11, 16)}Z` : 'unknown';
}

export function statusCell(v: HistoryVersion): string {
  const gone = v.unpublished ? (v.goneEvidence === 'ledger' ? 'gone (seen earlier)' : 'gone (unpublished)') : '';
  switch (v.status) {
    case 'clean':
      return gone ? `${gone}, clean (cached copy)` : 'clean';
    case 'leaked':
      return gone ? `${gone}, LEAKED (cached copy)` : 'LEAKED';
    case 'error':
      return 'not inspected';
    case 'gone':
      return gone;
    default:
      return assertNever(v.status);
  }
}

export function filesCell(v: HistoryVersion): string {
  return v.inspection ? String(v.inspection.files) : '-';
}

export function sizeCell(v: HistoryVersion): string {
  return v.inspection ? formatBytes(v.inspection.unpackedSize) : '-';
}

export function mapsCell(v: HistoryVersion): string {
  const i = v.inspection;
  if (!i) return '-';
  if (i.exposure.maps === 0) return 'none';
  if (i.exposure.files === 0) return `${i.exposure.maps}, no source exposed`;
  return `${i.exposure.maps}, exposes ${plural(i.exposure.files, 'file')} / ${plural(i.exposure.lines, 'line')}`;
}

export function secretsCell(v: HistoryVersion): string {
  const i = v.inspection;
  if (!i) return '-';
  return i.secrets.length ? String(i.secrets.length) : 'none';
}

export function forbiddenCell(v: HistoryVersion): string {
  const i = v.inspection;
  if (!i) return '-';
  return i.forbidden.length ? i.forbidden.map((f) => f.path).join(', ') : 'none';
}

export function provenanceCell(v: HistoryVersion): string {
  const p = v.provenance;
  if (p.verified) {
    const v = p.verified;
    if (!v.provenance) return 'FAILED (could not verify)';
    const what = v.provenance === 'verified' ? 'verified' : v.provenance === 'missing' ? 'none' : v.provenance;
    const signed = v.signature === 'valid' ? ', signed' : v.signature && v.signature !== 'missing' ? `, signature ${v.signature}` : '';
    return `${v.passed ? '' : 'FAILED: '}${what}${signed}`;
  }
  switch (p.declared) {
    case 'present':
      return 'attested';
    case 'absent':
      return 'none';
    case 'unknown':
      return 'unknown';
    default:
      return assertNever(p.declared);
  }
}

export function tagsCell(v: HistoryVersion): string {
  const parts = [...v.distTags];
  if (v.deprecated !== undefined) parts.push('deprecated');
  return parts.join(', ');
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}
