import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  FINGERPRINT_KEY,
  SARIF_MAX_RESULTS,
  friendlyName,
  sarifReporter,
  sarifTarget,
} from '../../src/reporters/sarif.js';
import type { Report } from '../../src/report.js';
import type { Finding } from '../../src/types.js';
import { RULES, finding, makeReport, options, richReport } from './helpers.js';
import { repoRoot, validateSarif } from './sarif-schema.js';

// Typed just enough to read our own output back.
interface Log {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Rule[] } };
    results: Result[];
    invocations?: Array<{ toolExecutionNotifications?: Array<{ message: { text: string } }> }>;
  }>;
}
interface Rule {
  id: string;
  name?: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[] };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } };
    logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; justification: string }>;
  properties?: Record<string, string>;
}

function sarif(report: Report, rules = RULES): Log {
  return JSON.parse(sarifReporter.render(report, options(rules))) as Log;
}

function only(f: Finding): Result {
  const log = sarif(makeReport({ findings: [f] }));
  assert.equal(log.runs[0].results.length, 1);
  return log.runs[0].results[0];
}

/** What GitHub code scanning demands beyond the schema (docs: "SARIF support for code scanning"). */
function assertGitHubAcceptable(log: Log): void {
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.ok(run.results.length <= SARIF_MAX_RESULTS, 'at most 25,000 results per run');
  for (const rule of run.tool.driver.rules) assert.ok(rule.properties.tags.length <= 20, 'at most 20 tags per rule');
  for (const r of run.results) {
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at ruleId');
    assert.equal(r.locations.length, 1);
    const { uri } = r.locations[0].physicalLocation.artifactLocation;
    assert.doesNotMatch(uri, /^[A-Za-z][A-Za-z0-9+.-]*:/, `uri ${uri} must be relative`);
    assert.doesNotMatch(uri, /^\/|(^|\/)\.\.(\/|$)/, `uri ${uri} must stay inside the package`);
    const { startLine, startColumn } = r.locations[0].physicalLocation.region;
    assert.ok(Number.isInteger(startLine) && startLine >= 1, 'startLine >= 1');
    if (startColumn !== undefined) assert.ok(Number.isInteger(startColumn) && startColumn >= 1, 'startColumn >= 1');
    assert.ok(r.message.text.length > 0);
  }
}

describe('sarif reporter', () => {
  it('validates against the official SARIF 2.1.0 schema and GitHub limits', () => {
    const cases: Array<[string, Report]> = [
      ['rich report', richReport()],
      ['empty report', makeReport()],
      ['no package name or integrity', makeReport({ name: undefined, version: undefined, integrity: undefined })],
      [
        'hostile paths and messages',
        makeReport({
          findings: [
            finding({ rule: 'secrets', path: 'dist/50% off,: now.js', line: 3, column: 1, message: 'a\r\nb: c, 100%' }),
            finding({ rule: 'secrets', path: 'dist/ünïcødé file#1?.js', message: 'x' }),
            finding({ rule: 'secrets', path: '../../etc/passwd', message: 'traversal' }),
            finding({ rule: 'secrets', path: 'a\uD800b.js', message: 'lone surrogate' }),
          ],
        }),
      ],
    ];
    for (const [name, report] of cases) {
      const log = sarif(report);
      assert.deepEqual(validateSarif(log), [], `${name}: schema errors`);
      assertGitHubAcceptable(log);
    }
  });

  it('the schema check is not vacuous: it rejects a broken log', () => {
    const log = sarif(richReport()) as unknown as { version: string; runs: Array<{ results: Array<Record<string, unknown>> }> };
    const broken = structuredClone(log);
    broken.version = '2.0.0';
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[0].locations = [{ physicalLocation: { region: { startLine: 0 } } }];
    const errors = validateSarif(broken).map((e) => e.instancePath);
    assert.ok(errors.includes('/version'));
    assert.ok(errors.includes('/runs/0/results/0/level'));
    assert.ok(errors.includes('/runs/0/results/0/locations/0/physicalLocation/region/startLine'));
  });

  it('describes the tool and every rule given, in order', () => {
    const log = sarif(makeReport());
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'shipgate');
    assert.equal(driver.version, '0.1.0');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      RULES.map((r) => r.id),
    );
    const levels = Object.fromEntries(driver.rules.map((r) => [r.id, r.defaultConfiguration.level]));
    assert.deepEqual(levels, { 'source-maps': 'error', secrets: 'error', 'forbidden-files': 'warning', 'package-size': 'note' });
    const maps = driver.rules[0];
    assert.equal(maps.name, 'SourceMaps');
    assert.equal(maps.shortDescription.text, 'Source maps with sourcesContent publish your original source.');
    assert.equal(maps.fullDescription.text, RULES[0].rationale);
    assert.equal(maps.helpUri, RULES[0].helpUri);
    assert.ok(maps.help.text.includes(RULES[0].rationale) && maps.help.text.includes(RULES[0].helpUri));
    assert.ok(maps.help.markdown.includes(`](${RULES[0].helpUri})`));
    assert.ok(maps.properties.tags.includes('shipgate'));
    assert.equal(driver.rules[1].name, undefined, "'Secrets' would only repeat the id 'secrets'");
  });

  it('adds a descriptor for a rule id the registry did not describe', () => {
    const log = sarif(makeReport({ findings: [finding({ rule: 'mystery', severity: 'info' })] }));
    const { rules } = log.runs[0].tool.driver;
    assert.equal(rules.length, RULES.length + 1);
    assert.equal(rules[RULES.length].id, 'mystery');
    assert.equal(log.runs[0].results[0].ruleIndex, RULES.length);
    assert.deepEqual(validateSarif(log), []);
  });

  it('maps severities to SARIF levels', () => {
    const cases = [
      ['error', 'error'],
      ['warning', 'warning'],
      ['info', 'note'],
    ] as const;
    for (const [severity, level] of cases) {
      assert.equal(only(finding({ rule: 'secrets', severity })).level, level);
    }
  });

  it('maps package paths to relative, URI-safe locations', () => {
    const cases: Array<[string, string, string | undefined]> = [
      // path, uri, archive member
      ['dist/index.js', 'dist/index.js', undefined],
      ['', 'package.json', undefined],
      ['dist/a b.js', 'dist/a%20b.js', undefined],
      ['dist/100%,x:y.js', 'dist/100%25%2Cx%3Ay.js', undefined],
      ['c:/x.js', 'package.json', undefined],
      ['/etc/passwd', 'package.json', undefined],
      ['a/../../b', 'package.json', undefined],
      ['dist/ü#?.js', 'dist/%C3%BC%23%3F.js', undefined],
      ['vendor/a.zip!x/y.js', 'vendor/a.zip', 'x/y.js'],
      ['a.tgz!b.zip!c', 'a.tgz', 'b.zip!c'],
      ['./dist//x.js', 'dist/x.js', undefined],
    ];
    for (const [input, uri, member] of cases) {
      const target = sarifTarget(input);
      assert.equal(target.uri, uri, input);
      assert.equal(target.member, member, input);
    }
  });

  it('names a path it could not use in the message', () => {
    const r = only(finding({ rule: 'secrets', path: '../outside.js', message: 'Entry escapes the package.' }));
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'package.json');
    assert.equal(r.message.text, 'Entry escapes the package. (entry path: ../outside.js)');
  });

  it('puts nested archive members in a logical location and the message', () => {
    const r = only(finding({ rule: 'forbidden-files', path: 'v/a.zip!conf/.env', line: 4, column: 2, message: 'Env file.' }));
    const location = r.locations[0];
    assert.equal(location.physicalLocation.artifactLocation.uri, 'v/a.zip');
    assert.deepEqual(location.physicalLocation.region, { startLine: 1 }, "the member's line is not the zip's");
    assert.deepEqual(location.logicalLocations, [{ name: '.env', fullyQualifiedName: 'v/a.zip!conf/.env', kind: 'resource' }]);
    assert.equal(r.message.text, 'Env file. (in archive member v/a.zip!conf/.env:4:2)');
    assert.equal(r.properties?.archiveMember, 'v/a.zip!conf/.env');
  });

  it('gives every result a region GitHub can place', () => {
    const cases: Array<[Partial<Finding>, { startLine: number; startColumn?: number }]> = [
      [{ line: 12, column: 7 }, { startLine: 12, startColumn: 7 }],
      [{ line: 12 }, { startLine: 12 }],
      [{}, { startLine: 1 }],
      [{ line: 0, column: 0 }, { startLine: 1 }],
      [{ line: 5, column: 0 }, { startLine: 5 }],
      [{ line: 1.5 }, { startLine: 1 }],
    ];
    for (const [fields, region] of cases) {
      const r = only(finding({ rule: 'secrets', ...fields }));
      assert.deepEqual(r.locations[0].physicalLocation.region, region, JSON.stringify(fields));
    }
  });

  it('carries the fingerprint as a partial fingerprint', () => {
    const r = only(finding({ rule: 'secrets', fingerprint: 'abc123' }));
    assert.deepEqual(r.partialFingerprints, { [FINGERPRINT_KEY]: 'abc123' });
    assert.equal(FINGERPRINT_KEY, 'shipgateFingerprint/v1');
  });

  it('emits suppressed findings with an external suppression and its reason', () => {
    const log = sarif(richReport());
    const results = log.runs[0].results;
    assert.equal(results.length, 5);
    const suppressed = results.filter((r) => r.suppressions);
    assert.equal(suppressed.length, 1);
    assert.equal(suppressed[0].partialFingerprints[FINGERPRINT_KEY], 'pem-fp-1');
    assert.deepEqual(suppressed[0].suppressions, [
      { kind: 'external', status: 'accepted', justification: 'test fixture, not a real key', properties: { until: '2099-01-01' } },
    ]);
    assert.equal(results.at(-1), suppressed[0], 'suppressed results come last');
  });

  it('puts evidence and original source in the message as given', () => {
    const r = only(
      finding({ rule: 'secrets', message: 'Token.', evidence: 'ghp_…(40 chars)', source: 'webpack:///src/a.ts' }),
    );
    assert.equal(r.message.text, 'Token. (original source: webpack:///src/a.ts) (evidence: ghp_…(40 chars))');
    assert.deepEqual(r.properties, { evidence: 'ghp_…(40 chars)', source: 'webpack:///src/a.ts' });
  });

  it('keeps at most 25,000 results and says how many were left out', () => {
    const findings = Array.from({ length: SARIF_MAX_RESULTS + 3 }, (_, i) =>
      finding({ rule: 'package-size', severity: 'info', path: `f${i}.js`, fingerprint: `fp${i}` }),
    );
    const log = sarif(makeReport({ findings }));
    assert.equal(log.runs[0].results.length, SARIF_MAX_RESULTS);
    const note = log.runs[0].invocations?.[0].toolExecutionNotifications?.[0].message.text ?? '';
    assert.match(note, /^3 of 25003 results were left out/);
    assert.deepEqual(validateSarif(log), []);
  });

  it('derives Pascal-case friendly names from rule ids', () => {
    const cases = [
      ['source-maps', 'SourceMaps'],
      ['secrets', 'Secrets'],
      ['manifest/exports', 'ManifestExports'],
      ['1st-rule', 'Rule1stRule'],
    ];
    for (const [id, name] of cases) assert.equal(friendlyName(id), name);
  });

  it('is deterministic: the same report renders the same bytes', () => {
    assert.equal(sarifReporter.render(richReport(), options()), sarifReporter.render(richReport(), options()));
  });
});

/**
 * Microsoft's SARIF multitool runs the schema plus its own SARIF (and GitHub) rules. It is not a
 * dependency: the test runs when SARIF_MULTITOOL names its binary or the npm package
 * @microsoft/sarif-multitool is installed, and is skipped otherwise.
 */
function findMultitool(): string | undefined {
  const candidates: string[] = [];
  if (process.env.SARIF_MULTITOOL) candidates.push(process.env.SARIF_MULTITOOL);
  try {
    const require = createRequire(path.join(repoRoot(), 'package.json'));
    candidates.push(require('@microsoft/sarif-multitool') as string);
  } catch {
    // not installed
  }
  return candidates.find((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      // npm may have skipped the package's `chmod u+x` postinstall (install-scripts policy).
      try {
        chmodSync(c, 0o755);
        accessSync(c, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }
  });
}

const multitool = findMultitool();

describe('sarif reporter under the SARIF multitool', () => {
  it(
    'passes `sarif-multitool validate` with no error or warning',
    {
      skip: multitool
        ? false
        : 'sarif-multitool not installed (set SARIF_MULTITOOL=/path/to/Sarif.Multitool or npm i -D @microsoft/sarif-multitool)',
    },
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'shipgate-sarif-'));
      try {
        const reports: Array<[string, Report]> = [
          ['rich', richReport()],
          [
            'hostile',
            makeReport({
              findings: [
                finding({ rule: 'secrets', path: 'dist/50% off,: now.js', line: 3, column: 1, message: 'a\r\nb: c, 100%' }),
                finding({ rule: 'mystery', path: 'x.zip!y/z.js', line: 2, message: 'nested' }),
                finding({ rule: 'secrets', path: '../../etc/passwd', message: 'traversal' }),
              ],
            }),
          ],
        ];
        for (const [name, report] of reports) {
          const input = path.join(dir, `${name}.sarif`);
          const output = path.join(dir, `${name}.validation.sarif`);
          writeFileSync(input, sarifReporter.render(report, options()));
          const run = spawnSync(
            multitool!,
            ['validate', input, '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '-o', output, '--log', 'ForceOverwrite'],
            { encoding: 'utf8', timeout: 120_000 },
          );
          assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
          const validation = JSON.parse(readFileSync(output, 'utf8')) as {
            runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { arguments?: string[] } }> }>;
          };
          // A rule's default level is warning, so a missing level counts as one.
          const problems = (validation.runs[0].results ?? []).filter((r) => (r.level ?? 'warning') !== 'note');
          assert.deepEqual(
            problems.map((r) => `${r.ruleId}: ${(r.message.arguments ?? []).join(' ')}`),
            [],
            name,
          );
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
