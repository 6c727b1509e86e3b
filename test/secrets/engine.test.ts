import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BINARY_DETECTORS, DETECTORS, detectBinarySecret, scanSecrets, textKindFor } from '../../src/secrets/index.js';
import { crc32, validBase62Crc, validGitlabRoutable } from '../../src/secrets/checksums.js';
import { placeholderFor } from '../../src/secrets/placeholders.js';
import { secretsRule } from '../../src/rules/secrets.js';
import type { Artifact, ArtifactFile, SecretHit } from '../../src/types.js';
import type { RuleContext } from '../../src/rules/rule.js';
import { ALNUM, Gen, POSITIVES, base62CrcToken, gitlabRoutable, pemKey, refCrc32 } from './helpers.js';

test('crc32 matches the standard check value and the independent reference', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  const g = new Gen(3);
  for (let i = 0; i < 50; i++) {
    const s = g.pick(ALNUM, 1 + i);
    assert.equal(crc32(s), refCrc32(s));
  }
});

test('GitHub/npm checksum: generated tokens pass, any single change fails', () => {
  const g = new Gen(11);
  for (let i = 0; i < 100; i++) {
    const token = base62CrcToken(g, i % 2 ? 'ghp_' : 'npm_');
    assert.ok(validBase62Crc(token), token.slice(0, 4));
    const at = 4 + (i % 36);
    const changed = token.slice(0, at) + (token[at] === 'a' ? 'b' : 'a') + token.slice(at + 1);
    assert.equal(validBase62Crc(changed), false);
  }
});

test('GitLab routable checksum covers prefix, payload, version and length', () => {
  const g = new Gen(12);
  const token = gitlabRoutable(g, 'glpat-');
  assert.ok(validGitlabRoutable(token));
  assert.equal(validGitlabRoutable('glrt-' + token.slice('glpat-'.length)), false, 'prefix is part of the CRC');
  assert.equal(validGitlabRoutable(token.replace('.01.', '.02.')), false);
});

test('placeholder table: documented markers are placeholders, random values are not', () => {
  for (const v of ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'xxxxxxxxxxxx', '************', 'your-api-key-here', '${NPM_TOKEN}', '<token>', 'changeme', '0000000000000000', '{{ secrets.TOKEN }}', '$TOKEN']) {
    assert.ok(placeholderFor(v), v);
  }
  const g = new Gen(5);
  for (let i = 0; i < 200; i++) assert.equal(placeholderFor(g.pick(ALNUM, 40)), undefined);
});

test('no output field ever carries a full secret value, engine or rule', () => {
  const files: ArtifactFile[] = [];
  const values: string[] = [];
  for (const d of DETECTORS) {
    const sample = POSITIVES[d.id](new Gen(2024));
    values.push(sample.value);
    const hits = scanSecrets(sample.text, { path: sample.path, kind: sample.kind, source: 'src/original.ts' });
    assert.ok(hits.length > 0, d.id);
    for (const hit of hits) {
      for (const [field, v] of Object.entries(hit)) {
        if (typeof v === 'string') assert.ok(!v.includes(sample.value), `${d.id}.${field} leaks the value`);
      }
      // Evidence shows at most a public prefix: never more than a quarter of the value.
      const shown = hit.redacted.slice(0, hit.redacted.indexOf('…'));
      assert.ok(shown.length <= Math.max(40, sample.value.length / 4), `${d.id}: evidence too long`);
    }
    files.push(file(sample.path, hits));
  }
  const findings = secretsRule.check(artifact(files), context());
  const json = JSON.stringify(findings);
  for (const v of values) assert.ok(!json.includes(v), 'a finding leaks a value');
});

test('source names and 1-based positions are carried into hits', () => {
  const token = base62CrcToken(new Gen(8), 'ghp_');
  const text = `line one\n\tconst t = '${token}';\n`;
  const [hit] = scanSecrets(text, { path: 'dist/a.js.map', kind: 'map-source', source: 'src/a.ts' });
  assert.equal(hit.source, 'src/a.ts');
  assert.equal(hit.line, 2);
  assert.equal(hit.column, text.split('\n')[1].indexOf('ghp_') + 1);
});

test('fingerprints are stable across paths and runs, and differ by value', () => {
  const g = new Gen(9);
  const a = base62CrcToken(g, 'ghp_');
  const b = base62CrcToken(g, 'ghp_');
  const fa1 = scanSecrets(`x=${a}`, { path: 'a.js', kind: 'code' })[0].fingerprint;
  const fa2 = scanSecrets(`\n\n  y = "${a}"`, { path: 'other/b.js', kind: 'code' })[0].fingerprint;
  const fb = scanSecrets(`x=${b}`, { path: 'a.js', kind: 'code' })[0].fingerprint;
  assert.equal(fa1, fa2);
  assert.notEqual(fa1, fb);
});

test('overlapping keywords: an Anthropic key is found although `sk-` is also a keyword', () => {
  const sample = POSITIVES['anthropic-api-key'](new Gen(1));
  const hits = scanSecrets(`sk-sk-${sample.text}`, { path: 'a.js', kind: 'code' });
  assert.deepEqual(hits.map((h) => h.detector), ['anthropic-api-key']);
});

test('one value, one hit: the most specific detector wins', () => {
  const token = base62CrcToken(new Gen(4), 'npm_');
  const hits = scanSecrets(`//registry.npmjs.org/:_authToken=${token}\n`, { path: '.npmrc', kind: 'npmrc' });
  assert.deepEqual(hits.map((h) => h.detector), ['npm-access-token']);
});

test('generic assignments: config kinds only, never code or minified', () => {
  const line = 'API_SECRET=Zq8vR2mW9xLp4Tn7Kd\n';
  assert.equal(scanSecrets(line, { path: '.env', kind: 'env' })[0]?.detector, 'generic-secret-assignment');
  assert.equal(scanSecrets(line, { path: 'x.sh', kind: 'shell' })[0]?.detector, 'generic-secret-assignment');
  for (const kind of ['code', 'minified', 'map-source', 'other'] as const) {
    assert.deepEqual(scanSecrets(line, { path: 'x', kind }), [], kind);
  }
  // ...unless a map's original source is itself a config file.
  assert.equal(scanSecrets(line, { path: 'a.map', kind: 'map-source', source: '../.env' }).length, 1);
});

test('a text with no keyword costs no detector run and yields nothing', () => {
  assert.deepEqual(scanSecrets('const a = 1;\n'.repeat(10000), { path: 'a.js', kind: 'code' }), []);
  assert.deepEqual(scanSecrets('', { path: 'a.js', kind: 'code' }), []);
});

test('textKindFor classifies by name and sample', () => {
  const long = 'var a=1;'.repeat(300);
  const cases: Array<[string, string, string]> = [
    ['.env', '', 'env'],
    ['config/.env.production', '', 'env'],
    ['.npmrc', '', 'npmrc'],
    ['a/.yarnrc.yml', '', 'npmrc'],
    ['package.json', '{}', 'config'],
    ['conf/app.yaml', '', 'config'],
    ['scripts/deploy.sh', '', 'shell'],
    ['bin/run', '#!/usr/bin/env bash\necho', 'shell'],
    ['bin/cli', '#!/usr/bin/env node\n', 'code'],
    ['lib/index.js', 'const a = 1;\n', 'code'],
    ['dist/index.js', long, 'minified'],
    ['dist/app.min.js', 'a', 'minified'],
    ['dist/style.css', long, 'minified'],
    ['src/index.ts', long, 'code'],
    ['README.md', '# hi', 'other'],
    ['nested.zip!inner/.env', '', 'env'],
  ];
  for (const [path, sample, kind] of cases) assert.equal(textKindFor(path, sample), kind, path);
});

test('binary keystores are recognised by content, other binaries are not', () => {
  const p12 = Buffer.from([0x30, 0x82, 0x0a, 0x1c, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xe2, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0]);
  const jks = Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0x00, 0x00, 0x00, 0x02]);
  const jceks = Buffer.from([0xce, 0xce, 0xce, 0xce, 0x00, 0x00, 0x00, 0x02]);
  const pkcs8 = Buffer.from([0x30, 0x82, 0x04, 0xbe, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82]);
  const kdbx = Buffer.from([0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]);
  assert.equal(detectBinarySecret(p12, 'cert.p12')?.detector, 'pkcs12-keystore');
  assert.equal(detectBinarySecret(jks, 'keystore')?.detector, 'java-keystore');
  assert.equal(detectBinarySecret(jceks, 'k.jceks')?.detector, 'java-keystore');
  assert.equal(detectBinarySecret(pkcs8, 'key.der')?.detector, 'der-private-key');
  assert.equal(detectBinarySecret(kdbx, 'db.kdbx')?.detector, 'keepass-database');
  const cert = Buffer.from([0x30, 0x82, 0x03, 0x00, 0x30, 0x82, 0x02, 0xa0, 0xa0, 0x03, 0x02, 0x01, 0x02]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(detectBinarySecret(cert, 'cert.der'), undefined, 'a certificate is public');
  assert.equal(detectBinarySecret(png, 'logo.png'), undefined);
  assert.equal(detectBinarySecret(new Uint8Array(0), 'empty'), undefined);
  const hit = detectBinarySecret(p12, 'cert.p12');
  assert.ok(hit && !hit.redacted.includes('3082') && hit.fingerprint.startsWith('sec_'));
  assert.ok(BINARY_DETECTORS.every((d) => d.reason.length > 10));
});

test('secrets rule maps hits to findings', () => {
  const hit: SecretHit = {
    detector: 'github-pat',
    description: 'GitHub personal access token',
    severity: 'error',
    line: 3,
    column: 7,
    redacted: 'ghp_…(40 chars)',
    fingerprint: 'sec_0123456789abcdef0123456789abcdef',
    validated: true,
    rotationUrl: 'https://github.com/settings/tokens',
    source: 'src/a.ts',
  };
  const findings = secretsRule.check(artifact([file('dist/a.js.map', [hit]), file('README.md', [])]), context());
  assert.deepEqual(findings, [
    {
      rule: 'secrets',
      severity: 'error',
      path: 'dist/a.js.map',
      line: 3,
      column: 7,
      source: 'src/a.ts',
      evidence: 'ghp_…(40 chars)',
      fingerprint: 'sec_0123456789abcdef0123456789abcdef',
      message: 'GitHub personal access token (ghp_…(40 chars)) — rotate at https://github.com/settings/tokens',
      data: { detector: 'github-pat', validated: true, rotationUrl: 'https://github.com/settings/tokens' },
    },
  ]);
  assert.equal(secretsRule.id, 'secrets');
  assert.equal(secretsRule.defaultSeverity, 'error');
  const info = secretsRule.check(artifact([file('a.js', [{ ...hit, severity: 'info', validated: false, source: undefined }])]), context());
  assert.equal(info[0].severity, 'info');
  assert.match(info[0].message, /checksum does not match/);
  assert.equal('source' in info[0], false);
});

function file(path: string, secrets: SecretHit[]): ArtifactFile {
  return { path, rawPath: `package/${path}`, type: 'file', size: 1, depth: 0, text: true, sourceMapRefs: [], sourceMaps: [], secrets };
}

function artifact(files: ArtifactFile[]): Artifact {
  return { target: 't.tgz', format: 'npm-tarball', unpackedSize: 0, rootPrefix: 'package/', files, anomalies: [] };
}

function context(): RuleContext {
  return { config: {} as RuleContext['config'] };
}

test('a key has one fingerprint whether its newlines are real or escaped', () => {
  const key = pemKey(new Gen(77));
  const raw = scanSecrets(key, { path: 'key.pem', kind: 'config' });
  const inlined = scanSecrets(`const k = "${key.replace(/\n/g, '\\n')}";`, { path: 'dist/a.js', kind: 'minified' });
  assert.equal(raw.length, 1);
  assert.equal(inlined.length, 1);
  assert.equal(raw[0].fingerprint, inlined[0].fingerprint);
  assert.match(raw[0].redacted, /^-----BEGIN RSA PRIVATE KEY-----…\(\d+ chars\)$/);
});

test('generic assignments in template files (.env.example) are info', () => {
  const line = 'API_SECRET=Zq8vR2mW9xLp4Tn7Kd\n';
  assert.equal(scanSecrets(line, { path: '.env.example', kind: 'env' })[0]?.severity, 'info');
  assert.equal(scanSecrets(line, { path: 'config/app.sample.json', kind: 'config' })[0]?.severity, 'info');
  assert.equal(scanSecrets(line, { path: '.env', kind: 'env' })[0]?.severity, 'warning');
});

test('URL credentials: placeholder user names and stock passwords are not findings', () => {
  for (const text of ['socks://your-name%40gmail.com:Zq8vR2mW9xLp@proxy.acme.net', 'http://foo:bar@registry.acme.net', 'https://user:password@git.acme.net/x']) {
    assert.deepEqual(scanSecrets(text, { path: 'README.md', kind: 'other' }), [], text);
  }
  assert.equal(scanSecrets('https://deploy:Zq8vR2mW9xLp4Tn7@git.acme.net/x', { path: 'README.md', kind: 'other' })[0]?.redacted, 'https://…:…(16 chars)@git.acme.net');
});
