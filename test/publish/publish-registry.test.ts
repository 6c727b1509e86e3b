// `shipgate publish` against a real registry (Verdaccio on 127.0.0.1) with the real npm CLI.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkCommand } from '../../src/cli/commands/check.js';
import { publishCommand } from '../../src/cli/commands/publish.js';
import { cleanPackage, envFor, leakyPackage, registryDoc, runCommand, startLocalRegistry, tempDir, type LocalRegistry } from './helpers.js';

const sri = (buf: Buffer) => `sha512-${createHash('sha512').update(buf).digest('base64')}`;

describe('shipgate publish (Verdaccio + npm)', () => {
  let registry: LocalRegistry;
  before(async () => {
    registry = await startLocalRegistry();
  });
  after(async () => {
    await registry?.stop();
  });

  const publish = (dir: string, extra: string[] = [], kind: Parameters<typeof envFor>[0] = 'ci', env: NodeJS.ProcessEnv = {}) =>
    runCommand(publishCommand, [dir, '--registry', registry.url, ...extra], { env: envFor(kind, registry.userconfig, env), cwd: dir });

  it('publishes the checked tarball and confirms the registry integrity equals it', async () => {
    const dir = cleanPackage('clean-pkg', '1.0.0');
    const r = await publish(dir);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const checked = /^ {2}checked {5}(sha512-\S+)$/m.exec(r.stdout)?.[1];
    assert.ok(checked, r.stdout);
    assert.match(r.stdout, /✔ published clean-pkg@1\.0\.0: the registry's dist\.integrity equals the checked tarball's \(sha512-/);
    const { status, doc } = await registryDoc(registry.url, 'clean-pkg');
    assert.equal(status, 200);
    assert.equal(doc!.versions['1.0.0'].dist.integrity, checked);
    // The bytes the registry serves are the checked bytes.
    const tarball = Buffer.from(await (await fetch(doc!.versions['1.0.0'].dist.tarball)).arrayBuffer());
    assert.equal(sri(tarball), checked);
    // Packed once (prepack ran once); publishing a file ran none of the publish scripts.
    assert.deepEqual(readFileSync(path.join(dir, 'ran.txt'), 'utf8').trim().split('\n'), ['prepack']);
    assert.match(r.stdout, /npm publishes a file without running lifecycle scripts \(prepublishOnly, publish, postpublish not run\)/);
  });

  it('--format json carries the checked and the registry integrity', async () => {
    const dir = cleanPackage('json-pkg', '2.0.0');
    const r = await publish(dir, ['--format', 'json', '--tag', 'next', '--access', 'public']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.published, true);
    assert.equal(out.mode, 'published');
    assert.equal(out.integrityConfirmed, true);
    assert.equal(out.integrity, out.registryIntegrity);
    assert.equal(out.integrity, out.report.integrity);
    assert.equal(out.tag, 'next');
    assert.deepEqual(out.lifecycleScripts, []);
    assert.ok(out.npm.includes('--tag') && out.npm.includes('next') && out.npm.includes('--access'));
    const { doc } = await registryDoc(registry.url, 'json-pkg');
    assert.equal(doc!['dist-tags'].next, '2.0.0');
    assert.equal(doc!.versions['2.0.0'].dist.integrity, out.integrity);
  });

  it('publishes a tarball written by check --out without repacking it', async () => {
    const dir = cleanPackage('from-tgz', '1.0.0');
    const out = path.join(tempDir(), 'release.tgz');
    const env = envFor('ci', registry.userconfig);
    const c = await runCommand(checkCommand, [dir, '--out', out], { env, cwd: dir });
    assert.equal(c.code, 0, c.stderr + c.stdout);
    const r = await runCommand(publishCommand, [out, '--registry', registry.url], { env, cwd: path.dirname(out) });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const { doc } = await registryDoc(registry.url, 'from-tgz');
    assert.equal(doc!.versions['1.0.0'].dist.integrity, sri(readFileSync(out)));
    assert.deepEqual(readFileSync(path.join(dir, 'ran.txt'), 'utf8').trim().split('\n'), ['prepack'], 'only check packed');
  });

  it('never publishes a package that fails the check', async () => {
    const dir = leakyPackage('leaky-cli-copy');
    const r = await publish(dir);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /the check failed; nothing was published/);
    assert.match(r.stdout, /\.env/);
    assert.equal((await registryDoc(registry.url, 'leaky-cli-copy')).status, 404);
  });

  it('--dry-run publishes nothing', async () => {
    const dir = cleanPackage('dry-pkg', '1.0.0');
    const r = await publish(dir, ['--dry-run', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.equal(out.mode, 'dry-run');
    assert.equal(out.published, false);
    assert.ok(out.npm.includes('--dry-run'));
    assert.equal((await registryDoc(registry.url, 'dry-pkg')).status, 404);
  });

  it('outside CI it refuses with exit 1 and one line, and publishes nothing', async () => {
    const dir = cleanPackage('local-pkg', '1.0.0');
    const r = await publish(dir, [], 'local');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^shipgate publish: refusing to publish from outside CI .*SHIPGATE_ALLOW_LOCAL_PUBLISH="<reason>"\n$/);
    assert.equal(existsSync(path.join(dir, 'ran.txt')), false, 'did not even pack');
    assert.equal((await registryDoc(registry.url, 'local-pkg')).status, 404);
  });

  it('the override publishes from outside CI, with its reason printed loudly', async () => {
    const dir = cleanPackage('override-pkg', '1.0.0');
    const viaEnv = await publish(dir, [], 'local', { SHIPGATE_ALLOW_LOCAL_PUBLISH: 'CI outage INC-42' });
    assert.equal(viaEnv.code, 0, viaEnv.stderr + viaEnv.stdout);
    assert.match(viaEnv.stderr, /^shipgate publish: WARNING: LOCAL PUBLISH OVERRIDE \(SHIPGATE_ALLOW_LOCAL_PUBLISH\) by release-tester: "CI outage INC-42"/m);
    assert.match(viaEnv.stdout, /environment local \(override: "CI outage INC-42"\)/);
    assert.equal((await registryDoc(registry.url, 'override-pkg')).status, 200);

    const dir2 = cleanPackage('override-flag-pkg', '1.0.0');
    const viaFlag = await publish(dir2, ['--allow-local', 'hotfix for CVE-2026-1', '--format', 'json'], 'local');
    assert.equal(viaFlag.code, 0, viaFlag.stderr);
    assert.deepEqual(JSON.parse(viaFlag.stdout).environment.override, { reason: 'hotfix for CVE-2026-1', source: '--allow-local', user: 'release-tester' });

    const noReason = await publish(cleanPackage('override-empty', '1.0.0'), [], 'local', { SHIPGATE_ALLOW_LOCAL_PUBLISH: 'true' });
    assert.equal(noReason.code, 2);
    assert.match(noReason.stderr, /SHIPGATE_ALLOW_LOCAL_PUBLISH needs a reason/);
    assert.equal((await registryDoc(registry.url, 'override-empty')).status, 404);
  });

  it('publishing the same version twice exits 2 with a clear line', async () => {
    const dir = cleanPackage('twice-pkg', '1.0.0');
    assert.equal((await publish(dir)).code, 0);
    const again = await publish(dir);
    assert.equal(again.code, 2, again.stderr + again.stdout);
    assert.match(again.stderr, /^shipgate: twice-pkg@1\.0\.0 is already published on http:\/\/127\.0\.0\.1:\d+\/$/m);
    assert.match(again.stderr, /bump the version/);
  });

  it('a registry that is down exits 2 before anything is uploaded', async () => {
    const dir = cleanPackage('down-pkg', '1.0.0');
    const r = await runCommand(publishCommand, [dir, '--registry', 'http://127.0.0.1:9/'], { env: envFor('ci', registry.userconfig), cwd: dir });
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, /cannot reach the registry at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it('--stage runs npm stage publish; a registry without staging (Verdaccio) exits 2 and publishes nothing', async () => {
    const dir = cleanPackage('stage-pkg', '1.0.0');
    const r = await publish(dir, ['--stage']);
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, /^shipgate: the registry has no staged publishing, so stage-pkg@1\.0\.0 was not staged: Not Found - POST http:\/\/127\.0\.0\.1:\d+\/-\/stage\/package\/stage-pkg$/m);
    assert.equal((await registryDoc(registry.url, 'stage-pkg')).status, 404);
  });

  it('usage errors exit 2', async () => {
    const dir = cleanPackage('usage-pkg', '1.0.0');
    assert.equal((await publish(dir, ['--access', 'secret'])).code, 2);
    assert.equal((await publish(dir, ['--format', 'sarif'])).code, 2);
    assert.equal((await publish(dir, ['--dry-run', '--stage'])).code, 2);
  });
});
