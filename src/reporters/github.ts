// GitHub Actions workflow commands: one annotation per finding, then a plain summary line.
// The escaping follows @actions/core: data escapes `%`, CR and LF; property values also `:` and `,`.
// Without it a newline in a message would end the command and start a new, attacker-chosen one.
import type { Report, RenderOptions, Reporter } from '../report.js';
import type { Finding, Severity } from '../types.js';
import { plural, thousands } from '../util/format.js';

const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' } as const satisfies Record<Severity, string>;

/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

/** Escape the message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a property value (`file=…`, `title=…`) of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function positive(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1;
}

export function annotation(f: Finding): string {
  const bang = f.path.indexOf('!');
  // A nested member (`a.zip!x/y`) is not a file GitHub can open: annotate the outer archive and
  // name the member, with its line, in the message. The artifact as a whole is `package.json`.
  const file = f.path === '' ? 'package.json' : bang < 0 ? f.path : f.path.slice(0, bang);
  const props = [`file=${escapeProperty(file)}`];
  let message = f.message;
  if (bang >= 0) {
    const at = positive(f.line) ? `:${f.line}${positive(f.column) ? `:${f.column}` : ''}` : '';
    message = `${f.path.slice(bang + 1)}${at}: ${message}`;
  } else if (positive(f.line)) {
    props.push(`line=${f.line}`);
    if (positive(f.column)) props.push(`col=${f.column}`);
  }
  props.push(`title=${escapeProperty(f.rule)}`);
  if (f.source !== undefined) message += ` (original source: ${f.source})`;
  if (f.evidence !== undefined) message += ` (evidence: ${f.evidence})`;
  return `::${COMMANDS[f.severity]} ${props.join(',')}::${escapeData(message)}`;
}

/** A plain log line, not an annotation: it must not count against the per-step annotation limit. */
function summaryLine(report: Report): string {
  const who = report.name !== undefined ? `${report.name}@${report.version ?? '(no version)'}` : report.target;
  const { error, warning, info } = report.summary;
  let line = `shipgate: ${report.passed ? 'passed' : 'FAILED'} ${who}: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${thousands(info)} info (fails on ${report.failOn} and above)`;
  if (report.suppressed.length > 0) line += `, ${report.suppressed.length} suppressed`;
  if (Math.max(error, warning, info) > ANNOTATIONS_SHOWN_PER_LEVEL) {
    line += `. GitHub shows only ${ANNOTATIONS_SHOWN_PER_LEVEL} annotations of each level per step; this log lists them all`;
  }
  // Starts with `shipgate:`, so it is never a command; escaping keeps a newline in a name from making one.
  return escapeData(line);
}

function render(report: Report, _options: RenderOptions): string {
  const lines = report.findings.map(annotation);
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

export const githubReporter: Reporter = { name: 'github', render };
