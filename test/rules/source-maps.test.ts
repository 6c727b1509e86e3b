import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sourceMapsRule } from '../../src/rules/source-maps.js';
import { sourceMap } from '../helpers/archives.js';
import { config, PKG, ruleRows, artifactOf } from '../helpers/scan.js';

const SRC = 'export function hidden() {\n  return 42;\n}\n';

describe('source-maps rule', () => {
  const cases: Array<{ name: string; tree: Record<string, string>; policy?: 'deny' | 'no-sources' | 'allow'; expect: string[] }> = [
    {
      name: 'map embedding unshipped source is an error',
      tree: { 'package.json': PKG, 'dist/a.js': 'x\n//# sourceMappingURL=a.js.map', 'dist/a.js.map': sourceMap('a.js', { '../src/a.ts': SRC }) },
      expect: ['error source-maps dist/a.js.map'],
    },
    {
      name: 'map whose sources ship byte-identical is not a finding',
      tree: { 'package.json': PKG, 'src/a.ts': SRC, 'dist/a.js': 'x\n//# sourceMappingURL=a.js.map', 'dist/a.js.map': sourceMap('a.js', { '../src/a.ts': SRC }) },
      expect: [],
    },
    {
      name: 'declaration map without content is not a finding',
      tree: { 'package.json': PKG, 'dist/a.d.ts': 'export {};\n//# sourceMappingURL=a.d.ts.map', 'dist/a.d.ts.map': JSON.stringify({ version: 3, file: 'a.d.ts', sources: ['../src/a.ts'], mappings: 'AAAA' }) },
      expect: [],
    },
    {
      name: 'map with only absolute build paths is a warning',
      tree: { 'package.json': PKG, 'dist/a.js.map': JSON.stringify({ version: 3, sources: ['/home/alice/work/secret-project/src/a.ts'], mappings: 'AAAA' }) },
      expect: ['warning source-maps dist/a.js.map'],
    },
    {
      name: 'map with paths outside the package is a warning, node_modules paths are not',
      tree: { 'package.json': PKG, 'dist/a.js.map': JSON.stringify({ version: 3, sources: ['../../../internal/tools/a.ts'], mappings: 'AAAA' }), 'dist/b.js.map': JSON.stringify({ version: 3, sources: ['../../node_modules/lodash/index.js'], mappings: 'AAAA' }) },
      expect: ['warning source-maps dist/a.js.map'],
    },
    {
      name: 'sourceRoot URL is a warning',
      tree: { 'package.json': PKG, 'dist/a.js.map': JSON.stringify({ version: 3, sourceRoot: 'https://git.internal.corp/repo/', sources: ['a.ts'], mappings: 'AAAA' }) },
      expect: ['warning source-maps dist/a.js.map'],
    },
    {
      name: 'inline data: map with content is an error on the generated file',
      tree: { 'package.json': PKG, 'dist/a.js': `x\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(sourceMap('a.js', { 'src/a.ts': SRC })).toString('base64')}\n` },
      expect: ['error source-maps dist/a.js'],
    },
    {
      name: 'inline URI-encoded CSS map with content',
      tree: { 'package.json': PKG, 'dist/a.css': `a{}\n/*# sourceMappingURL=data:application/json,${encodeURIComponent(sourceMap('a.css', { 'src/a.scss': 'a { b: c }' }))} */\n` },
      expect: ['error source-maps dist/a.css'],
    },
    {
      name: 'legacy //@ reference to a missing map is info',
      tree: { 'package.json': PKG, 'dist/a.js': 'x\n//@ sourceMappingURL=a.js.map\n' },
      expect: ['info source-maps dist/a.js'],
    },
    {
      name: 'reference to a remote map is info',
      tree: { 'package.json': PKG, 'dist/a.js': 'x\n//# sourceMappingURL=https://maps.example.com/a.js.map\n' },
      expect: ['info source-maps dist/a.js'],
    },
    {
      name: 'invalid JSON map is a warning',
      tree: { 'package.json': PKG, 'dist/a.js.map': '{"version":3,"sources":["a.ts"' },
      expect: ['warning source-maps dist/a.js.map'],
    },
    {
      name: 'deny policy flags every map',
      policy: 'deny',
      tree: { 'package.json': PKG, 'src/a.ts': SRC, 'dist/a.js.map': sourceMap('a.js', { '../src/a.ts': SRC }) },
      expect: ['error source-maps dist/a.js.map'],
    },
    {
      name: 'allow policy flags nothing',
      policy: 'allow',
      tree: { 'package.json': PKG, 'dist/a.js.map': sourceMap('a.js', { '../src/a.ts': SRC }) },
      expect: [],
    },
    {
      name: 'index map with sections exposing source',
      tree: { 'package.json': PKG, 'dist/a.js.map': JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: JSON.parse(sourceMap('a.js', { 'x.ts': SRC })) }] }) },
      expect: ['error source-maps dist/a.js.map'],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual(await ruleRows(sourceMapsRule, c.tree, config({ sourceMaps: c.policy ?? 'no-sources' })), c.expect.sort());
    });
  }

  it('states the exposure in files and lines', async () => {
    const artifact = await artifactOf({ 'package.json': PKG, 'dist/a.js.map': sourceMap('a.js', { '../src/a.ts': SRC, '../src/b.ts': 'one\ntwo\n', '../src/shipped.ts': 'same' }), 'src/shipped.ts': 'same' }, config(), false);
    const [f] = sourceMapsRule.check(artifact, { config: config() });
    assert.match(f!.message, /exposes 2 original files, 5 lines not otherwise in this package/);
    assert.equal(f!.data!.exposedFiles, 2);
    assert.equal(f!.data!.exposedLines, 5);
  });
});
