import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approvedManifestOf, compareManifests, parseApprovedManifest, serializeApprovedManifest } from '../../src/baseline/approved.js';
import { fromObject } from '../../src/policy/load.js';
import type { MemoryEntry } from '../../src/readers/memory.js';
import { approvedManifestRule } from '../../src/rules/approved-manifest.js';
import type { ApprovedManifest } from '../../src/types.js';
import { artifactOf, config, rows } from '../helpers/scan.js';

const pkg = JSON.stringify({ name: 'pkg', version: '1.0.0' });

async function manifestOf(tree: Record<string, MemoryEntry>): Promise<ApprovedManifest> {
  return approvedManifestOf(await artifactOf(tree, config(), false));
}

async function ruleRowsAgainst(approvedTree: Record<string, MemoryEntry>, tree: Record<string, MemoryEntry>): Promise<string[]> {
  const cfg = config();
  const artifact = await artifactOf(tree, cfg, false);
  artifact.approved = { manifest: await manifestOf(approvedTree), source: 'shipgate.manifest.json' };
  return rows(approvedManifestRule.check(artifact, { config: cfg }));
}

describe('approved-manifest rule', () => {
  const table: Array<[string, Record<string, MemoryEntry>, Record<string, MemoryEntry>, string[]]> = [
    ['exactly the approved files: nothing', { 'package.json': pkg, 'a.js': 'a' }, { 'package.json': pkg, 'a.js': 'a' }, []],
    ['a file not approved is an error', { 'package.json': pkg, 'a.js': 'a' }, { 'package.json': pkg, 'a.js': 'a', '.env': 'X=1' }, ['error approved-manifest .env']],
    ['changed content is one info line for all files', { 'package.json': pkg, 'a.js': 'a', 'b.js': 'b' }, { 'package.json': pkg, 'a.js': 'aa', 'b.js': 'bb' }, ['info approved-manifest ']],
    ['a removed file is info', { 'package.json': pkg, 'a.js': 'a', 'old.js': 'o' }, { 'package.json': pkg, 'a.js': 'a' }, ['info approved-manifest old.js']],
    ['directories are not files to approve', { 'package.json': pkg }, { 'package.json': pkg, lib: { type: 'directory' } }, []],
    ['the manifest file itself is never listed', { 'package.json': pkg }, { 'package.json': pkg, 'shipgate.manifest.json': '{}' }, []],
    ['a manifest for another package is an error', { 'package.json': JSON.stringify({ name: 'other', version: '1.0.0' }) }, { 'package.json': pkg }, ['error approved-manifest ']],
  ];
  for (const [name, approved, tree, want] of table) {
    it(name, async () => assert.deepEqual(await ruleRowsAgainst(approved, tree), want));
  }

  it('says how to approve', async () => {
    const cfg = config();
    const artifact = await artifactOf({ 'package.json': pkg, 'new.js': 'x' }, cfg, false);
    artifact.approved = { manifest: { package: 'pkg', version: '1.0.0', files: [] }, source: 'shipgate.manifest.json' };
    const f = approvedManifestRule.check(artifact, { config: cfg }).find((x) => x.path === 'new.js')!;
    assert.match(f.message, /run "shipgate approve"/);
  });

  it('no manifest: the rule is silent', async () => {
    const artifact = await artifactOf({ 'package.json': pkg, 'a.js': 'a' }, config(), false);
    assert.deepEqual(approvedManifestRule.check(artifact, { config: config() }), []);
  });
});

describe('shipgate.manifest.json', () => {
  it('serializes sorted, one file per line, and parses back', async () => {
    const m = await manifestOf({ 'z.js': 'z', 'package.json': pkg, 'a/b.js': 'b' });
    const text = serializeApprovedManifest(m);
    assert.deepEqual(m.files.map((f) => f.path), ['a/b.js', 'package.json', 'z.js']);
    const lines = text.split('\n');
    assert.equal(lines[0], '{');
    assert.equal(lines[1], '  "package": "pkg",');
    assert.match(lines[4]!, /^ {4}\{ "path": "a\/b\.js", "size": 1, "sha256": "[0-9a-f]{64}" \},$/);
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(parseApprovedManifest(text, 'm.json'), m);
    assert.equal(serializeApprovedManifest({ package: 'p', version: '1', files: [] }), '{\n  "package": "p",\n  "version": "1",\n  "files": []\n}\n');
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', '{', /not valid JSON/],
    ['no files', '{"package":"p","version":"1"}', /"files" must be an array/],
    ['bad hash', '{"package":"p","version":"1","files":[{"path":"a","size":1,"sha256":"xyz"}]}', /sha256 must be 64 hex/],
    ['duplicate', `{"package":"p","version":"1","files":[{"path":"a","size":1,"sha256":"${'0'.repeat(64)}"},{"path":"a","size":1,"sha256":"${'0'.repeat(64)}"}]}`, /listed twice/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects a manifest with ${name}, saying how to fix it`, () => {
      assert.throws(() => parseApprovedManifest(text, 'm.json'), (e: Error & { hint?: string }) => message.test(e.message) && /shipgate approve/.test(e.hint ?? ''));
    });
  }

  it('compareManifests: added, removed, changed', async () => {
    const a = await manifestOf({ 'package.json': pkg, 'a.js': 'a', 'gone.js': 'g' });
    const b = await manifestOf({ 'package.json': pkg, 'a.js': 'A', 'new.js': 'n' });
    const c = compareManifests(a, b);
    assert.deepEqual([c.added.map((f) => f.path), c.removed.map((f) => f.path), c.changed.map((f) => f.path), c.unchanged], [['new.js'], ['gone.js'], ['a.js'], 1]);
  });
});

describe('baseline config section', () => {
  it('accepts thresholds, sizes as strings, and rejects unknown keys', () => {
    const cfg = fromObject({ baseline: { maxGrowthPercent: 50, maxGrowthBytes: '2 MB', minGrowthBytes: 0 } });
    assert.deepEqual(cfg.baseline, { maxGrowthPercent: 50, maxGrowthBytes: 2_000_000, minGrowthBytes: 0 });
    assert.throws(() => fromObject({ baseline: { maxGrowth: 1 } }), /unknown property "maxGrowth"/);
    assert.throws(() => fromObject({ baseline: { maxGrowthPercent: -1 } }), /baseline/);
  });
});
