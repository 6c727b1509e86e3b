// Terminal table: one row per version, then what each leaking version gave away.
import { plural } from '../../util/format.js';
import type { HistoryResult, HistoryVersion } from '../model.js';
import { filesCell, forbiddenCell, mapsCell, provenanceCell, publishedCell, secretsCell, sizeCell, statusCell, tagsCell } from './cells.js';
import type { HistoryReporter } from './types.js';

const COLUMNS: ReadonlyArray<{ title: string; cell: (v: HistoryVersion) => string }> = [
  { title: 'VERSION', cell: (v) => v.version },
  { title: 'TAGS', cell: tagsCell },
  { title: 'PUBLISHED', cell: publishedCell },
  { title: 'FILES', cell: filesCell },
  { title: 'UNPACKED', cell: sizeCell },
  { title: 'SOURCE MAPS', cell: mapsCell },
  { title: 'SECRETS', cell: secretsCell },
  { title: 'FORBIDDEN', cell: forbiddenCell },
  { title: 'PROVENANCE', cell: provenanceCell },
  { title: 'STATUS', cell: statusCell },
];

/** Control characters from a tarball must not drive the terminal. */
export function plainText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
}

export const historyTextReporter: HistoryReporter = {
  name: 'text',
  render(result: HistoryResult, { color }) {
    const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
    const out: string[] = [];
    const t = result.totals;
    out.push(`${paint(1, 'shipgate history')} ${plainText(result.name)}${result.range ? ` ${plainText(result.range)}` : ''}  ${paint(2, `(${result.registry})`)}`);
    out.push(`  ${plural(t.versions, 'version')}: ${t.clean} clean, ${t.leaked} leaked, ${t.gone} gone, ${t.errors} not inspected${t.unverified ? `, ${t.unverified} failed verification` : ''}`);
    out.push(`  cache ${result.cache.dir}: ${result.cache.hits} reused, ${result.cache.downloads} downloaded`);
    out.push('');
    if (result.versions.length === 0) {
      out.push(result.range ? `no version matches ${plainText(result.range)}` : 'the package has no versions');
    } else {
      const rows = result.versions.map((v) => COLUMNS.map((c) => plainText(c.cell(v))));
      const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
      const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
      out.push(paint(1, line(COLUMNS.map((c) => c.title))));
      result.versions.forEach((v, i) => {
        const text = line(rows[i]!);
        out.push(v.status === 'leaked' ? paint(31, text) : v.status === 'error' ? paint(33, text) : text);
      });
    }

    for (const v of result.versions) {
      const details = detailLines(v);
      if (details.length === 0) continue;
      out.push('', paint(1, `${plainText(result.name)}@${v.version}`));
      out.push(...details.map(plainText));
    }
    for (const note of result.notes) out.push('', `note: ${plainText(note)}`);
    out.push('');
    out.push(
      result.passed
        ? paint(32, `✔ no version leaked (fails on ${result.failOn} and above)`)
        : paint(31, `✖ ${plural(t.leaked, 'version')} leaked${t.unverified ? `, ${plural(t.unverified, 'version')} failed verification` : ''} (fails on ${result.failOn} and above)`),
    );
    return `${out.join('\n')}\n`;
  },
};

function detailLines(v: HistoryVersion): string[] {
  const lines: string[] = [];
  if (v.error) lines.push(`  not inspected: ${v.error}`);
  if (v.deprecated !== undefined) lines.push(`  deprecated: ${v.deprecated}`);
  const i = v.inspection;
  if (v.provenance.verified && !v.provenance.verified.passed) for (const p of v.provenance.verified.problems) lines.push(`  verify     ${p}`);
  if (!i || i.passed) return lines;
  for (const s of i.secrets) {
    const where = `${s.path}${s.source ? ` (${s.source})` : ''}${s.line ? `:${s.line}` : ''}`;
    lines.push(`  secret     ${where}  ${s.description} ${s.redacted}  fingerprint ${s.fingerprint}`);
    if (s.rotationUrl) lines.push(`             rotate at ${s.rotationUrl}`);
  }
  for (const m of i.exposure.exposing) lines.push(`  source map ${m.path} exposes ${plural(m.exposedFiles, 'original file')}, ${plural(m.exposedLines, 'line')}`);
  for (const f of i.forbidden) lines.push(`  forbidden  ${f.path}  ${f.message}`);
  const other = i.findings.filter((f) => f.rule !== 'secrets' && f.rule !== 'forbidden-paths' && f.rule !== 'source-maps' && f.severity === 'error');
  for (const f of other) lines.push(`  ${f.rule.padEnd(10)} ${f.path || '(package)'}  ${f.message}`);
  return lines;
}
