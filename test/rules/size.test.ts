import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sizeRule } from '../../src/rules/size.js';
import { config, PKG, ruleRows } from '../helpers/scan.js';

describe('size rule', () => {
  it('flags a file over the default 10 MB budget', async () => {
    assert.deepEqual(await ruleRows(sizeRule, { 'package.json': PKG, 'big.bin': Buffer.alloc(10 * 1024 * 1024 + 1) }), ['warning size big.bin']);
  });
  it('is quiet under budget', async () => {
    assert.deepEqual(await ruleRows(sizeRule, { 'package.json': PKG, 'a.js': 'x' }), []);
  });
  it('applies configured unpacked and per-file budgets', async () => {
    const cfg = config({ size: { maxFileBytes: 100, maxUnpackedBytes: 150 } });
    assert.deepEqual(await ruleRows(sizeRule, { 'package.json': PKG, 'a.js': 'x'.repeat(120) }, cfg), ['warning size ', 'warning size a.js']);
  });
  it('reports content too large to inspect', async () => {
    const cfg = config();
    cfg.limits = { ...cfg.limits, maxTextBytes: 1000 };
    assert.deepEqual(await ruleRows(sizeRule, { 'package.json': PKG, 'a.js': 'x'.repeat(2000) }, cfg), ['warning size a.js']);
  });
});
