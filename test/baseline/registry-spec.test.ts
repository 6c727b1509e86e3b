import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cacheDir, parseRegistrySpec } from '../../src/baseline/registry.js';
import { resolveSide } from '../../src/baseline/side.js';

describe('registry specs and the cache directory', () => {
  const specs: Array<[string, { name: string; wanted: string } | undefined]> = [
    ['left-pad', { name: 'left-pad', wanted: 'latest' }],
    ['left-pad@1.3.0', { name: 'left-pad', wanted: '1.3.0' }],
    ['left-pad@next', { name: 'left-pad', wanted: 'next' }],
    ['@scope/pkg@^2', { name: '@scope/pkg', wanted: '^2' }],
    ['@scope/pkg', { name: '@scope/pkg', wanted: 'latest' }],
    ['pkg@', undefined],
    ['not a spec', undefined],
    ['../dir', undefined],
  ];
  for (const [spec, want] of specs) it(`parses ${JSON.stringify(spec)}`, () => assert.deepEqual(parseRegistrySpec(spec), want));

  it('SHIPGATE_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    assert.equal(cacheDir({ SHIPGATE_CACHE: '/tmp/x', XDG_CACHE_HOME: '/tmp/y' }), path.resolve('/tmp/x'));
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/tmp/y' }), path.join('/tmp/y', 'shipgate'));
    assert.equal(cacheDir({ HOME: '/home/u' }), path.join('/home/u', '.cache', 'shipgate'));
  });

  it('a missing path is an error, never a registry lookup', async () => {
    for (const target of ['./missing', 'missing.tgz', 'dir/sub', '/abs/missing']) {
      await assert.rejects(resolveSide(target, { cwd: process.cwd(), env: {} }), /does not exist/, target);
    }
  });
});
