import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MARKDOWN_COLLAPSE_AFTER,
  MARKDOWN_MAX_ROWS,
  inlineCode,
  markdownReporter,
  markdownText,
} from '../../src/reporters/markdown.js';
import type { Report } from '../../src/report.js';
import { finding, makeReport, options, richReport } from './helpers.js';

function md(report: Report): string {
  return markdownReporter.render(report, options());
}

/** Cells of a GFM table row, split on unescaped pipes. */
function cells(row: string): string[] {
  assert.ok(row.startsWith('| ') && row.endsWith(' |'), row);
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

function rowsOf(text: string, rule: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`| ${rule} |`));
}

describe('markdown reporter', () => {
  it('headlines pass or fail with name@version', () => {
    const cases: Array<[string, Report, RegExp]> = [
      ['failed', richReport(), /^## ❌ shipgate failed: `demo-pkg@1\.2\.3`$/],
      ['passed', makeReport(), /^## ✅ shipgate passed: `demo-pkg@1\.2\.3`$/],
      ['no name', makeReport({ name: undefined, version: undefined, target: 'out/x.tgz' }), /^## ✅ shipgate passed: `out\/x\.tgz`$/],
    ];
    for (const [name, report, headline] of cases) {
      assert.match(md(report).split('\n')[0], headline, name);
    }
  });

  it('states integrity, files, sizes and the finding counts', () => {
    const text = md(richReport());
    assert.ok(text.includes('| Integrity | `sha512-AAAA'));
    assert.ok(text.includes('| Files | 3 |'));
    assert.ok(text.includes('| Packed size | 2.0 kB |'));
    assert.ok(text.includes('| Unpacked size | 123 kB |'));
    assert.ok(text.includes('| Findings | 2 errors, 1 warning, 1 info (fails on warning and above) |'));
  });

  it('shows the exposure headline only when source maps expose files', () => {
    assert.ok(md(richReport()).includes('Source maps expose **3 original files** (120 lines) through 1 map.'));
    assert.ok(!md(makeReport()).includes('Source maps expose'));
    assert.ok(!md(makeReport({ exposure: { maps: 2, files: 0, lines: 0 } })).includes('Source maps expose'));
  });

  it('groups findings by severity, most severe first', () => {
    const text = md(richReport());
    const errors = text.indexOf('### 🛑 Errors (2)');
    const warnings = text.indexOf('### ⚠️ Warnings (1)');
    const info = text.indexOf('### ℹ️ Info (1)');
    assert.ok(errors > 0 && warnings > errors && info > warnings);
    assert.deepEqual(cells(rowsOf(text, 'secrets')[0]), ['secrets', 'dist/config.js:12:7', 'GitHub personal access token.', 'ghp\\_…(40 chars)']);
    assert.deepEqual(cells(rowsOf(text, 'package-size')[0]), ['package-size', '(package)', 'Unpacked size is 123 kB.', '']);
  });

  it('keeps hostile text inside its table cell', () => {
    const message = 'a | b `code` <script>alert(1)</script>\nnext line\r\n*bold* [link](http://x) & ~~s~~ \\|';
    const text = md(makeReport({ findings: [finding({ rule: 'secrets', severity: 'error', path: 'd/a|b`.js', line: 3, message, evidence: '`x`|y' })] }));
    const rows = rowsOf(text, 'secrets');
    assert.equal(rows.length, 1, 'one row: newlines did not split it');
    const [rule, location, shown, evidence] = cells(rows[0]);
    assert.equal(rule, 'secrets');
    assert.equal(location, 'd/a\\|b\\`.js:3');
    assert.equal(
      shown,
      'a \\| b \\`code\\` &lt;script&gt;alert(1)&lt;/script&gt;<br>next line<br>\\*bold\\* \\[link\\](http://x) &amp; \\~\\~s\\~\\~ \\\\\\|',
    );
    assert.equal(evidence, '\\`x\\`\\|y');
    assert.ok(!text.includes('<script>'));
  });

  it('escapes text for cells', () => {
    const cases: Array<[string, string]> = [
      ['plain text.', 'plain text.'],
      ['a|b', 'a\\|b'],
      ['`tick`', '\\`tick\\`'],
      ['<b>&</b>', '&lt;b&gt;&amp;&lt;/b&gt;'],
      ['one\ntwo\r\nthree\rfour', 'one<br>two<br>three<br>four'],
      ['_x_ *y* #z', '\\_x\\_ \\*y\\* \\#z'],
      ['back\\slash', 'back\\\\slash'],
      ['bell\u0007', 'bell\uFFFD'],
    ];
    for (const [input, expected] of cases) assert.equal(markdownText(input), expected, JSON.stringify(input));
  });

  it('builds code spans that no backtick can close', () => {
    const cases: Array<[string, string]> = [
      ['demo@1.0.0', '`demo@1.0.0`'],
      ['a`b', '`` a`b ``'],
      ['``x', '``` ``x ```'],
      ['line\nbreak', '`line break`'],
    ];
    for (const [input, expected] of cases) assert.equal(inlineCode(input), expected, JSON.stringify(input));
  });

  it('collapses long sections and caps the rows', () => {
    const few = Array.from({ length: MARKDOWN_COLLAPSE_AFTER }, (_, i) => finding({ rule: 'package-size', severity: 'info', path: `f${i}` }));
    assert.ok(md(makeReport({ findings: few })).includes('### ℹ️ Info (10)'));

    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 5 }, (_, i) =>
      finding({ rule: 'package-size', severity: 'info', path: `f${i}` }),
    );
    const text = md(makeReport({ findings: many }));
    assert.ok(text.includes(`<details>\n<summary>ℹ️ Info (${MARKDOWN_MAX_ROWS + 5})</summary>\n\n| Rule |`));
    assert.equal(rowsOf(text, 'package-size').length, MARKDOWN_MAX_ROWS);
    assert.ok(text.includes('…and 5 more.'));
  });

  it('counts and lists suppressed findings, notes and the lifecycle', () => {
    const text = md(richReport());
    assert.ok(text.includes('<summary>1 suppressed finding (allowed by config)</summary>'));
    assert.deepEqual(cells(rowsOf(text, 'forbidden-files').at(-1)!), [
      'forbidden-files',
      'test/fixture.pem',
      'test fixture, not a real key',
      '2099-01-01',
    ]);
    assert.ok(text.includes('**Lifecycle scripts:** npm ran prepack while packing. Ran: prepack. Not run: prepublishOnly.'));
    assert.ok(text.includes('- Allow entry for \\`\\*.pem\\` expires in 30 days.'));
  });

  it('says so when there is nothing to report', () => {
    const text = md(makeReport());
    assert.ok(text.includes('No findings.'));
    assert.ok(!text.includes('suppressed'));
    assert.ok(!text.includes('Lifecycle'));
  });
});
