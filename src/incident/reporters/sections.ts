// Wording shared by the text and Markdown renderings of a plan, so both say the same thing.
import { plural } from '../../util/format.js';
import type { IncidentPlan } from '../model.js';
import type { Tri } from '../unpublish.js';
import { compareStrings } from '../../util/compare.js';

export const TRI_MARK: Record<Tri, string> = { yes: 'yes', no: 'no', unknown: 'unknown' };

export function tagsLine(plan: IncidentPlan): string {
  const entries = Object.entries(plan.distTags).sort(([a], [b]) => compareStrings(a, b));
  if (entries.length === 0) return 'none';
  return entries.map(([tag, v]) => `${tag} → ${v}${v === plan.version ? ' (this version)' : ''}`).join(', ');
}

export function fallbackLine(plan: IncidentPlan): string {
  const f = plan.latest.fallback;
  if (!f) return `no good release below ${plan.version} (none that is published, stable and not deprecated)`;
  return `${f.version}${f.distTags.length ? ` (tags: ${f.distTags.join(', ')})` : ' (no tags point at it)'}`;
}

export function exposureLines(plan: IncidentPlan): string[] {
  if (!plan.inspected) return [`unknown: ${plan.inspectionError ?? 'the tarball could not be read'}`];
  const e = plan.exposure;
  const lines: string[] = [];
  if (!e || e.files === 0) lines.push(e && e.maps ? `${plural(e.maps, 'source map')}, none exposing source` : 'no source maps exposing source');
  else {
    lines.push(`${plural(e.files, 'original file')}, ${plural(e.lines, 'line')} exposed through source maps: treat that source as public`);
    for (const m of e.exposing) lines.push(`${m.path}: ${plural(m.exposedFiles, 'file')}, ${plural(m.exposedLines, 'line')}`);
  }
  for (const f of plan.forbidden) lines.push(`forbidden file ${f.path}: ${f.message}`);
  return lines;
}

export function hoursAgo(plan: IncidentPlan): string {
  const h = plan.unpublish.hoursSincePublish;
  if (h === undefined) return '';
  if (h < 1) return ` (${Math.round(h * 60)} minutes ago)`;
  return h < 72 ? ` (${h} hours ago)` : ` (${Math.round(h / 24)} days ago)`;
}
