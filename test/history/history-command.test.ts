// `shipgate history` against a real Verdaccio with versions published by the real npm CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { historyCommand } from '../../src/cli/commands/history.js';
import type { HistoryResult } from '../../src/history/model.js';
import { FIXTURE_NAME, LEAKED_TOKEN, publishFixture, runCommand, startRegistry, type TestRegistry } from './registry.js';

let registry: TestRegistry;
let cache: string;

before(async () => {
  registry = await startRegistry();
  await publishFixture(registry);
  cache = mkdtempSync(path.join(os.tmpdir(), 'shipgate-history-cache-'));
});

after(async () => {
  await registry?.close();
  if (cache) rmSync(cache, { recursive: true, force: true });
});

function history(values: Record<string, string | boolean>, extra: Record<string, unknown> = {}, positionals = [FIXTURE_NAME]) {
  return runCommand(historyCommand, { registry: registry.url, 'cache-dir': cache, ...values }, positionals, { env: registry.env, cwd: registry.dir, ...extra });
}

function parse(stdout: string): HistoryResult {
  return JSON.parse(stdout) as HistoryResult;
}

describe('shipgate history', () => {
  test('lists every version; only 1.1.0 leaked; exit 1', async () => {
    const r = await history({ format: 'json' });
    assert.equal(r.code, 1, r.stderr);
    const result = parse(r.stdout);
    assert.equal(result.name, FIXTURE_NAME);
    assert.deepEqual(
      result.versions.map((v) => `${v.version} ${v.status}`),
      ['1.0.0 clean', '1.1.0 leaked', '1.1.1 clean', '2.0.0-beta.1 clean'],
    );
    assert.equal(result.passed, false);
    assert.deepEqual(result.distTags, { latest: '1.1.1', next: '2.0.0-beta.1' });
    assert.equal(result.cache.downloads, 4);
    assert.equal(result.cache.hits, 0);

    const leaked = result.versions.find((v) => v.version === '1.1.0')!;
    const i = leaked.inspection!;
    assert.ok(leaked.publishedAt && !Number.isNaN(Date.parse(leaked.publishedAt)));
    assert.equal(leaked.provenance.declared, 'absent');
    assert.equal(i.integrity, leaked.integrity);
    assert.equal(i.files, 4);
    const token = i.secrets.find((s) => s.detector?.startsWith('npm'));
    assert.ok(token, JSON.stringify(i.secrets));
    assert.equal(token.path, '.env');
    assert.equal(token.line, 2);
    assert.equal(token.rotationUrl, 'https://docs.npmjs.com/revoking-access-tokens');
    assert.match(token.fingerprint, /\S{8,}/);
    assert.deepEqual(i.forbidden.map((f) => f.path), ['.env']);
    assert.equal(i.exposure.files, 1);
    assert.equal(i.exposure.lines, 6);
    assert.deepEqual(i.exposure.exposing.map((m) => m.path), ['index.js.map']);
    assert.ok(!r.stdout.includes(LEAKED_TOKEN), 'the token must never be printed');

    for (const v of result.versions.filter((x) => x.version !== '1.1.0')) {
      assert.deepEqual(v.inspection?.secrets, []);
      assert.equal(v.inspection?.exposure.maps, 0);
    }
    assert.equal(result.versions.find((v) => v.version === '2.0.0-beta.1')?.prerelease, true);
  });

  test('the second run downloads nothing: every tarball comes from the cache', async () => {
    const r = await history({ format: 'json', concurrency: '1' });
    assert.equal(r.code, 1);
    const result = parse(r.stdout);
    assert.deepEqual(result.cache, { dir: cache, hits: 4, downloads: 0 });
    assert.ok(result.versions.every((v) => v.inspection?.fromCache === true));
    assert.ok(readdirSync(cache).includes('_cacache'));
  });

  test("--range '<1.1.0' leaves out the leak: exit 0", async () => {
    const r = await history({ format: 'json', range: '<1.1.0' });
    assert.equal(r.code, 0, r.stderr);
    const result = parse(r.stdout);
    assert.equal(result.range, '<1.1.0');
    assert.deepEqual(result.versions.map((v) => v.version), ['1.0.0']);
    assert.equal(result.passed, true);
  });

  test('a range includes prereleases', async () => {
    const r = await history({ format: 'json', range: '>=2.0.0-0' });
    assert.deepEqual(parse(r.stdout).versions.map((v) => v.version), ['2.0.0-beta.1']);
  });

  test('text output: one row per version, the leak spelled out, the token redacted', async () => {
    const r = await history({});
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^VERSION\s+TAGS\s+PUBLISHED\s+FILES\s+UNPACKED\s+SOURCE MAPS\s+SECRETS\s+FORBIDDEN\s+PROVENANCE\s+STATUS$/m);
    assert.match(r.stdout, /^1\.1\.0 .*1, exposes 1 file \/ 6 lines\s+1\s+\.env\s+none\s+LEAKED$/m);
    assert.match(r.stdout, /^1\.1\.1\s+latest\s.*clean$/m);
    assert.match(r.stdout, /secret\s+\.env:2\s+npm .*npm_…/);
    assert.match(r.stdout, /rotate at https:\/\/docs\.npmjs\.com\/revoking-access-tokens/);
    assert.match(r.stdout, /✖ 1 version leaked/);
    assert.ok(!r.stdout.includes(LEAKED_TOKEN));
    assert.equal(r.stderr, '', 'no progress output when stderr is not a terminal');
  });

  test('markdown output: a table and a section for the leaking version', async () => {
    const r = await history({ format: 'markdown' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^\| Version \| Tags \| Published \|/m);
    assert.match(r.stdout, /^\| 1\.1\.0 \|.*\| \*\*LEAKED\*\* \|$/m);
    assert.match(r.stdout, /^### shipgate-fixture@1\.1\.0$/m);
    assert.ok(!r.stdout.includes(LEAKED_TOKEN));
  });

  test('a progress bar is drawn on stderr when it is a terminal, and erased', async () => {
    const r = await history({ format: 'json', range: '1.x' }, { stderrIsTTY: true, stderrColumns: 100 });
    assert.match(r.stderr, /\r\u001b\[K\[#+\] 3\/3 /);
    assert.ok(r.stderr.endsWith('\r\u001b[K'));
  });

  test('--verify runs verifyVersion per version: no provenance and no signature on this registry, which is not a failure', async () => {
    const r = await history({ format: 'json', range: '1.0.0', verify: true });
    assert.equal(r.code, 0, r.stderr);
    const v = parse(r.stdout).versions[0]!;
    assert.deepEqual(v.provenance, { declared: 'absent', verified: { passed: true, provenance: 'missing', signature: 'missing', problems: [] } });
  });

  test('bad input is a usage error (exit 2), never a crash', async () => {
    const cases: Array<[Record<string, string | boolean>, string[], RegExp]> = [
      [{ range: 'not a range' }, [FIXTURE_NAME], /not a semver range/],
      [{ concurrency: '0' }, [FIXTURE_NAME], /concurrency/],
      [{ concurrency: 'four' }, [FIXTURE_NAME], /concurrency/],
      [{ format: 'sarif' }, [FIXTURE_NAME], /unknown --format/],
      [{}, [`${FIXTURE_NAME}@1.0.0`], /not a version spec/],
      [{}, [], /needs a package name/],
      [{}, ['no-such-package-here'], /not found/],
    ];
    for (const [values, positionals, message] of cases) {
      const r = await history(values, {}, positionals);
      assert.equal(r.code, 2, `${JSON.stringify(values)} ${positionals.join(' ')}`);
      assert.match(r.error?.message ?? '', message);
    }
  });

  test('an unreachable registry is exit 2 with one clear line', async () => {
    const r = await runCommand(historyCommand, { registry: 'http://127.0.0.1:9/', 'cache-dir': cache }, [FIXTURE_NAME], { env: { ...registry.env, npm_config_fetch_retries: '0' } });
    assert.equal(r.code, 2);
    assert.match(r.error?.message ?? '', /cannot reach the registry/);
  });

  // Last: it changes the registry.
  test('an unpublished version is listed as gone', async () => {
    const u = await registry.npm(['unpublish', `${FIXTURE_NAME}@1.0.0`]);
    assert.equal(u.code, 0, u.stderr);
    const r = await history({ format: 'json' });
    const result = parse(r.stdout);
    const gone = result.versions.find((v) => v.version === '1.0.0');
    assert.ok(gone, 'still listed');
    assert.equal(gone.unpublished, true);
    // Verdaccio drops the publish time with the version; the ledger of the earlier runs remembers it.
    assert.equal(gone.goneEvidence, 'ledger');
    assert.ok(gone.publishedAt);
    // Its bytes are still in the cache, so what it contained is still known.
    assert.equal(gone.status, 'clean');
    assert.equal(result.totals.gone, 1);
    assert.equal(r.code, 1);

    const text = await history({});
    assert.match(text.stdout, /^1\.0\.0 .*gone \(seen earlier\), clean \(cached copy\)$/m);

    // With an empty cache there are no bytes: the version is gone and nothing more is known.
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'shipgate-history-cache-'));
    try {
      await history({ format: 'json', 'cache-dir': fresh }); // records what the registry lists now
      const again = parse((await history({ format: 'json', 'cache-dir': fresh })).stdout);
      assert.equal(again.versions.find((v) => v.version === '1.0.0'), undefined, 'Verdaccio keeps no trace, and this cache never saw it');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
