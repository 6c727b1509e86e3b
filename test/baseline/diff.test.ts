import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffArtifacts, diffManifests, installScripts } from '../../src/baseline/diff.js';
import { lineDiff, unifiedDiff } from '../../src/baseline/patch.js';
import { sourceMap } from '../helpers/archives.js';
import { artifactOf } from '../helpers/scan.js';

const pkg = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'pkg', version: '1.0.0', ...extra });

describe('diffArtifacts: files and sizes', () => {
  it('reports added, removed and changed files with size deltas, sorted', async () => {
    const a = await artifactOf({ 'package.json': pkg(), 'a.js': 'aaaa', 'gone.js': 'x', 'same.js': 'same' }, undefined, false);
    const b = await artifactOf({ 'package.json': pkg(), 'a.js': 'aaaaaaaa', 'z.js': 'new', 'b.js': 'new!', 'same.js': 'same' }, undefined, false);
    const d = diffArtifacts(a, b);
    assert.deepEqual(d.files.added, [{ path: 'b.js', size: 4 }, { path: 'z.js', size: 3 }]);
    assert.deepEqual(d.files.removed, [{ path: 'gone.js', size: 1 }]);
    assert.deepEqual(d.files.changed.map((c) => [c.path, c.before, c.after, c.delta, c.text]), [['a.js', 4, 8, 4, true]]);
    assert.equal(d.files.unchanged, 2);
    assert.equal(d.unpacked.delta, b.unpackedSize - a.unpackedSize);
    assert.ok(d.unpacked.percent! > 0);
  });

  it('same size, different bytes is a change', async () => {
    const a = await artifactOf({ 'package.json': pkg(), 'a.js': 'abcd' }, undefined, false);
    const b = await artifactOf({ 'package.json': pkg(), 'a.js': 'dcba' }, undefined, false);
    assert.deepEqual(diffArtifacts(a, b).files.changed.map((c) => c.path), ['a.js']);
  });

  it('identical artifacts differ in nothing', async () => {
    const tree = { 'package.json': pkg({ scripts: { postinstall: 'x' } }), 'a.js': 'a', 'a.js.map': sourceMap('a.js', { 'src/a.ts': 'secret' }) };
    const d = diffArtifacts(await artifactOf(tree, undefined, false), await artifactOf(tree, undefined, false));
    assert.deepEqual([d.files.added, d.files.removed, d.files.changed, d.sourceMaps.added, d.sourceMaps.removed, d.manifest], [[], [], [], [], [], []]);
    assert.equal(d.unpacked.delta, 0);
  });

  it('source maps added and removed, with their exposure', async () => {
    const a = await artifactOf({ 'package.json': pkg(), 'old.js.map': sourceMap('old.js', {}) }, undefined, false);
    const b = await artifactOf({ 'package.json': pkg(), 'dist/x.js': 'x\n//# sourceMappingURL=x.js.map', 'dist/x.js.map': sourceMap('x.js', { '../src/x.ts': 'const a = 1;\nconst b = 2;\n' }) }, undefined, false);
    const d = diffArtifacts(a, b);
    assert.deepEqual(d.sourceMaps.added.map((m) => [m.path, m.inline, m.exposedFiles]), [['dist/x.js.map', false, 1]]);
    assert.deepEqual(d.sourceMaps.removed.map((m) => [m.path, m.exposedFiles]), [['old.js.map', 0]]);
  });

  it('a map that starts embedding sources is reported as more exposed', async () => {
    const a = await artifactOf({ 'package.json': pkg(), 'x.js.map': sourceMap('x.js', {}, { sources: ['x.ts'], sourcesContent: undefined }) }, undefined, false);
    const b = await artifactOf({ 'package.json': pkg(), 'x.js.map': sourceMap('x.js', { 'x.ts': 'code\n' }) }, undefined, false);
    assert.deepEqual(diffArtifacts(a, b).sourceMaps.moreExposed.map((m) => [m.path, m.exposedBefore, m.exposedFiles]), [['x.js.map', 0, 1]]);
  });
});

describe('diffManifests: the fields that matter for risk', () => {
  const rows: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
    ['install script added', {}, { scripts: { postinstall: 'node x' } }, ['install-script scripts.postinstall added']],
    ['install script changed', { scripts: { install: 'a' } }, { scripts: { install: 'b' } }, ['install-script scripts.install changed']],
    ['other scripts are not risk', { scripts: { test: 'a' } }, { scripts: { test: 'b', build: 'c' } }, []],
    ['bin string to object', { bin: 'cli.js' }, { bin: { pkg: 'cli.js', extra: 'x.js' } }, ['bin bin.extra added']],
    ['dependency added, removed, range changed', { dependencies: { a: '1', b: '1' } }, { dependencies: { a: '2', c: '1' } }, ['dependency dependencies.a changed', 'dependency dependencies.c added', 'dependency dependencies.b removed']],
    ['exports order matters', { exports: { import: './a.mjs', default: './a.js' } }, { exports: { default: './a.js', import: './a.mjs' } }, ['entry-point exports changed']],
    ['main, files, publishConfig', { main: 'a.js', files: ['a'] }, { main: 'b.js', files: ['a', 'b'], publishConfig: { registry: 'https://evil.example/' } }, ['entry-point main changed', 'files files changed', 'publish-config publishConfig added']],
    ['version bump alone is nothing', { version: '1.0.0' }, { version: '2.0.0', description: 'new' }, []],
  ];
  for (const [name, a, b, want] of rows) {
    it(name, () => {
      const got = diffManifests({ name: 'pkg', ...a }, { name: 'pkg', ...b }).map((c) => `${c.kind} ${c.field} ${c.change}`);
      assert.deepEqual(got, want);
    });
  }

  it('binding.gyp without an install script means npm runs node-gyp on install', () => {
    assert.deepEqual(Object.keys(installScripts({}, true)), ['install']);
    assert.deepEqual(installScripts({ scripts: { install: 'x' } }, true), { install: 'x' });
    assert.deepEqual(installScripts({}, false), {});
  });
});

describe('line diff and unified patch', () => {
  it('lineDiff finds the shortest edit script', () => {
    const e = lineDiff(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'], 100)!;
    assert.deepEqual(e.map((x) => `${x.op}${x.line}`), [' a', '-b', '+x', ' c', ' d', '+e']);
    assert.deepEqual(lineDiff([], [], 10), []);
    assert.deepEqual(lineDiff([], ['a'], 10)!.map((x) => x.op), ['+']);
  });

  it('lineDiff gives up beyond maxEdits instead of running away', () => {
    const a = Array.from({ length: 500 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 500 }, (_, i) => `b${i}`);
    assert.equal(lineDiff(a, b, 100), undefined);
    assert.match(unifiedDiff('f.js', a.join('\n'), b.join('\n'), { maxEdits: 100, maxFileBytes: 1e6, maxPatchChars: 1e6, context: 3 }), /not shown: more than 100 lines differ/);
  });

  it('unifiedDiff writes GNU-style hunks with context and merges close changes', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const b = a.replace('line 5\n', 'line five\n').replace('line 8\n', 'line eight\n').replace('line 19\n', '');
    const p = unifiedDiff('x.txt', a, b);
    assert.equal(
      p,
      [
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -2,10 +2,10 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        '-line 8',
        '+line eight',
        ' line 9',
        ' line 10',
        ' line 11',
        '@@ -16,5 +16,4 @@',
        ' line 16',
        ' line 17',
        ' line 18',
        '-line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('a missing final newline is a change, marked as diff marks it', () => {
    assert.equal(unifiedDiff('a', 'x\ny', 'x\ny\n'), '--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n');
    assert.equal(unifiedDiff('a', 'same\n', 'same\n'), '');
  });
});
