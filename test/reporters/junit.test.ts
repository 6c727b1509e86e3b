import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junitReporter, xmlAttr, xmlText } from '../../src/reporters/junit.js';
import type { Report } from '../../src/report.js';
import type { Severity } from '../../src/types.js';
import { RULES, finding, makeReport, options, richReport } from './helpers.js';
import { find, parseXml, type XmlElement } from './xml.js';

function junit(report: Report, rules = RULES): XmlElement {
  return parseXml(junitReporter.render(report, options(rules)));
}

function testcase(root: XmlElement, rule: string): XmlElement {
  const c = find(root, 'testcase').find((t) => t.attributes.name === rule);
  assert.ok(c, `testcase ${rule}`);
  return c;
}

describe('junit reporter', () => {
  it('is one well-formed suite with one test case per rule', () => {
    const root = junit(richReport());
    assert.equal(root.name, 'testsuites');
    const suites = find(root, 'testsuite');
    assert.equal(suites.length, 1);
    assert.equal(suites[0].attributes.name, 'shipgate');
    const cases = find(root, 'testcase');
    assert.deepEqual(
      cases.map((c) => c.attributes.name),
      RULES.map((r) => r.id),
    );
    for (const c of cases) assert.equal(c.attributes.classname, 'shipgate.demo-pkg');
  });

  it('counts tests and failed test cases correctly', () => {
    const cases: Array<[string, Report, { tests: string; failures: string }]> = [
      ['clean', makeReport(), { tests: '4', failures: '0' }],
      // failOn warning: two errors in two rules and one warning fail; the info finding does not.
      ['rich', richReport(), { tests: '4', failures: '3' }],
      [
        'two failures in one rule count as one failed case',
        makeReport({
          findings: [
            finding({ rule: 'secrets', severity: 'error', path: 'a.js' }),
            finding({ rule: 'secrets', severity: 'error', path: 'b.js' }),
          ],
        }),
        { tests: '4', failures: '1' },
      ],
      [
        'a rule not in the registry gets its own case',
        makeReport({ findings: [finding({ rule: 'mystery', severity: 'error' })] }),
        { tests: '5', failures: '1' },
      ],
    ];
    for (const [name, report, expected] of cases) {
      const root = junit(report);
      for (const element of [root, find(root, 'testsuite')[0]]) {
        assert.equal(element.attributes.tests, expected.tests, `${name}: tests`);
        assert.equal(element.attributes.failures, expected.failures, `${name}: failures`);
        assert.equal(element.attributes.errors, '0');
      }
      assert.equal(find(root, 'testcase').length, Number(expected.tests), `${name}: testcase elements`);
      const failed = find(root, 'testcase').filter((c) => find(c, 'failure').length > 0).length;
      assert.equal(failed, Number(expected.failures), `${name}: failed cases`);
    }
  });

  it('fails findings at or above failOn and logs the rest', () => {
    const findings = [
      finding({ rule: 'secrets', severity: 'error', path: 'e.js' }),
      finding({ rule: 'forbidden-files', severity: 'warning', path: 'w.js' }),
      finding({ rule: 'package-size', severity: 'info', path: 'i.js' }),
    ];
    const cases: Array<[Severity, string[]]> = [
      ['error', ['secrets']],
      ['warning', ['secrets', 'forbidden-files']],
      ['info', ['secrets', 'forbidden-files', 'package-size']],
    ];
    for (const [failOn, failing] of cases) {
      const root = junit(makeReport({ findings, failOn }));
      const failed = find(root, 'testcase')
        .filter((c) => find(c, 'failure').length > 0)
        .map((c) => c.attributes.name);
      assert.deepEqual(failed, failing, `failOn ${failOn}`);
      for (const c of find(root, 'testcase')) {
        if (failing.includes(c.attributes.name)) continue;
        const out = find(c, 'system-out');
        if (c.attributes.name === 'source-maps') assert.equal(out.length, 0);
        else assert.match(out[0]?.text ?? '', /^(warning|info): [ewi]\.js /, `${c.attributes.name} under failOn ${failOn}`);
      }
    }
  });

  it('writes type, one-line message and a path:line body on each failure', () => {
    const root = junit(
      makeReport({
        findings: [
          finding({
            rule: 'secrets',
            severity: 'error',
            path: 'dist/config.js',
            line: 12,
            column: 7,
            message: 'Token\nfound.',
            evidence: 'ghp_…(40 chars)',
          }),
        ],
      }),
    );
    const [failure] = find(testcase(root, 'secrets'), 'failure');
    assert.equal(failure.attributes.type, 'error');
    assert.equal(failure.attributes.message, 'dist/config.js:12:7: Token found.');
    assert.equal(failure.text, 'dist/config.js:12:7 Token\nfound. [evidence: ghp_…(40 chars)]');
  });

  it('lists suppressed findings with their reason in system-out', () => {
    const out = find(testcase(junit(richReport()), 'forbidden-files'), 'system-out');
    assert.equal(out[0].text, 'suppressed (test fixture, not a real key): warning: test/fixture.pem Private key file.');
  });

  it('escapes markup and quotes, and keeps characters XML cannot carry visible', () => {
    const nasty = `<a href="x">&'</a> ]]> \u0000\u0001\u001b\u007f\uFFFE \uD800 😀`;
    const root = junit(
      makeReport({
        name: `pkg"<&>'`,
        target: 'x',
        findings: [finding({ rule: 'secrets', severity: 'error', path: `d/${nasty}.js`, message: nasty, evidence: nasty })],
      }),
    );
    const c = testcase(root, 'secrets');
    assert.equal(c.attributes.classname, `shipgate.pkg"<&>'`);
    const [failure] = find(c, 'failure');
    const shown = `<a href="x">&'</a> ]]> \\u0000\\u0001\\u001B\u007f\\uFFFE \\uD800 😀`;
    assert.equal(failure.text, `d/${shown}.js ${shown} [evidence: ${shown}]`);
    assert.equal(failure.attributes.message, `d/${shown}.js: ${shown}`);
  });

  it('escapes text and attributes per the XML 1.0 rules', () => {
    const cases: Array<[string, string, string]> = [
      // input, text, attribute
      ['a<b>&c', 'a&lt;b&gt;&amp;c', 'a&lt;b&gt;&amp;c'],
      [`"q" 'a'`, `"q" 'a'`, '&quot;q&quot; &apos;a&apos;'],
      ['t\tn\nr\r', 't\tn\nr\r', 't&#9;n&#10;r&#13;'],
      ['\u0007bell', '\\u0007bell', '\\u0007bell'],
      ['\uFFFF', '\\uFFFF', '\\uFFFF'],
      ['\uDC00x', '\\uDC00x', '\\uDC00x'],
      ['😀', '😀', '😀'],
    ];
    for (const [input, text, attr] of cases) {
      assert.equal(xmlText(input), text, JSON.stringify(input));
      assert.equal(xmlAttr(input), attr, JSON.stringify(input));
    }
  });

  it('records the package and policy as suite properties', () => {
    const properties = Object.fromEntries(
      find(junit(richReport()), 'property').map((p) => [p.attributes.name, p.attributes.value]),
    );
    assert.equal(properties['package.name'], 'demo-pkg');
    assert.equal(properties['package.version'], '1.2.3');
    assert.equal(properties.failOn, 'warning');
    assert.equal(properties.passed, 'false');
    assert.equal(properties.suppressed, '1');
    assert.match(properties['package.integrity'], /^sha512-/);
  });

  it('uses the target as class name when the package has no name', () => {
    const root = junit(makeReport({ name: undefined, target: './packages/a' }));
    assert.equal(find(root, 'testcase')[0].attributes.classname, 'shipgate../packages/a');
  });
});
