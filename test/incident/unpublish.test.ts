// npm's unpublish policy as a table: each row is the facts and the verdict they must give.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, assessUnpublish, or, type Fact, type Tri } from '../../src/incident/unpublish.js';

const NOW = new Date('2026-04-01T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const known = (value: number): Fact => ({ value, source: 'test' });
const unknown: Fact = { source: 'not served by this registry' };

interface Row {
  what: string;
  publishedAt?: string;
  dependents: Fact;
  weeklyDownloads: Fact;
  owners: Fact;
  possible: Tri;
  route?: string;
  /** Requirements listed as unknown (prefixes). */
  unknown?: string[];
}

const ROWS: Row[] = [
  // Within 72 hours only dependents matter.
  { what: '1 hour old, no dependents, busy, many owners', publishedAt: hoursAgo(1), dependents: known(0), weeklyDownloads: known(50_000), owners: known(5), possible: 'yes', route: 'within-72-hours' },
  { what: '71.9 hours old, no dependents', publishedAt: hoursAgo(71.9), dependents: known(0), weeklyDownloads: unknown, owners: unknown, possible: 'yes', route: 'within-72-hours' },
  { what: '1 hour old, one dependent', publishedAt: hoursAgo(1), dependents: known(1), weeklyDownloads: known(0), owners: known(1), possible: 'no' },
  { what: '1 hour old, dependents unknown', publishedAt: hoursAgo(1), dependents: unknown, weeklyDownloads: unknown, owners: unknown, possible: 'unknown', route: 'within-72-hours', unknown: ['no other package'] },
  // After 72 hours: all three conditions.
  { what: 'exactly 72 hours old, all three met', publishedAt: hoursAgo(72), dependents: known(0), weeklyDownloads: known(299), owners: known(1), possible: 'yes', route: 'low-impact' },
  { what: '30 days old, all three met', publishedAt: hoursAgo(720), dependents: known(0), weeklyDownloads: known(0), owners: known(1), possible: 'yes', route: 'low-impact' },
  { what: 'after 72 h, a dependent', publishedAt: hoursAgo(100), dependents: known(3), weeklyDownloads: known(0), owners: known(1), possible: 'no' },
  { what: 'after 72 h, 300 downloads (not fewer than 300)', publishedAt: hoursAgo(100), dependents: known(0), weeklyDownloads: known(300), owners: known(1), possible: 'no' },
  { what: 'after 72 h, two owners', publishedAt: hoursAgo(100), dependents: known(0), weeklyDownloads: known(10), owners: known(2), possible: 'no' },
  { what: 'after 72 h, downloads unknown', publishedAt: hoursAgo(100), dependents: known(0), weeklyDownloads: unknown, owners: known(1), possible: 'unknown', route: 'low-impact', unknown: ['fewer than 300'] },
  { what: 'after 72 h, everything unknown', publishedAt: hoursAgo(100), dependents: unknown, weeklyDownloads: unknown, owners: unknown, possible: 'unknown', route: 'low-impact', unknown: ['no other package', 'fewer than 300', 'a single owner'] },
  { what: 'after 72 h, unknowns but two owners: no', publishedAt: hoursAgo(100), dependents: unknown, weeklyDownloads: unknown, owners: known(2), possible: 'no' },
  { what: 'after 72 h, unknown dependents but a known dependent count elsewhere fails: no', publishedAt: hoursAgo(100), dependents: known(1), weeklyDownloads: unknown, owners: unknown, possible: 'no' },
  // Publish time unknown: either route may apply.
  { what: 'no publish time, no dependents, low impact', dependents: known(0), weeklyDownloads: known(1), owners: known(1), possible: 'yes', route: 'low-impact' },
  { what: 'no publish time, no dependents, two owners', dependents: known(0), weeklyDownloads: known(1), owners: known(2), possible: 'unknown', route: 'within-72-hours', unknown: ['published less than 72 hours ago'] },
  { what: 'no publish time, a dependent', dependents: known(2), weeklyDownloads: known(1), owners: known(1), possible: 'no' },
];

describe('assessUnpublish', () => {
  for (const row of ROWS) {
    test(row.what, () => {
      const a = assessUnpublish({ publishedAt: row.publishedAt, now: NOW, dependents: row.dependents, weeklyDownloads: row.weeklyDownloads, owners: row.owners });
      assert.equal(a.possible, row.possible, a.summary);
      if (row.possible !== 'no') assert.equal(a.route, row.route);
      assert.deepEqual(
        a.unknown.map((u) => (row.unknown ?? []).find((p) => u.startsWith(p)) ?? u),
        row.unknown ?? [],
        `unknown: ${a.unknown.join(' | ')}`,
      );
      assert.equal(a.conditions.length, 4);
      assert.equal(a.policyUrl, 'https://docs.npmjs.com/policies/unpublish');
    });
  }

  test('the window closing time and the age are reported', () => {
    const a = assessUnpublish({ publishedAt: hoursAgo(10), now: NOW, dependents: unknown, weeklyDownloads: unknown, owners: unknown });
    assert.equal(a.windowClosesAt, new Date(NOW.getTime() + 62 * 3_600_000).toISOString());
    assert.equal(a.hoursSincePublish, 10);
    assert.match(a.summary, /closes in 62 hours/);
    assert.match(a.conditions.find((c) => c.id === 'no-dependents')!.actual, /^unknown \(not served by this registry\)$/);
  });

  test('a "no" names the conditions that failed', () => {
    const a = assessUnpublish({ publishedAt: hoursAgo(500), now: NOW, dependents: known(0), weeklyDownloads: known(5000), owners: known(3) });
    assert.match(a.summary, /fewer than 300 downloads.*a single owner/);
  });
});

describe('three-valued logic', () => {
  const T: Tri[] = ['yes', 'no', 'unknown'];
  test('and', () => {
    assert.deepEqual(T.map((x) => T.map((y) => and(x, y))), [['yes', 'no', 'unknown'], ['no', 'no', 'no'], ['unknown', 'no', 'unknown']]);
  });
  test('or', () => {
    assert.deepEqual(T.map((x) => T.map((y) => or(x, y))), [['yes', 'yes', 'yes'], ['yes', 'no', 'unknown'], ['yes', 'unknown', 'unknown']]);
  });
});
