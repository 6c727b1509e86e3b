import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { npmTarball, sourceMap, zipBuffer } from '../helpers/archives.js';
import { shipgate, tempDir } from '../helpers/cli.js';
import { Gen, base62CrcToken } from '../secrets/helpers.js';

// Three generated (checksum-valid, not real) tokens hidden where leaks hide.
const g = new Gen(2026);
const inMap = base62CrcToken(g, 'ghp_');
const inZip = base62CrcToken(g, 'npm_');
const inEnv = base62CrcToken(g, 'gho_');
const PKG = JSON.stringify({ name: 'leaky-secrets', version: '1.0.0', files: ['dist'] });
const tgz = npmTarball({
  'package.json': PKG,
  'dist/cli.js': 'console.log(1);\n//# sourceMappingURL=cli.js.map\n',
  'dist/cli.js.map': sourceMap('cli.js', { '../src/config.ts': `export const config = {\n  githubToken: "${inMap}",\n};\n` }),
  'dist/support.zip': zipBuffer([{ name: 'bundle/.npmrc', content: `//registry.npmjs.org/:_authToken=${inZip}\n`, method: 'deflate' }]),
  'dist/.env': `# local\nGH_TOKEN=${inEnv}\n`,
});
const file = path.join(tempDir(), 'leaky-secrets-1.0.0.tgz');
writeFileSync(file, tgz);

describe('secrets end to end (real binary)', () => {
  it('finds a token in sourcesContent, in a zip inside the tarball, and in an .env, located precisely', async () => {
    const r = await shipgate(['scan', file, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const secrets = JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule === 'secrets');
    const where = secrets.map((f: { path: string; source?: string; line?: number }) => `${f.path}|${f.source ?? ''}|${f.line}`).sort();
    assert.deepEqual(where, ['dist/.env||2', 'dist/cli.js.map|../src/config.ts|2', 'dist/support.zip!bundle/.npmrc||1']);
    assert.ok(secrets.every((f: { severity: string }) => f.severity === 'error'));
    assert.ok(secrets.every((f: { fingerprint: string }) => /^sec_[0-9a-f]{32}$/.test(f.fingerprint)));
  });

  for (const format of ['text', 'json', 'sarif', 'junit', 'markdown', 'github']) {
    it(`never prints a token in full (--format ${format})`, async () => {
      const r = await shipgate(['scan', file, '--format', format]);
      assert.equal(r.code, 1);
      for (const token of [inMap, inZip, inEnv]) {
        assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), `${format} output leaked a token`);
        assert.ok(!r.stdout.includes(token.slice(4, 24)), `${format} output leaked most of a token`);
      }
    });
  }

  it('a fingerprint in the config allows exactly that value', async () => {
    const first = JSON.parse((await shipgate(['scan', file, '--format', 'json'])).stdout);
    const envHit = first.findings.find((f: { rule: string; path: string }) => f.rule === 'secrets' && f.path === 'dist/.env');
    const cfgDir = tempDir();
    writeFileSync(path.join(cfgDir, 'shipgate.config.json'), JSON.stringify({ allow: [{ rule: 'secrets', fingerprint: envHit.fingerprint, reason: 'revoked test token' }] }));
    const second = JSON.parse((await shipgate(['scan', file, '--format', 'json'], { cwd: cfgDir })).stdout);
    const paths = second.findings.filter((f: { rule: string }) => f.rule === 'secrets').map((f: { path: string }) => f.path).sort();
    assert.deepEqual(paths, ['dist/cli.js.map', 'dist/support.zip!bundle/.npmrc']);
    assert.equal(second.suppressed.length >= 1, true);
  });
});
