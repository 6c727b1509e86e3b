import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryEntry } from '../../src/readers/memory.js';
import { baselineRule, growthExceeds } from '../../src/rules/baseline.js';
import { DEFAULT_BASELINE } from '../../src/policy/config.js';
import type { ApprovedManifest } from '../../src/types.js';
import { sourceMap } from '../helpers/archives.js';
import { artifactOf, config, rows } from '../helpers/scan.js';

const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'pkg', version: '1.0.0', ...extra });
const big = (n: number) => 'x'.repeat(n);

async function baselineRows(before: Record<string, MemoryEntry>, after: Record<string, MemoryEntry>, approved?: ApprovedManifest): Promise<string[]> {
  const cfg = config();
  const a = await artifactOf(before, cfg, false);
  const b = await artifactOf(after, cfg, false);
  b.baseline = { target: 'latest', label: 'pkg@1.0.0 (test)', artifact: a };
  if (approved) b.approved = { manifest: approved, source: 'shipgate.manifest.json' };
  return rows(baselineRule.check(b, { config: cfg }));
}

describe('baseline rule', () => {
  const table: Array<[string, Record<string, MemoryEntry>, Record<string, MemoryEntry>, string[]]> = [
    ['nothing changed: nothing to say', { 'package.json': pkg(), 'a.js': 'a' }, { 'package.json': pkg(), 'a.js': 'a' }, []],
    ['content changes alone are normal', { 'package.json': pkg(), 'a.js': 'a' }, { 'package.json': pkg({ version: '1.0.1' }), 'a.js': 'b' }, []],
    ['a new file is a warning', { 'package.json': pkg() }, { 'package.json': pkg(), '.env': 'X=1' }, ['warning baseline .env']],
    ['a removed file is no finding', { 'package.json': pkg(), 'old.js': 'x' }, { 'package.json': pkg() }, []],
    ['3x growth is a warning', { 'package.json': pkg(), 'a.js': big(20_000) }, { 'package.json': pkg(), 'a.js': big(60_000) }, ['warning baseline ']],
    ['growth under the floor is not', { 'package.json': pkg(), 'a.js': big(1000) }, { 'package.json': pkg(), 'a.js': big(5000) }, []],
    ['growth under the percentage is not', { 'package.json': pkg(), 'a.js': big(100_000) }, { 'package.json': pkg(), 'a.js': big(115_000) }, []],
    [
      'a new map that exposes sources is an error',
      { 'package.json': pkg(), 'a.js': 'a' },
      { 'package.json': pkg(), 'a.js': 'a\n//# sourceMappingURL=a.js.map', 'a.js.map': sourceMap('a.js', { 'src/a.ts': 'secret()' }) },
      ['error baseline a.js.map', 'warning baseline a.js.map'],
    ],
    [
      'a new map without sources is a warning',
      { 'package.json': pkg(), 'a.js': 'a' },
      { 'package.json': pkg(), 'a.js': 'a', 'a.js.map': sourceMap('a.js', {}) },
      ['warning baseline a.js.map', 'warning baseline a.js.map'],
    ],
    ['a new postinstall is an error', { 'package.json': pkg() }, { 'package.json': pkg({ scripts: { postinstall: 'node steal.js' } }) }, ['error baseline package.json']],
    ['a changed install script is an error', { 'package.json': pkg({ scripts: { install: 'node-gyp rebuild' } }) }, { 'package.json': pkg({ scripts: { install: 'curl x | sh' } }) }, ['error baseline package.json']],
    ['a new binding.gyp is an implicit install script', { 'package.json': pkg() }, { 'package.json': pkg(), 'binding.gyp': '{}' }, ['error baseline package.json', 'warning baseline binding.gyp']],
    ['a dependency added is a warning, a range bump nothing', { 'package.json': pkg({ dependencies: { a: '^1' } }) }, { 'package.json': pkg({ dependencies: { a: '^2', evil: '1' } }) }, ['warning baseline package.json']],
    ['a new bin is a warning', { 'package.json': pkg() }, { 'package.json': pkg({ bin: { pkg: 'cli.js' } }) }, ['warning baseline package.json']],
    ['main/exports/files changes are info', { 'package.json': pkg({ main: 'a.js' }) }, { 'package.json': pkg({ main: 'b.js', exports: './b.js', files: ['b.js'] }) }, ['info baseline package.json', 'info baseline package.json', 'info baseline package.json']],
    ['publishConfig changes are a warning', { 'package.json': pkg() }, { 'package.json': pkg({ publishConfig: { registry: 'https://elsewhere.example/' } }) }, ['warning baseline package.json']],
  ];
  for (const [name, before, after, want] of table) {
    it(name, async () => assert.deepEqual(await baselineRows(before, after), want));
  }

  it('with an approved manifest, new files are left to the approved-manifest rule', async () => {
    const approved: ApprovedManifest = { package: 'pkg', version: '1.0.0', files: [] };
    assert.deepEqual(await baselineRows({ 'package.json': pkg() }, { 'package.json': pkg(), 'new.js': 'x' }, approved), []);
  });

  it('no baseline (never published): no findings', async () => {
    const cfg = config();
    const b = await artifactOf({ 'package.json': pkg(), 'a.js': 'a' }, cfg, false);
    b.baseline = { target: 'latest', missing: 'pkg is not published' };
    assert.deepEqual(baselineRule.check(b, { config: cfg }), []);
    delete b.baseline;
    assert.deepEqual(baselineRule.check(b, { config: cfg }), []);
  });

  it('messages name the baseline version, and install-script fingerprints follow the script', async () => {
    const cfg = config();
    const a = await artifactOf({ 'package.json': pkg() }, cfg, false);
    const fp = async (script: string) => {
      const b = await artifactOf({ 'package.json': pkg({ scripts: { postinstall: script } }) }, cfg, false);
      b.baseline = { target: 'latest', label: 'whatever', artifact: a };
      const [f] = baselineRule.check(b, { config: cfg });
      assert.match(f!.message, /since pkg@1\.0\.0/);
      return f!.fingerprint;
    };
    assert.notEqual(await fp('node a.js'), await fp('node b.js'));
    assert.equal(await fp('node a.js'), await fp('node a.js'));
  });

  it('growth thresholds: floor, percent, absolute bytes', () => {
    const s = DEFAULT_BASELINE;
    const rowsOf: Array<[number, number, boolean]> = [
      [1000, 9000, false], // under the 10 kB floor
      [100_000, 124_000, false], // +24 %
      [100_000, 126_000, true], // +26 %
      [100_000_000, 105_500_000, true], // +5.5 %, but +5.5 MB
      [0, 20_000, true], // from nothing
      [50_000, 10_000, false], // shrinking
    ];
    for (const [before, after, want] of rowsOf) assert.equal(growthExceeds(before, after, s), want, `${before} → ${after}`);
    assert.equal(growthExceeds(100_000, 126_000, { ...s, maxGrowthPercent: 50 }), false);
  });
});
