import type { Report, Reporter } from '../report.js';
import type { Finding, Severity } from '../types.js';
import { formatBytes, plural, thousands } from '../util/format.js';

const CODES = { red: 31, yellow: 33, blue: 34, green: 32, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function painter(color: boolean): (style: Style, s: string) => string {
  return (style, s) => (color ? `\u001b[${CODES[style]}m${s}\u001b[0m` : s);
}

const LABEL: Record<Severity, { text: string; style: Style }> = {
  error: { text: 'error  ', style: 'red' },
  warning: { text: 'warning', style: 'yellow' },
  info: { text: 'info   ', style: 'blue' },
};

function location(f: Finding): string {
  if (f.source) return `${f.source}${f.line ? `:${f.line}` : ''}`;
  return f.line ? `line ${f.line}` : '';
}

/** Terminal output: header, exposure headline, findings grouped by file, summary line. */
export const textReporter: Reporter = {
  name: 'text',
  render(report: Report, { color }) {
    const c = painter(color);
    const out: string[] = [];
    const id = report.name ? `${report.name}${report.version ? `@${report.version}` : ''}` : report.target;
    out.push(`${c('bold', 'shipgate')} ${id}${report.name ? c('dim', `  (${report.target})`) : ''}`);
    if (report.integrity) out.push(`  integrity  ${report.integrity}`);
    const sizes = [`unpacked ${formatBytes(report.unpackedSize)}`];
    if (report.packedSize !== undefined) sizes.push(`packed ${formatBytes(report.packedSize)}`);
    out.push(`  files      ${report.entryCount} (${sizes.join(', ')})`);
    if (report.lifecycle) out.push(`  scripts    ${report.lifecycle.note}`);
    out.push('');
    if (report.exposure.files > 0) {
      out.push(c('red', c('bold', `✖ source maps expose ${plural(report.exposure.files, 'original file')}, ${plural(report.exposure.lines, 'line')} not otherwise in this package`)));
      out.push('');
    }
    const byPath = new Map<string, Finding[]>();
    for (const f of report.findings) {
      const key = f.path || '(package)';
      const list = byPath.get(key) ?? [];
      list.push(f);
      byPath.set(key, list);
    }
    for (const [path, list] of byPath) {
      out.push(c('bold', path));
      for (const f of list) {
        const label = LABEL[f.severity];
        const loc = location(f);
        const evidence = f.evidence && !f.message.includes(f.evidence) ? ` ${c('dim', `[${f.evidence}]`)}` : '';
        out.push(`  ${c(label.style, label.text)}  ${c('dim', f.rule.padEnd(16))} ${loc ? `${loc}  ` : ''}${f.message}${evidence}`);
        if (f.rule === 'secrets') out.push(`  ${' '.repeat(9)}${c('dim', `fingerprint ${f.fingerprint}`)}`);
      }
      out.push('');
    }
    for (const note of report.notes) out.push(c('yellow', `note: ${note}`));
    const s = report.summary;
    const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${thousands(s.info)} info`;
    const suppressed = report.suppressed.length ? `, ${report.suppressed.length} allowed by config` : '';
    if (report.passed) out.push(c('green', `✔ passed: ${counts}${suppressed} (fails on ${report.failOn} and above)`));
    else out.push(c('red', `✖ failed: ${counts}${suppressed} (fails on ${report.failOn} and above)`));
    return `${out.join('\n')}\n`;
  },
};
