// `shipgate workflows [repo]`: audit the CI workflows that publish. Reads, audits, prints;
// the decisions live in src/workflows.
import { resolve } from 'node:path';
import { ShipgateError } from '../../errors.js';
import { isSeverity, severityRank, type Finding, type Severity } from '../../types.js';
import { auditRepository, type WorkflowAudit } from '../../workflows/index.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from '../command.js';

type Format = 'text' | 'json';

function parseFormat(value: string | undefined): Format {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new ShipgateError('usage', `Unknown --format "${value}": expected text or json.`, 'Run `shipgate help workflows`.');
}

function parseFailOn(value: string | undefined): Severity {
  if (value === undefined) return 'error';
  if (isSeverity(value)) return value;
  throw new ShipgateError('usage', `Unknown --fail-on "${value}": expected error, warning or info.`, 'Run `shipgate help workflows`.');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fixOf(f: Finding): string | undefined {
  const fix = f.data?.fix;
  return typeof fix === 'string' ? fix : undefined;
}

export function renderWorkflowsText(target: string, audit: WorkflowAudit, failOn: Severity, failed: boolean): string {
  const out: string[] = [];
  const where = target === '.' ? 'the current directory' : target;
  if (audit.workflows === 0) {
    out.push(`No CI workflows found in ${where} (looked for .github/workflows/*.yml, *.yaml and .gitlab-ci.yml).`);
    return `${out.join('\n')}\n`;
  }
  out.push(`Audited ${plural(audit.workflows, 'workflow file')} in ${where}.`);
  if (audit.publishingJobs.length === 0) {
    out.push('No publishing job found (npm/pnpm/yarn/bun publish, changesets, semantic-release, lerna, npm-publish actions).');
  } else {
    out.push('Publishing jobs:');
    for (const j of audit.publishingJobs) out.push(`  ${j.path}:${j.line}  ${j.job}  (${j.tools.join(', ')})`);
  }
  const byPath = new Map<string, Finding[]>();
  for (const f of audit.findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const [path, findings] of byPath) {
    out.push('', path);
    for (const f of findings) {
      out.push(`  ${String(f.line ?? '-').padStart(4)}  ${f.severity.padEnd(7)}  ${f.rule}`);
      out.push(`        ${f.message}`);
      const fix = fixOf(f);
      if (fix) out.push(`        fix: ${fix}`);
    }
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of audit.findings) counts[f.severity]++;
  out.push(
    '',
    `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info` +
      ` — ${failed ? `failed (findings at or above ${failOn})` : `passed (--fail-on ${failOn})`}.`,
  );
  return `${out.join('\n')}\n`;
}

export const workflowsCommand: Command = {
  name: 'workflows',
  summary: 'audit the CI workflows that publish (tokens, OIDC permissions, pinning, triggers, caches)',
  usage: 'workflows [repo] [--format text|json] [--fail-on error|warning|info]',
  options: {
    format: { type: 'string' },
    'fail-on': { type: 'string' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const format = parseFormat(stringOption(args, 'format'));
    const failOn = parseFailOn(stringOption(args, 'fail-on'));
    if (args.positionals.length > 1) {
      throw new ShipgateError('usage', `workflows takes one repository directory, got ${args.positionals.length} arguments.`, 'Usage: shipgate workflows [repo]');
    }
    const target = args.positionals[0] ?? '.';
    const audit = await auditRepository(resolve(io.cwd, target));
    const failed = audit.findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ target, workflows: audit.workflows, publishingJobs: audit.publishingJobs, findings: audit.findings }, null, 2)}\n`);
    } else {
      io.stdout(renderWorkflowsText(target, audit, failOn, failed));
    }
    return failed ? 1 : 0;
  },
};
