// The pure pieces of `verify`, table-driven: registry signatures, refs, names, npm config.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { escapePackageName, parseNpmrc, registryContext } from '../../src/registry/fetch.js';
import { keyWindowProblem, loadKeysFile, parseRegistryKeys } from '../../src/registry/trust.js';
import {
  checkRegistrySignature,
  displayRepository,
  normaliseWorkflow,
  npmPurl,
  parseSpec,
  parseWorkflowUri,
  pickVersion,
  refMatches,
  sha512Hex,
  trustedPublishingOf,
} from '../../src/registry/verify.js';
import { FIXTURES, fixtureJson } from './registry-server.js';

interface SignatureRow {
  name: string;
  version: string;
  integrity: string;
  keyid: string;
  sig: string;
}

const legacyKeys = loadKeysFile(path.join(FIXTURES, 'keys.json'));
const table = fixtureJson('registry-signatures.json') as { valid: SignatureRow[]; invalid: SignatureRow[] };
const BEFORE_EXPIRY = new Date('2024-01-01T00:00:00Z');

describe('registry signatures (registry-signatures.json)', () => {
  for (const row of table.valid) {
    test(`${row.name}@${row.version} verifies`, () => {
      const r = checkRegistrySignature({ ...row, signatures: [{ keyid: row.keyid, sig: row.sig }], keys: legacyKeys, publishedAt: BEFORE_EXPIRY });
      assert.equal(r.status, 'valid', r.detail);
    });
  }
  for (const row of table.invalid) {
    test(`${row.name}@${row.version} with sig "${row.sig}" is invalid`, () => {
      const r = checkRegistrySignature({ ...row, signatures: [{ keyid: row.keyid, sig: row.sig }], keys: legacyKeys, publishedAt: BEFORE_EXPIRY });
      assert.equal(r.status, 'invalid');
    });
  }

  const tuf = table.valid[0];
  const cases: Array<{ what: string; input: Partial<Parameters<typeof checkRegistrySignature>[0]>; status: string }> = [
    { what: 'another version', input: { version: '1.0.1' }, status: 'invalid' },
    { what: 'an altered integrity', input: { integrity: tuf.integrity.replace('1dxs', '1dxt') }, status: 'invalid' },
    { what: 'the other registry key', input: { signatures: [{ keyid: 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U', sig: tuf.sig }] }, status: 'invalid' },
    { what: 'an unknown keyid', input: { signatures: [{ keyid: 'SHA256:nope', sig: tuf.sig }] }, status: 'unknown-key' },
    { what: 'no signatures', input: { signatures: undefined }, status: 'missing' },
    { what: 'an empty signature list', input: { signatures: [] }, status: 'missing' },
    { what: 'a publish time on the expiry instant', input: { publishedAt: new Date('2025-01-29T00:00:00Z') }, status: 'expired-key' },
    { what: 'a publish time just before expiry', input: { publishedAt: new Date('2025-01-28T23:59:59Z') }, status: 'valid' },
    { what: 'an unknown publish time, key since expired', input: { publishedAt: undefined, now: new Date('2026-01-01T00:00:00Z') }, status: 'expired-key' },
    { what: 'an unknown publish time, key still valid', input: { publishedAt: undefined, now: new Date('2024-01-01T00:00:00Z') }, status: 'valid' },
    { what: 'a bad signature beside a good one', input: { signatures: [{ keyid: tuf.keyid, sig: tuf.sig }, { keyid: tuf.keyid, sig: 'AAAA' }] }, status: 'invalid' },
    { what: 'an unknown key beside a good signature', input: { signatures: [{ keyid: 'SHA256:future', sig: 'AAAA' }, { keyid: tuf.keyid, sig: tuf.sig }] }, status: 'valid' },
  ];
  for (const c of cases) {
    test(`tuf-js@1.0.0 with ${c.what}: ${c.status}`, () => {
      const r = checkRegistrySignature({ ...tuf, signatures: [{ keyid: tuf.keyid, sig: tuf.sig }], keys: legacyKeys, publishedAt: BEFORE_EXPIRY, ...c.input });
      assert.equal(r.status, c.status, r.detail);
    });
  }

  test('TUF validFor.start is honoured too: the 2025 key cannot vouch for 2024', () => {
    const keys = parseRegistryKeys(fixtureJson('keys.tuf-target.json'), 'test');
    const dhq8 = keys.find((k) => k.keyid.startsWith('SHA256:DhQ8') && k.usage === 'npm:signatures');
    assert.ok(dhq8);
    assert.match(keyWindowProblem(dhq8, new Date('2024-06-01T00:00:00Z')) ?? '', /became valid 2025-01-13/);
    assert.equal(keyWindowProblem(dhq8, new Date('2030-01-01T00:00:00Z')), undefined);
    assert.deepEqual(new Set(keys.map((k) => k.usage)), new Set(['npm:signatures', 'npm:attestations']));
  });
});

describe('names, specs and refs', () => {
  test('purl percent-encodes the scope @ like npm-package-arg', () => {
    assert.equal(npmPurl('tuf-js', '1.0.0'), 'pkg:npm/tuf-js@1.0.0');
    assert.equal(npmPurl('@npmcli/arborist', '1.0.14'), 'pkg:npm/%40npmcli/arborist@1.0.14');
    assert.equal(escapePackageName('@npmcli/arborist'), '@npmcli%2farborist');
  });

  test('specs', () => {
    assert.deepEqual(parseSpec('tuf-js'), { name: 'tuf-js', wanted: undefined });
    assert.deepEqual(parseSpec('@scope/pkg@^1.2'), { name: '@scope/pkg', wanted: '^1.2' });
    assert.deepEqual(parseSpec('@scope/pkg'), { name: '@scope/pkg', wanted: undefined });
    assert.throws(() => parseSpec('../etc/passwd'), { code: 'E_VERIFY_SPEC' });
  });

  test('version picking prefers the latest tag inside a range', () => {
    const packument = { 'dist-tags': { latest: '1.2.0', next: '2.0.0-rc.1' }, versions: { '1.2.0': {}, '1.3.0': {}, '2.0.0-rc.1': {} } };
    assert.equal(pickVersion(packument, '^1'), '1.2.0');
    assert.equal(pickVersion(packument, '>=1.3'), '1.3.0');
    assert.equal(pickVersion(packument, 'next'), '2.0.0-rc.1');
    assert.equal(pickVersion(packument, '1.3.0'), '1.3.0');
    assert.equal(pickVersion(packument, '9.0.0'), undefined);
    assert.equal(pickVersion(packument, 'no-such-tag'), undefined);
  });

  const refs: Array<[string, string, boolean]> = [
    ['refs/tags/*', 'refs/tags/v1.0.0', true],
    ['refs/tags/*', 'refs/heads/main', false],
    ['refs/tags/*', 'refs/tags/pkg/v1.0.0', false],
    ['refs/tags/**', 'refs/tags/pkg/v1.0.0', true],
    ['refs/tags/v?.*', 'refs/tags/v1.0.0', true],
    ['refs/heads/main', 'refs/heads/main', true],
    ['refs/heads/main', 'refs/heads/mainline', false],
    ['refs/tags/@scope/pkg@*', 'refs/tags/@scope/pkg@1.2.3', true],
  ];
  for (const [glob, ref, expected] of refs) {
    test(`ref ${ref} ${expected ? 'matches' : 'does not match'} ${glob}`, () => {
      assert.equal(refMatches(glob, ref), expected);
    });
  }

  test('repositories and workflows normalise', () => {
    assert.equal(displayRepository('git+https://github.com/Owner/Repo.git'), 'Owner/Repo');
    assert.equal(displayRepository('https://gitlab.com/group/project'), 'gitlab.com/group/project');
    assert.equal(normaliseWorkflow('release.yml'), '.github/workflows/release.yml');
    assert.equal(normaliseWorkflow('./.github/workflows/release.yml'), '.github/workflows/release.yml');
    assert.deepEqual(parseWorkflowUri('https://github.com/o/r/.github/workflows/p.yml@refs/tags/@s/p@1.0.0'), {
      repository: 'o/r',
      path: '.github/workflows/p.yml',
      ref: 'refs/tags/@s/p@1.0.0',
    });
  });

  test('sha512Hex reads the sha512 entry of an SRI string', () => {
    const sri = (fixtureJson('tuf-js-1.0.0/manifest.json').dist as { integrity: string }).integrity;
    assert.equal(sha512Hex(sri)?.slice(0, 16), 'd5dc6c4301120f30');
    assert.equal(sha512Hex(`sha1-abc ${sri}`)?.slice(0, 16), 'd5dc6c4301120f30');
    assert.equal(sha512Hex('sha1-abc'), undefined);
  });
});

describe('trusted publishing signal', () => {
  test('_npmUser.trustedPublisher, the OIDC user, a person, nothing', () => {
    assert.equal(trustedPublishingOf({ _npmUser: { name: 'GitHub Actions', trustedPublisher: { id: 'github', oidcConfigId: 'oidc:x' } } }).status, 'yes');
    assert.equal(trustedPublishingOf({ _npmUser: { name: 'GitHub Actions', email: 'npm-oidc-no-reply@github.com' } }).status, 'yes');
    assert.equal(trustedPublishingOf({ _npmUser: { name: 'someone', email: 'a@b.c' } }).status, 'no');
    assert.equal(trustedPublishingOf({}).status, 'unknown');
  });
});

describe('.npmrc', () => {
  test('key = value, comments, quotes and ${VAR} expansion', () => {
    const text = [
      '# comment',
      '; also a comment',
      'registry = https://r.example/',
      '@acme:registry="https://acme.example/npm/"',
      '//acme.example/npm/:_authToken=${ACME_TOKEN}',
      'optional=${NOT_SET?}',
      'literal=\\${ACME_TOKEN}',
    ].join('\n');
    assert.deepEqual(parseNpmrc(text, { ACME_TOKEN: 't0k' }), {
      registry: 'https://r.example/',
      '@acme:registry': 'https://acme.example/npm/',
      '//acme.example/npm/:_authToken': 't0k',
      optional: '',
      literal: '${ACME_TOKEN}',
    });
  });

  test('registry choice: flag, then scope registry, then registry, then npmjs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sg-npmrc-'));
    try {
      writeFileSync(path.join(dir, '.npmrc'), 'registry=https://r.example\n@acme:registry=https://acme.example/npm/\n');
      const env = { HOME: dir };
      assert.equal(registryContext('@acme/x', { cwd: dir, env }).registry, 'https://acme.example/npm/');
      assert.equal(registryContext('plain', { cwd: dir, env }).registry, 'https://r.example/');
      assert.equal(registryContext('plain', { cwd: dir, env: { ...env, npm_config_registry: 'https://env.example/' } }).registry, 'https://env.example/');
      assert.equal(registryContext('plain', { cwd: dir, env, registry: 'http://127.0.0.1:1' }).registry, 'http://127.0.0.1:1/');
      assert.equal(registryContext('plain', { cwd: dir, env, npmrc: false }).registry, 'https://registry.npmjs.org/');
      assert.throws(() => registryContext('plain', { registry: 'not a url', npmrc: false }), { code: 'E_REGISTRY_URL' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
