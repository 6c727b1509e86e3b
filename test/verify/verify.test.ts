import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ShipgateError } from '../../src/errors.js';
import { verifyVersion, type VerifyOptions, type VerifyResult } from '../../src/registry/verify.js';
import {
  FIXTURES,
  TRUST_DIR,
  fixtureBytes,
  fixtureJson,
  gundamVisor,
  sigstore,
  startRegistry,
  tufJs,
  type FakePackage,
  type FakeRegistry,
} from './registry-server.js';

const JL3BW = 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA';
const DHQ8 = 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U';

function opts(registry: FakeRegistry, extra: VerifyOptions = {}): VerifyOptions {
  return { registry: registry.url, trustDir: TRUST_DIR, npmrc: false, retries: 0, ...extra };
}

async function withRegistry<T>(packages: FakePackage[], fn: (r: FakeRegistry) => Promise<T>, keys?: unknown): Promise<T> {
  const registry = keys === undefined ? await startRegistry(packages) : await startRegistry(packages, keys);
  try {
    return await fn(registry);
  } finally {
    await registry.close();
  }
}

function problemsMatch(result: VerifyResult, re: RegExp): boolean {
  return result.problems.some((p) => re.test(p));
}

describe('verify: tuf-js@1.0.0, every layer present', () => {
  let registry: FakeRegistry;
  before(async () => {
    registry = await startRegistry([tufJs()]);
  });
  after(() => registry.close());

  test('signature, provenance, publish attestation and tarball all verify', async () => {
    const r = await verifyVersion('tuf-js@1.0.0', opts(registry));
    assert.deepEqual(r.problems, []);
    assert.equal(r.passed, true);
    assert.equal(r.signature.status, 'valid');
    assert.equal(r.signature.keyid, JL3BW);
    assert.equal(r.provenance.status, 'verified');
    assert.equal(r.provenance.predicateType, 'https://slsa.dev/provenance/v0.2');
    assert.equal(r.provenance.repository, 'theupdateframework/tuf-js');
    assert.equal(r.provenance.workflow, '.github/workflows/publish.yml');
    assert.equal(r.provenance.ref, 'refs/tags/v1.0.0');
    assert.equal(r.provenance.commit, '99624cc7ce39872e6bd08a0df59229a48562dbca');
    assert.equal(r.provenance.builder, 'https://github.com/npm/cli@9.4.2');
    assert.equal(r.provenance.issuer, 'https://token.actions.githubusercontent.com');
    assert.equal(r.provenance.githubHosted, undefined, 'a 2023 certificate does not record the runner');
    assert.equal(r.publishAttestation.status, 'verified');
    assert.equal(r.publishAttestation.keyid, JL3BW);
    assert.equal(r.tarball.status, 'match');
    assert.equal(r.trustedPublishing, 'unknown');
  });

  test('without a packument time, the publish attestation log time is the publish time', async () => {
    const r = await verifyVersion('tuf-js@1.0.0', opts(registry));
    assert.deepEqual(r.publishTime, { value: '2023-02-09T17:38:27.000Z', source: 'publish-attestation' });
  });

  test('attestations are fetched from the configured registry, not the host in dist.attestations.url', async () => {
    await verifyVersion('tuf-js@1.0.0', opts(registry));
    assert.ok(registry.requests.includes('/-/npm/v1/attestations/tuf-js@1.0.0'));
  });

  test('a dist-tag, a range and a bare name resolve to the version', async () => {
    for (const spec of ['tuf-js', 'tuf-js@latest', 'tuf-js@^1', 'tuf-js@1.x']) {
      const r = await verifyVersion(spec, opts(registry, { tarball: false }));
      assert.equal(r.version, '1.0.0', spec);
    }
  });

  test('an identity policy naming the right repository, workflow and ref passes', async () => {
    for (const policy of [
      { repository: 'theupdateframework/tuf-js', workflow: '.github/workflows/publish.yml', ref: 'refs/tags/*' },
      { repository: 'https://github.com/TheUpdateFramework/tuf-js.git', workflow: 'publish.yml', ref: 'refs/tags/v1.*' },
      { ref: 'refs/tags/**' },
    ]) {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { policy, tarball: false }));
      assert.equal(r.provenance.status, 'verified', JSON.stringify(policy));
      assert.equal(r.passed, true);
    }
  });

  test('a wrong repository is an identity mismatch and fails', async () => {
    const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { policy: { repository: 'evil/tuf-js' } }));
    assert.equal(r.provenance.status, 'identity-mismatch');
    assert.equal(r.passed, false);
    assert.ok(problemsMatch(r, /signing certificate https:\/\/github\.com\/theupdateframework\/tuf-js\/.* is rejected by the identity policy \(UNTRUSTED_SIGNER_ERROR\)/), r.problems.join('\n'));
    assert.ok(problemsMatch(r, /built from theupdateframework\/tuf-js, expected evil\/tuf-js/));
    // Facts are still reported.
    assert.equal(r.provenance.repository, 'theupdateframework/tuf-js');
  });

  test('a wrong workflow or a branch-only ref pattern is an identity mismatch', async () => {
    for (const policy of [{ workflow: 'release.yml' }, { ref: 'refs/heads/*' }, { ref: 'refs/tags/v2.*' }]) {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { policy, tarball: false }));
      assert.equal(r.provenance.status, 'identity-mismatch', JSON.stringify(policy));
      assert.equal(r.passed, false);
    }
  });

  test('--github-hosted cannot be confirmed when the provenance does not record the runner', async () => {
    const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { policy: { githubHosted: true }, tarball: false }));
    assert.equal(r.provenance.status, 'identity-mismatch');
    assert.ok(problemsMatch(r, /does not record the runner environment/));
  });

  test('a non-GitHub issuer policy is an identity mismatch', async () => {
    const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { policy: { issuer: 'https://gitlab.com' }, tarball: false }));
    assert.equal(r.provenance.status, 'identity-mismatch');
    assert.ok(problemsMatch(r, /issuer https:\/\/token\.actions\.githubusercontent\.com\) is rejected/));
  });
});

describe('verify: publish time and registry key expiry', () => {
  test('a packument time before the key expired keeps the signature valid', async () => {
    await withRegistry([tufJs({ time: '2023-02-09T17:38:28.000Z' })], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false }));
      assert.equal(r.publishTime.source, 'packument');
      assert.equal(r.signature.status, 'valid');
      assert.equal(r.passed, true);
    });
  });

  test('a publish time after the key expired (2025-01-29) is expired-key and fails', async () => {
    await withRegistry([tufJs({ time: '2025-02-01T00:00:00.000Z' })], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false }));
      assert.deepEqual(r.publishTime, { value: '2025-02-01T00:00:00.000Z', source: 'packument' });
      assert.equal(r.signature.status, 'expired-key');
      assert.equal(r.signature.keyid, JL3BW);
      assert.match(r.signature.detail, /expired 2025-01-29/);
      assert.equal(r.passed, false);
    });
  });

  test('a signature by a key the trust set lacks is unknown-key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sg-verify-keys-'));
    const keysFile = path.join(dir, 'keys.json');
    const onlyNew = { keys: (fixtureJson('keys.json').keys as Array<{ keyid: string }>).filter((k) => k.keyid === DHQ8) };
    writeFileSync(keysFile, JSON.stringify(onlyNew));
    try {
      await withRegistry([tufJs()], async (registry) => {
        const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false, keys: keysFile }));
        assert.equal(r.signature.status, 'unknown-key');
        assert.equal(r.signature.keyid, JL3BW);
        // The publish attestation names the same missing key.
        assert.equal(r.publishAttestation.status, 'invalid');
        assert.equal(r.passed, false);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('keys served by a non-npmjs registry are used when the shipped set lacks the keyid', async () => {
    await withRegistry([tufJs()], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false }));
      assert.equal(r.signature.keySource, 'shipped', 'shipped keys win for npm keyids');
      assert.ok(registry.requests.includes('/-/npm/v1/keys'));
    });
  });

  test('the sigstore TUF key target works as a --keys file', async () => {
    await withRegistry([tufJs()], async (registry) => {
      const keysFile = path.join(FIXTURES, 'keys.tuf-target.json');
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false, keys: keysFile }));
      assert.equal(r.signature.status, 'valid');
      assert.equal(r.publishAttestation.status, 'verified');
    });
  });
});

describe('verify: registry data that does not match', () => {
  test('a tampered integrity breaks the signature, the attestation subjects and the tarball', async () => {
    const pkg = tufJs();
    const m = pkg.versions['1.0.0'].manifest;
    m.dist.integrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    await withRegistry([pkg], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry));
      assert.equal(r.signature.status, 'invalid');
      assert.equal(r.provenance.status, 'subject-mismatch');
      assert.equal(r.publishAttestation.status, 'subject-mismatch');
      assert.equal(r.tarball.status, 'mismatch');
      assert.equal(r.passed, false);
    });
  });

  test('altered tarball bytes are a mismatch', async () => {
    const bytes = Buffer.from(fixtureBytes('tuf-js-1.0.0/tuf-js-1.0.0.tgz'));
    bytes[bytes.length - 10] ^= 0xff;
    await withRegistry([tufJs({ tarball: bytes })], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry));
      assert.equal(r.signature.status, 'valid');
      assert.equal(r.provenance.status, 'verified');
      assert.equal(r.tarball.status, 'mismatch');
      assert.equal(r.passed, false);
      assert.ok(problemsMatch(r, /tarball mismatch/));
    });
  });

  test('a tarball the registry cannot serve is unavailable and fails', async () => {
    await withRegistry([tufJs({ tarball: undefined })], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry));
      assert.equal(r.tarball.status, 'unavailable');
      assert.equal(r.passed, false);
    });
  });

  test('a version document listing attestations the registry does not serve fails', async () => {
    await withRegistry([tufJs({ attestations: undefined })], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false }));
      assert.equal(r.provenance.status, 'missing');
      assert.equal(r.passed, false);
      assert.ok(problemsMatch(r, /answered 404/));
    });
  });

  test('a version without attestations fails unless provenance is optional', async () => {
    const pkg = tufJs({ attestations: undefined });
    delete pkg.versions['1.0.0'].manifest.dist.attestations;
    await withRegistry([pkg], async (registry) => {
      const strict = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false }));
      assert.equal(strict.provenance.status, 'missing');
      assert.equal(strict.passed, false);
      const lax = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false, policy: { requireProvenance: false } }));
      assert.equal(lax.provenance.status, 'missing');
      assert.equal(lax.publishTime.source, 'unknown');
      assert.equal(lax.signature.status, 'expired-key', 'publish time unknown and the key has since expired');
      assert.equal(lax.passed, false);
    });
  });
});

describe('verify: sigstore@1.0.0 and sigstore@0.4.0', () => {
  test('sigstore@1.0.0 passes with the tarball check skipped', async () => {
    await withRegistry([sigstore('1.0.0')], async (registry) => {
      const r = await verifyVersion('sigstore@1.0.0', opts(registry, { tarball: false, policy: { repository: 'sigstore/sigstore-js', ref: 'refs/tags/v*' } }));
      assert.deepEqual(r.problems, []);
      assert.equal(r.signature.status, 'valid');
      assert.equal(r.provenance.status, 'verified');
      assert.equal(r.provenance.workflow, '.github/workflows/publish.yml');
      assert.equal(r.publishAttestation.status, 'verified');
      assert.equal(r.tarball.status, 'skipped');
      assert.equal(r.publishTime.value, '2023-02-09T17:56:02.000Z');
    });
  });

  test('sigstore@0.4.0 has no registry signature: reported missing, fails only with requireSignature', async () => {
    await withRegistry([sigstore('0.4.0')], async (registry) => {
      const r = await verifyVersion('sigstore@0.4.0', opts(registry, { tarball: false }));
      assert.equal(r.signature.status, 'missing');
      assert.equal(r.provenance.status, 'verified');
      assert.equal(r.publishAttestation.status, 'verified');
      assert.equal(r.passed, true);
      assert.ok(r.notes.some((n) => /no signature/.test(n)));
      const strict = await verifyVersion('sigstore@0.4.0', opts(registry, { tarball: false, policy: { requireSignature: true } }));
      assert.equal(strict.passed, false);
    });
  });
});

// The README's table of altered attestation responses, with what real verification must say.
const NEGATIVES: Array<{ file: string; provenance: string; publish: string; problem: RegExp }> = [
  { file: 'invalid-attestations.json', provenance: 'verified', publish: 'invalid', problem: /TLOG_BODY_ERROR/ },
  { file: 'mismatched-subject-digest-attestations.json', provenance: 'verified', publish: 'invalid', problem: /subject sha512 123c/ },
  { file: 'mismatched-subject-name-attestations.json', provenance: 'verified', publish: 'invalid', problem: /subject is pkg:npm\/sigstore@1\.4\.0/ },
  { file: 'malformed-subject-attestations.json', provenance: 'verified', publish: 'invalid', problem: /no sha512 digest/ },
  { file: 'unsupported-attestations.json', provenance: 'verified', publish: 'invalid', problem: /SIGNATURE_ERROR|payload type/ },
  // Policy negative: both bundles verify cryptographically; the unsigned DSSE keyid names no registry key.
  { file: 'mismatched-keyid-attestations.json', provenance: 'invalid', publish: 'verified', problem: /keyid JXkT.*no registry attestation key/ },
  // The publish bundle is accepted (its key comes from the bundle's public-key hint); the provenance signature was altered.
  { file: 'no-keyid-attestations.json', provenance: 'invalid', publish: 'verified', problem: /provenance invalid: sigstore verification failed: TLOG_BODY_ERROR/ },
];

describe('verify: sigstore@0.4.0 negative attestation responses', () => {
  for (const n of NEGATIVES) {
    test(n.file, async () => {
      await withRegistry([sigstore('0.4.0', `negative/${n.file}`)], async (registry) => {
        const r = await verifyVersion('sigstore@0.4.0', opts(registry, { tarball: false }));
        assert.equal(r.provenance.status, n.provenance, r.problems.join('\n'));
        assert.equal(r.publishAttestation.status, n.publish, r.problems.join('\n'));
        assert.equal(r.passed, false);
        assert.ok(problemsMatch(r, n.problem), r.problems.join('\n'));
      });
    });
  }
});

describe('verify: gundam-visor@1.0.1 (bundle v0.2, SLSA v1)', () => {
  test('verifies with its tarball and records a GitHub-hosted runner', async () => {
    await withRegistry([gundamVisor()], async (registry) => {
      const policy = { repository: 'ramonpetgrave64/gundam-visor', workflow: 'npm-publish.yml', ref: 'refs/tags/v*', githubHosted: true };
      const r = await verifyVersion('gundam-visor@1.0.1', opts(registry, { policy }));
      assert.deepEqual(r.problems, []);
      assert.equal(r.provenance.status, 'verified');
      assert.equal(r.provenance.predicateType, 'https://slsa.dev/provenance/v1');
      assert.equal(r.provenance.repository, 'ramonpetgrave64/gundam-visor');
      assert.equal(r.provenance.workflow, '.github/workflows/npm-publish.yml');
      assert.equal(r.provenance.ref, 'refs/tags/v1.0.1');
      assert.equal(r.provenance.commit, '599500821344b070902a7a5666064bfdaba715df');
      assert.equal(r.provenance.builder, 'https://github.com/actions/runner/github-hosted');
      assert.equal(r.provenance.githubHosted, true);
      assert.equal(r.provenance.invocation, 'https://github.com/ramonpetgrave64/gundam-visor/actions/runs/9358004112/attempts/1');
      assert.equal(r.publishAttestation.status, 'verified');
      assert.equal(r.tarball.status, 'match');
      assert.equal(r.signature.status, 'missing');
      assert.deepEqual(r.publishTime, { value: '2024-06-03T22:18:01.000Z', source: 'publish-attestation' });
    });
  });

  test('invalidsigprov: the provenance bundle is rejected, the publish bundle verifies', async () => {
    await withRegistry([gundamVisor('negative/invalidsigprov-attestations.json')], async (registry) => {
      const r = await verifyVersion('gundam-visor@1.0.1', opts(registry));
      assert.equal(r.provenance.status, 'invalid');
      assert.equal(r.publishAttestation.status, 'verified');
      assert.equal(r.passed, false);
    });
  });

  test('invalidsigpub: the publish bundle is rejected, the provenance verifies', async () => {
    await withRegistry([gundamVisor('negative/invalidsigpub-attestations.json')], async (registry) => {
      const r = await verifyVersion('gundam-visor@1.0.1', opts(registry));
      assert.equal(r.provenance.status, 'verified');
      assert.equal(r.publishAttestation.status, 'invalid');
      assert.equal(r.passed, false);
    });
  });
});

describe('verify: trusted publishing and the current registry key', () => {
  // nuxt@4.1.2 as npm serves it: signed with the current key, published via trusted publishing.
  // Values from danielroe/provenance-action test/fixtures/npm-registry/metadata/nuxt.json (MIT),
  // a recording of https://registry.npmjs.org/nuxt.
  const nuxt: FakePackage = {
    name: 'nuxt',
    versions: {
      '4.1.2': {
        manifest: {
          name: 'nuxt',
          version: '4.1.2',
          _npmUser: {
            name: 'GitHub Actions',
            email: 'npm-oidc-no-reply@github.com',
            trustedPublisher: { id: 'github', oidcConfigId: 'oidc:d0585aa6-1a29-450d-8bf8-c3440b4bcc0f' },
          },
          dist: {
            integrity: 'sha512-g5mwszCZT4ZeGJm83nxoZvtvZoAEaY65VDdn7p7UgznePbRaEJJ1KS1OIld4FPVkoDZ8TEVuDNqI9gUn12Exvg==',
            tarball: 'https://registry.npmjs.org/nuxt/-/nuxt-4.1.2.tgz',
            signatures: [{ keyid: DHQ8, sig: 'MEQCIHJN8N/kBwv437BNWOHABYUPXixaOouLlq0LYm1L2eLwAiBQk7+VJ27WiDI0dZuERSJ2Zxn26Lxm5vxATrQXHxe/ag==' }],
          },
        },
        time: '2025-09-12T21:47:34.462Z',
      },
    },
  };

  test('trustedPublisher in _npmUser is reported; the 2025 key verifies the signature', async () => {
    await withRegistry([nuxt], async (registry) => {
      const r = await verifyVersion('nuxt@4.1.2', opts(registry, { tarball: false, policy: { requireProvenance: false } }));
      assert.equal(r.trustedPublishing, 'yes');
      assert.deepEqual(r.trustedPublisher, { id: 'github', oidcConfigId: 'oidc:d0585aa6-1a29-450d-8bf8-c3440b4bcc0f' });
      assert.equal(r.signature.status, 'valid');
      assert.equal(r.signature.keyid, DHQ8);
      assert.equal(r.provenance.status, 'missing');
      assert.equal(r.passed, true);
    });
  });

  test('an _npmUser without trustedPublisher is "no"', async () => {
    const pkg = tufJs();
    pkg.versions['1.0.0'].manifest._npmUser = { name: 'bdehamer', email: 'someone@example.com' };
    await withRegistry([pkg], async (registry) => {
      const r = await verifyVersion('tuf-js@1.0.0', opts(registry, { tarball: false }));
      assert.equal(r.trustedPublishing, 'no');
    });
  });
});

describe('verify: errors the user must act on', () => {
  test('an unknown package is a ShipgateError naming the registry', async () => {
    await withRegistry([tufJs()], async (registry) => {
      await assert.rejects(verifyVersion('no-such-package@1.0.0', opts(registry)), (err: unknown) => {
        assert.ok(err instanceof ShipgateError);
        assert.equal(err.code, 'E_REGISTRY_NOT_FOUND');
        assert.match(err.message, /package no-such-package not found/);
        assert.ok(err.hint);
        return true;
      });
    });
  });

  test('an unknown version is a ShipgateError listing the dist-tags', async () => {
    await withRegistry([tufJs()], async (registry) => {
      await assert.rejects(verifyVersion('tuf-js@9.9.9', opts(registry)), (err: unknown) => {
        assert.ok(err instanceof ShipgateError);
        assert.equal(err.code, 'E_VERSION_NOT_FOUND');
        assert.match(err.hint ?? '', /latest=1\.0\.0/);
        return true;
      });
    });
  });

  test('a registry that is down is a ShipgateError with a clear message', async () => {
    const registry = await startRegistry([]);
    await registry.close();
    await assert.rejects(verifyVersion('tuf-js@1.0.0', opts(registry)), (err: unknown) => {
      assert.ok(err instanceof ShipgateError);
      assert.equal(err.code, 'E_REGISTRY_UNREACHABLE');
      assert.match(err.message, /cannot reach the registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      return true;
    });
  });

  test('a malformed spec is a ShipgateError', async () => {
    await assert.rejects(verifyVersion('not a spec', { npmrc: false }), { name: 'ShipgateError', code: 'E_VERIFY_SPEC' });
    await assert.rejects(verifyVersion('tuf-js@', { npmrc: false }), { name: 'ShipgateError', code: 'E_VERIFY_SPEC' });
  });

  test('a missing trusted root file is a ShipgateError', async () => {
    await withRegistry([tufJs()], async (registry) => {
      await assert.rejects(verifyVersion('tuf-js@1.0.0', opts(registry, { trustedRoot: '/nonexistent/trusted_root.json' })), {
        name: 'ShipgateError',
        code: 'E_TRUST_FILE',
      });
    });
  });

  test('a scoped name is requested with its slash escaped', async () => {
    await withRegistry([], async (registry) => {
      await assert.rejects(verifyVersion('@scope/pkg@1.0.0', opts(registry)), { code: 'E_REGISTRY_NOT_FOUND' });
      assert.deepEqual(registry.requests, ['/@scope%2fpkg']);
    });
  });
});
