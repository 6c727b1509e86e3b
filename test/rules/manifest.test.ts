import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestRule } from '../../src/rules/manifest.js';
import { config, ruleRows } from '../helpers/scan.js';

const pj = (o: Record<string, unknown>) => JSON.stringify({ name: 'p', version: '1.0.0', ...o });

describe('manifest rule', () => {
  const cases: Array<[string, Record<string, string>, string[]]> = [
    ['all targets present', { 'package.json': pj({ main: 'lib/index', bin: { p: './bin/p.js' }, exports: { '.': { types: './lib/index.d.ts', default: './lib/index.js' }, './utils/*': './lib/utils/*.js', './package.json': './package.json' } }), 'lib/index.js': '', 'lib/index.d.ts': '', 'bin/p.js': '', 'lib/utils/a.js': '' }, []],
    ['missing main is an error', { 'package.json': pj({ main: 'dist/index.js' }) }, ['error manifest package.json']],
    ['main resolving to a folder index is fine', { 'package.json': pj({ main: 'lib' }), 'lib/index.js': '' }, []],
    ['missing bin is an error (string and object form)', { 'package.json': pj({ bin: 'cli.js' }) }, ['error manifest package.json']],
    ['missing exports targets are errors', { 'package.json': pj({ exports: { '.': { import: './esm/index.js', require: './cjs/index.js' } } }), 'cjs/index.js': '' }, ['error manifest package.json']],
    ['an exports pattern with no match is an error', { 'package.json': pj({ exports: { './features/*': './dist/features/*.js' } }) }, ['error manifest package.json']],
    ['missing types is a warning', { 'package.json': pj({ types: 'index.d.ts' }) }, ['warning manifest package.json']],
    ['install scripts are info', { 'package.json': pj({ scripts: { postinstall: 'node setup.js', preinstall: 'echo hi', test: 'x' } }) }, ['info manifest package.json', 'info manifest package.json']],
    ['binding.gyp without install script is info', { 'package.json': pj({}), 'binding.gyp': '{}' }, ['info manifest package.json']],
    ['publishConfig to an unknown registry is a warning', { 'package.json': pj({ publishConfig: { registry: 'https://npm.evil.example/' } }) }, ['warning manifest package.json']],
    ['publishConfig to npmjs is fine', { 'package.json': pj({ publishConfig: { registry: 'https://registry.npmjs.org', access: 'public' } }) }, []],
    ['invalid package.json is an error', { 'package.json': '{ "name": ' }, ['error manifest package.json']],
    ['no package.json is an error', { 'index.js': '' }, ['error manifest package.json']],
  ];
  for (const [name, tree, expected] of cases) {
    it(name, async () => {
      assert.deepEqual(await ruleRows(manifestRule, tree), expected);
    });
  }

  it('accepts registries listed in config', async () => {
    const cfg = config({ registries: ['https://npm.corp.example/'] });
    assert.deepEqual(await ruleRows(manifestRule, { 'package.json': pj({ publishConfig: { registry: 'https://npm.corp.example' } }) }, cfg), []);
  });
});
