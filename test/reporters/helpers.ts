// A hand-built Report for reporter tests: every field a reporter may read, nothing from a scan.
import type { RenderOptions, Report, RuleDescriptor, SuppressedFinding } from '../../src/report.js';
import type { Finding, Severity } from '../../src/types.js';

export const RULES: RuleDescriptor[] = [
  {
    id: 'source-maps',
    defaultSeverity: 'error',
    rationale: 'Source maps with sourcesContent publish your original source. Ship maps without it, or not at all.',
    helpUri: 'https://github.com/shipgate/shipgate/blob/main/docs/rules/source-maps.md',
  },
  {
    id: 'secrets',
    defaultSeverity: 'error',
    rationale: 'Credentials in a published package are public the moment it is published.',
    helpUri: 'https://github.com/shipgate/shipgate/blob/main/docs/rules/secrets.md',
  },
  {
    id: 'forbidden-files',
    defaultSeverity: 'warning',
    rationale: 'Files such as .env, .npmrc and private keys should never ship.',
    helpUri: 'https://github.com/shipgate/shipgate/blob/main/docs/rules/forbidden-files.md',
  },
  {
    id: 'package-size',
    defaultSeverity: 'info',
    rationale: 'Large tarballs slow every install.',
    helpUri: 'https://github.com/shipgate/shipgate/blob/main/docs/rules/package-size.md',
  },
];

export function options(rules: RuleDescriptor[] = RULES): RenderOptions {
  return { color: false, rules };
}

let counter = 0;

export function finding(overrides: Partial<Finding> & { rule: string }): Finding {
  counter++;
  return {
    severity: 'warning',
    path: 'dist/index.js',
    message: 'Something is wrong.',
    fingerprint: `fp-${overrides.rule}-${counter}`,
    ...overrides,
  };
}

function summarise(findings: Finding[]): Record<Severity, number> {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return summary;
}

/**
 * A Report with consistent summary and passed fields. Pass `findings` and `suppressed` and the
 * derived fields follow, unless they are overridden too.
 */
export function makeReport(overrides: Partial<Report> = {}): Report {
  const findings = overrides.findings ?? [];
  const failOn = overrides.failOn ?? 'error';
  const rank = (s: Severity): number => ['info', 'warning', 'error'].indexOf(s);
  const suppressed: SuppressedFinding[] = overrides.suppressed ?? [];
  return {
    schemaVersion: 1,
    tool: { name: 'shipgate', version: '0.1.0' },
    target: 'demo-pkg-1.2.3.tgz',
    name: 'demo-pkg',
    version: '1.2.3',
    integrity: 'sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==',
    packedSize: 2048,
    unpackedSize: 123_456,
    entryCount: 3,
    files: [
      { path: 'package.json', size: 400, type: 'file' },
      { path: 'dist/index.js', size: 100_000, type: 'file' },
      { path: 'dist/index.js.map', size: 23_056, type: 'file' },
    ],
    exposure: { maps: 0, files: 0, lines: 0 },
    summary: summarise(findings),
    passed: !findings.some((f) => rank(f.severity) >= rank(failOn)),
    notes: [],
    ...overrides,
    failOn,
    findings,
    suppressed,
  };
}

/** A report with one finding of each severity, a nested member, an artifact-level finding and a suppression. */
export function richReport(): Report {
  return makeReport({
    failOn: 'warning',
    findings: [
      finding({
        rule: 'secrets',
        severity: 'error',
        path: 'dist/config.js',
        line: 12,
        column: 7,
        message: 'GitHub personal access token.',
        evidence: 'ghp_…(40 chars)',
        fingerprint: 'secret-fp-1',
        data: { detector: 'github-pat', raw: 'ghp_THIS_MUST_NEVER_APPEAR_0123456789abcd' },
      }),
      finding({
        rule: 'source-maps',
        severity: 'error',
        path: 'dist/index.js.map',
        message: 'Source map embeds 3 original files (120 lines).',
        source: 'src/index.ts',
        fingerprint: 'map-fp-1',
      }),
      finding({
        rule: 'forbidden-files',
        severity: 'warning',
        path: 'vendor/bundle.zip!config/.env',
        line: 2,
        message: '.env file inside a nested archive.',
        fingerprint: 'env-fp-1',
      }),
      finding({ rule: 'package-size', severity: 'info', path: '', message: 'Unpacked size is 123 kB.', fingerprint: 'size-fp-1' }),
    ],
    suppressed: [
      {
        finding: finding({ rule: 'forbidden-files', severity: 'warning', path: 'test/fixture.pem', message: 'Private key file.', fingerprint: 'pem-fp-1' }),
        reason: 'test fixture, not a real key',
        until: '2099-01-01',
      },
    ],
    exposure: { maps: 1, files: 3, lines: 120 },
    lifecycle: { ran: ['prepack'], skipped: ['prepublishOnly'], note: 'npm ran prepack while packing.' },
    notes: ['Allow entry for `*.pem` expires in 30 days.'],
  });
}
