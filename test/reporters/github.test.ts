import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotation, escapeData, escapeProperty, githubReporter } from '../../src/reporters/github.js';
import type { Report } from '../../src/report.js';
import type { Finding } from '../../src/types.js';
import { finding, makeReport, options, richReport } from './helpers.js';

function lines(report: Report): string[] {
  const out = githubReporter.render(report, options());
  assert.ok(out.endsWith('\n'));
  return out.slice(0, -1).split('\n');
}

/** Undo the escaping the way the runner does, to prove nothing is lost. */
function unescape(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Split `::cmd k=v,k=v::message` the way the runner does (properties end at the first `::`). */
function parse(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, line);
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: unescape(m[3]) };
}

describe('github reporter', () => {
  it('writes one annotation per finding and a plain summary line', () => {
    assert.deepEqual(lines(richReport()), [
      '::error file=dist/config.js,line=12,col=7,title=secrets::GitHub personal access token. (evidence: ghp_…(40 chars))',
      '::error file=dist/index.js.map,title=source-maps::Source map embeds 3 original files (120 lines). (original source: src/index.ts)',
      '::warning file=vendor/bundle.zip,title=forbidden-files::config/.env:2: .env file inside a nested archive.',
      '::notice file=package.json,title=package-size::Unpacked size is 123 kB.',
      'shipgate: FAILED demo-pkg@1.2.3: 2 errors, 1 warning, 1 info (fails on warning and above), 1 suppressed',
    ]);
  });

  it('summarises a clean run in one line', () => {
    assert.deepEqual(lines(makeReport()), ['shipgate: passed demo-pkg@1.2.3: 0 errors, 0 warnings, 0 info (fails on error and above)']);
  });

  it('maps severities to workflow commands', () => {
    const cases = [
      ['error', 'error'],
      ['warning', 'warning'],
      ['info', 'notice'],
    ] as const;
    for (const [severity, command] of cases) {
      assert.equal(parse(annotation(finding({ rule: 'secrets', severity }))).command, command);
    }
  });

  it('escapes data and property values as @actions/core does', () => {
    const cases: Array<[string, string, string]> = [
      // input, data, property
      ['plain', 'plain', 'plain'],
      ['100%', '100%25', '100%25'],
      ['%0A', '%250A', '%250A'],
      ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
      ['k: v, w', 'k: v, w', 'k%3A v%2C w'],
      ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ];
    for (const [input, data, property] of cases) {
      assert.equal(escapeData(input), data, JSON.stringify(input));
      assert.equal(escapeProperty(input), property, JSON.stringify(input));
    }
  });

  it('cannot be tricked into a second command or extra properties', () => {
    const hostile: Finding = finding({
      rule: 'a,b:c',
      severity: 'warning',
      path: 'dist/50%,line=99::x\n::error::owned.js',
      line: 4,
      column: 2,
      message: 'first\n::error file=x::injected\r\n100% done, ok: yes',
      evidence: 'e%0A',
    });
    const out = lines(makeReport({ findings: [hostile] }));
    assert.equal(out.length, 2, 'one annotation and the summary');
    const parsed = parse(out[0]);
    assert.equal(parsed.command, 'warning');
    assert.deepEqual(Object.keys(parsed.properties), ['file', 'line', 'col', 'title']);
    assert.deepEqual(parsed.properties, { file: hostile.path, line: '4', col: '2', title: 'a,b:c' });
    assert.equal(parsed.message, `${hostile.message} (evidence: e%0A)`);
  });

  it('places findings the way GitHub can open them', () => {
    const cases: Array<[Partial<Finding>, Record<string, string>, string]> = [
      [{ path: 'a.js', line: 3, column: 9 }, { file: 'a.js', line: '3', col: '9', title: 'secrets' }, 'm'],
      [{ path: 'a.js', line: 3 }, { file: 'a.js', line: '3', title: 'secrets' }, 'm'],
      [{ path: 'a.js', column: 3 }, { file: 'a.js', title: 'secrets' }, 'm'],
      [{ path: 'a.js', line: 0 }, { file: 'a.js', title: 'secrets' }, 'm'],
      [{ path: '' }, { file: 'package.json', title: 'secrets' }, 'm'],
      [{ path: 'x.zip!in/y.js', line: 5, column: 1 }, { file: 'x.zip', title: 'secrets' }, 'in/y.js:5:1: m'],
      [{ path: 'x.zip!in/y.js' }, { file: 'x.zip', title: 'secrets' }, 'in/y.js: m'],
    ];
    for (const [fields, properties, message] of cases) {
      const parsed = parse(annotation(finding({ rule: 'secrets', message: 'm', ...fields })));
      assert.deepEqual(parsed.properties, properties, JSON.stringify(fields));
      assert.equal(parsed.message, message, JSON.stringify(fields));
    }
  });

  it('warns in the summary when GitHub will hide annotations', () => {
    const findings = Array.from({ length: 11 }, (_, i) => finding({ rule: 'package-size', severity: 'info', path: `f${i}` }));
    const summary = lines(makeReport({ findings })).at(-1)!;
    assert.match(summary, /GitHub shows only 10 annotations of each level per step/);
  });

  it('keeps a newline in the package name from starting a command', () => {
    const summary = lines(makeReport({ name: 'evil\n::error::x', version: '1.0.0' })).at(-1)!;
    assert.equal(summary, 'shipgate: passed evil%0A::error::x@1.0.0: 0 errors, 0 warnings, 0 info (fails on error and above)');
  });
});
