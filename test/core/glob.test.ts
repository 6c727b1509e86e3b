import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { DEFAULT_FORBIDDEN_PATHS } from '../../src/policy/forbidden-paths.js';
import { globMatcher } from '../../src/util/glob.js';

const PATHS = [
  '',
  '.env',
  '.env.example',
  'config/.env.production',
  'id_rsa',
  'keys/server.pem',
  '.npmrc',
  'dist/.npmrc',
  '.git/config',
  'coverage/lcov.info',
  'dist/cli.js',
  'dist/cli.js.map',
  'a.zip',
  'support/bundle.tar.gz',
  '.vscode/settings.json',
  '.idea/workspace.xml',
  'test/fixtures/x.json',
  'node_modules/x/index.js',
  'a[b].txt',
  'deep/er/and/deeper/.DS_Store',
  'dump.sql',
  'npm-debug.log',
  'ünïcode/файл.txt',
];

describe('globMatcher', () => {
  it('answers as picomatch does, for every default forbidden-paths glob and a spread of paths', () => {
    const globs = [...new Set(DEFAULT_FORBIDDEN_PATHS.flatMap((row) => [...row.patterns, ...(row.except ?? [])])), 'a[b].txt', '**/*', '*.{js,map}', 'dist/**', '!x'];
    let matched = 0;
    for (const glob of globs) {
      const ours = globMatcher(glob);
      const theirs = picomatch(glob, { dot: true });
      for (const p of PATHS) {
        assert.equal(ours(p), theirs(p), `${glob} on "${p}"`);
        if (ours(p)) matched++;
      }
    }
    assert.ok(matched > 30, 'the comparison exercised matches, not only misses');
  });

  it('matches when any of several patterns does', () => {
    const m = globMatcher(['*.pem', '**/.env']);
    assert.equal(m('k.pem'), true);
    assert.equal(m('a/b/.env'), true);
    assert.equal(m('a/b/env'), false);
  });
});
