import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { githubReporter } from '../../src/reporters/github.js';
import { junitReporter } from '../../src/reporters/junit.js';
import { markdownReporter } from '../../src/reporters/markdown.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import type { Reporter } from '../../src/report.js';
import { options, richReport } from './helpers.js';

// Evidence is redacted before it reaches a reporter; a reporter must show it as given and must
// not reach for anything else a finding carries (`data` holds raw detector facts).
const cases: Array<[Reporter, string]> = [
  [sarifReporter, 'ghp_…(40 chars)'],
  [junitReporter, 'ghp_…(40 chars)'],
  [markdownReporter, 'ghp\\_…(40 chars)'],
  [githubReporter, 'ghp_…(40 chars)'],
];

describe('every CI reporter', () => {
  for (const [reporter, evidence] of cases) {
    it(`${reporter.name}: renders evidence as given and nothing from data`, () => {
      const out = reporter.render(richReport(), options());
      assert.ok(out.includes(evidence), 'evidence shown');
      assert.ok(!out.includes('ghp_THIS_MUST_NEVER_APPEAR'), 'raw value from data leaked');
      assert.ok(!out.includes('github-pat'), 'data field leaked');
    });

    it(`${reporter.name}: is pure and repeatable`, () => {
      const report = richReport();
      const before = JSON.stringify(report);
      assert.equal(reporter.render(report, options()), reporter.render(report, options()));
      assert.equal(JSON.stringify(report), before, 'the report was not modified');
    });
  }

  it('have the names the CLI registers them under', () => {
    assert.deepEqual(
      cases.map(([r]) => r.name),
      ['sarif', 'junit', 'markdown', 'github'],
    );
  });
});
