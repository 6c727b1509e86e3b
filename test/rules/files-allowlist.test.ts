import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filesAllowlistRule } from '../../src/rules/files-allowlist.js';
import { inspectTree } from '../../src/inspect.js';
import { config, ruleRows } from '../helpers/scan.js';

const pj = (o: Record<string, unknown>) => JSON.stringify({ name: 'p', version: '1.0.0', ...o });

describe('files-allowlist rule', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['no files field is a warning', {}, ['warning files-allowlist package.json']],
    ['a files allowlist is fine', { files: ['dist', 'bin/'] }, []],
    ['slashless negation is a warning', { files: ['dist', '!*.map'] }, ['warning files-allowlist package.json']],
    ['negation with a path is fine', { files: ['dist', '!dist/**/*.map'] }, []],
    ['files that is not an array of strings is a warning', { files: 'dist' }, ['warning files-allowlist package.json']],
  ];
  for (const [name, fields, expected] of cases) {
    it(name, async () => {
      assert.deepEqual(await ruleRows(filesAllowlistRule, { 'package.json': pj(fields) }), expected);
    });
  }

  it('files plus a root .npmignore is info (known only when a directory was packed)', async () => {
    const artifact = await inspectTree({ 'package.json': pj({ files: ['dist'] }) }, { secrets: false, sourceTree: { dir: '/x', hasNpmignore: true, hasGitignore: false } });
    const findings = filesAllowlistRule.check(artifact, { config: config() });
    assert.deepEqual(findings.map((f) => f.severity), ['info']);
  });
});
