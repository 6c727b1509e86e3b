// GitHub-flavoured Markdown for $GITHUB_STEP_SUMMARY or a pull-request comment.
// Every value that came from the package is escaped: a message must not be able to break the
// table, open HTML, start a link or close a code span.
import type { Report, RenderOptions, Reporter } from '../report.js';
import type { Finding, Severity } from '../types.js';
import { formatBytes, plural, thousands } from '../util/format.js';

/** Sections with more rows than this are collapsed in a <details> block. */
export const MARKDOWN_COLLAPSE_AFTER = 10;
/** Rows shown per severity; the rest are counted (step summaries are capped at 1 MiB). */
export const MARKDOWN_MAX_ROWS = 200;

const HEADINGS = { error: 'Errors', warning: 'Warnings', info: 'Info' } as const satisfies Record<Severity, string>;
const ICONS = { error: '🛑', warning: '⚠️', info: 'ℹ️' } as const satisfies Record<Severity, string>;
const ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * Escape text for a table cell or a line of prose: HTML-significant characters become
 * entities, Markdown punctuation is backslash-escaped, `|` cannot end the cell, and line
 * breaks become `<br>`.
 */
export function markdownText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_[\]#+|~]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
}

/** An inline code span that no backtick in `s` can close; for headline values, never table cells. */
export function inlineCode(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001F\u007F]/g, '\uFFFD');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function location(f: Finding): string {
  const path = f.path === '' ? '(package)' : f.path;
  if (f.line === undefined) return markdownText(path);
  return markdownText(f.column === undefined ? `${path}:${f.line}` : `${path}:${f.line}:${f.column}`);
}

function row(f: Finding): string {
  let message = markdownText(f.message);
  if (f.source !== undefined) message += ` (original source: ${markdownText(f.source)})`;
  const evidence = f.evidence === undefined ? '' : markdownText(f.evidence);
  return `| ${markdownText(f.rule)} | ${location(f)} | ${message} | ${evidence} |`;
}

function table(findings: Finding[]): string[] {
  const shown = findings.slice(0, MARKDOWN_MAX_ROWS);
  const lines = ['| Rule | Location | Message | Evidence |', '| --- | --- | --- | --- |', ...shown.map(row)];
  if (findings.length > shown.length) {
    lines.push('', `…and ${findings.length - shown.length} more. Run \`shipgate check --format json\` for the full list.`);
  }
  return lines;
}

function section(title: string, findings: Finding[]): string[] {
  if (findings.length > MARKDOWN_COLLAPSE_AFTER) {
    return ['<details>', `<summary>${title}</summary>`, '', ...table(findings), '', '</details>', ''];
  }
  return [`### ${title}`, '', ...table(findings), ''];
}

function headline(report: Report): string {
  const who = report.name !== undefined ? `${report.name}@${report.version ?? '(no version)'}` : report.target;
  return report.passed ? `## ✅ shipgate passed: ${inlineCode(who)}` : `## ❌ shipgate failed: ${inlineCode(who)}`;
}

function facts(report: Report): string[] {
  const { error, warning, info } = report.summary;
  const rows: Array<[string, string]> = [];
  if (report.name === undefined) rows.push(['Target', inlineCode(report.target).replace(/\|/g, '\\|')]);
  if (report.integrity !== undefined) rows.push(['Integrity', inlineCode(report.integrity).replace(/\|/g, '\\|')]);
  rows.push(['Files', String(report.entryCount)]);
  if (report.packedSize !== undefined) rows.push(['Packed size', formatBytes(report.packedSize)]);
  rows.push(['Unpacked size', formatBytes(report.unpackedSize)]);
  rows.push([
    'Findings',
    `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${thousands(info)} info (fails on ${report.failOn} and above)`,
  ]);
  return ['| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function render(report: Report, _options: RenderOptions): string {
  const out: string[] = [headline(report), '', ...facts(report), ''];

  if (report.exposure.files > 0) {
    const { maps, files, lines } = report.exposure;
    out.push(
      `> [!WARNING]`,
      `> Source maps expose **${plural(files, 'original file')}** (${plural(lines, 'line')}) through ${plural(maps, 'map')}.`,
      '',
    );
  }

  for (const severity of ORDER) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    out.push(...section(`${ICONS[severity]} ${HEADINGS[severity]} (${findings.length})`, findings));
  }
  if (report.findings.length === 0) out.push('No findings.', '');

  if (report.suppressed.length > 0) {
    const n = report.suppressed.length;
    out.push('<details>', `<summary>${plural(n, 'suppressed finding')} (allowed by config)</summary>`, '');
    out.push('| Rule | Location | Reason | Until |', '| --- | --- | --- | --- |');
    for (const s of report.suppressed.slice(0, MARKDOWN_MAX_ROWS)) {
      const until = s.until === undefined ? '' : markdownText(s.until);
      out.push(`| ${markdownText(s.finding.rule)} | ${location(s.finding)} | ${markdownText(s.reason)} | ${until} |`);
    }
    if (n > MARKDOWN_MAX_ROWS) out.push('', `…and ${n - MARKDOWN_MAX_ROWS} more.`);
    out.push('', '</details>', '');
  }

  if (report.lifecycle !== undefined) {
    const { note, ran, skipped } = report.lifecycle;
    let text = `**Lifecycle scripts:** ${markdownText(note)}`;
    if (ran.length > 0) text += ` Ran: ${ran.map(markdownText).join(', ')}.`;
    if (skipped.length > 0) text += ` Not run: ${skipped.map(markdownText).join(', ')}.`;
    out.push(text, '');
  }

  if (report.notes.length > 0) {
    out.push('**Notes**', '', ...report.notes.map((n) => `- ${markdownText(n)}`), '');
  }

  out.push(`<sub>shipgate ${markdownText(report.tool.version)}</sub>`);
  return `${out.join('\n')}\n`;
}

export const markdownReporter: Reporter = { name: 'markdown', render };
