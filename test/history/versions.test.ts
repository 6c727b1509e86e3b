// The pure parts of `history`: which versions a packument (and the ledger) lists, hashes, the pool.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { strongestHash } from '../../src/history/cache.js';
import { mergeLedger } from '../../src/history/ledger.js';
import { mapBounded } from '../../src/history/pool.js';
import { listVersions, parseRange } from '../../src/history/versions.js';
import type { Packument } from '../../src/registry/fetch.js';

const SHA512 = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;

/** npmjs.org keeps an unpublished version's time; 1.0.1 is such a version. */
const PACKUMENT: Packument = {
  name: 'p',
  'dist-tags': { latest: '1.2.0', next: '2.0.0-rc.1' },
  versions: {
    '1.0.0': { version: '1.0.0', dist: { integrity: SHA512, tarball: 'https://r/p/-/p-1.0.0.tgz' } },
    '1.2.0': { version: '1.2.0', dist: { shasum: '0123456789abcdef0123456789abcdef01234567', tarball: 'https://r/p/-/p-1.2.0.tgz', attestations: { url: 'https://r/-/npm/v1/attestations/p@1.2.0', provenance: { predicateType: 'https://slsa.dev/provenance/v1' } } } },
    '1.1.0': { version: '1.1.0', deprecated: 'leaked a token', dist: { integrity: SHA512, tarball: 'https://r/p/-/p-1.1.0.tgz' } },
    '2.0.0-rc.1': { version: '2.0.0-rc.1', dist: { integrity: SHA512, tarball: 'https://r/p/-/p-2.0.0-rc.1.tgz' } },
  },
  time: {
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-03-01T00:00:00.000Z',
    '1.0.0': '2024-01-01T00:00:00.000Z',
    '1.0.1': '2024-01-02T00:00:00.000Z',
    '1.1.0': '2024-01-03T00:00:00.000Z',
    '1.2.0': '2024-02-01T00:00:00.000Z',
    '2.0.0-rc.1': '2024-03-01T00:00:00.000Z',
  },
};

describe('listVersions', () => {
  test('published and unpublished versions, oldest first, with tags, deprecation and provenance', () => {
    const rows = listVersions(PACKUMENT).map((v) => ({
      v: v.version,
      published: v.published,
      gone: v.goneEvidence,
      tags: v.distTags.join(','),
      deprecated: v.deprecated,
      prerelease: v.prerelease,
      provenance: v.provenance.declared,
    }));
    assert.deepEqual(rows, [
      { v: '1.0.0', published: true, gone: undefined, tags: '', deprecated: undefined, prerelease: false, provenance: 'absent' },
      { v: '1.0.1', published: false, gone: 'packument-time', tags: '', deprecated: undefined, prerelease: false, provenance: 'unknown' },
      { v: '1.1.0', published: true, gone: undefined, tags: '', deprecated: 'leaked a token', prerelease: false, provenance: 'absent' },
      { v: '1.2.0', published: true, gone: undefined, tags: 'latest', deprecated: undefined, prerelease: false, provenance: 'present' },
      { v: '2.0.0-rc.1', published: true, gone: undefined, tags: 'next', deprecated: undefined, prerelease: true, provenance: 'absent' },
    ]);
  });

  test('a version with only dist.shasum gets a sha1 integrity', () => {
    const v = listVersions(PACKUMENT).find((x) => x.version === '1.2.0')!;
    assert.equal(v.integrity, `sha1-${Buffer.from('0123456789abcdef0123456789abcdef01234567', 'hex').toString('base64')}`);
  });

  test('the ledger adds versions the registry no longer mentions at all', () => {
    const rows = listVersions(PACKUMENT, { remembered: { '0.9.0': { publishedAt: '2023-12-01T00:00:00.000Z', integrity: SHA512 }, '1.0.0': { integrity: 'ignored' } } });
    const old = rows[0]!;
    assert.equal(old.version, '0.9.0');
    assert.equal(old.published, false);
    assert.equal(old.goneEvidence, 'ledger');
    assert.equal(old.integrity, SHA512);
    assert.equal(rows.find((v) => v.version === '1.0.0')?.integrity, SHA512, 'the registry wins for listed versions');
  });

  const ranges: Array<[string, string[]]> = [
    ['<1.1.0', ['1.0.0', '1.0.1']],
    ['^1.1.0', ['1.1.0', '1.2.0']],
    ['>=2.0.0-0', ['2.0.0-rc.1']],
    ['*', ['1.0.0', '1.0.1', '1.1.0', '1.2.0', '2.0.0-rc.1']],
    ['>3', []],
  ];
  for (const [range, expected] of ranges) {
    test(`--range '${range}'`, () => {
      assert.deepEqual(listVersions(PACKUMENT, { range }).map((v) => v.version), expected);
    });
  }

  test('non-version keys of time are ignored', () => {
    const p: Packument = { versions: {}, time: { created: 'x', modified: 'y', unpublished: 'z' as unknown as string, 'not-a-version': 'w' } };
    assert.deepEqual(listVersions(p), []);
  });

  test('parseRange rejects what is not a range', () => {
    assert.equal(parseRange('<1.1.0'), '<1.1.0');
    assert.equal(parseRange(undefined), undefined);
    assert.throws(() => parseRange('one point one'), /not a semver range/);
  });
});

describe('strongestHash', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    [SHA512, 'sha512'],
    [`sha1-${Buffer.alloc(20).toString('base64')} ${SHA512}`, 'sha512'],
    [`sha1-${Buffer.alloc(20).toString('base64')}`, 'sha1'],
    ['md5-abc', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [sri, algorithm] of cases) {
    test(`${String(sri).slice(0, 12)}… → ${algorithm}`, () => assert.equal(strongestHash(sri)?.algorithm, algorithm));
  }
});

test('mergeLedger keeps every version ever seen', () => {
  const merged = mergeLedger({ name: 'p', registry: 'r', versions: { '1.0.0': { integrity: 'a', publishedAt: 't' } } }, { '1.1.0': { integrity: 'b' }, '1.0.0': { publishedAt: undefined } });
  assert.deepEqual(merged.versions, { '1.0.0': { integrity: 'a', publishedAt: 't' }, '1.1.0': { integrity: 'b' } });
});

test('mapBounded keeps order and never runs more than the limit at once', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (n) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, n));
    running--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 2);
});
