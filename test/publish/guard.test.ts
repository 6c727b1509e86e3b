// `shipgate guard`: in and out of CI, with and without OIDC, the override, the recursion marker,
// and as a real prepublishOnly hook of `npm publish` against Verdaccio.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { guardCommand } from '../../src/cli/commands/guard.js';
import { cleanPackage, envFor, leakyPackage, registryDoc, runCommand, startLocalRegistry, type EnvKind, type LocalRegistry } from './helpers.js';

const GUARD_MODULE = fileURLToPath(new URL('../../src/cli/commands/guard.js', import.meta.url));

describe('shipgate guard', () => {
  let registry: LocalRegistry;
  before(async () => {
    registry = await startLocalRegistry();
  });
  after(async () => {
    await registry?.stop();
  });

  const guard = (dir: string, kind: EnvKind, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    runCommand(guardCommand, [dir, ...extra], { env: envFor(kind, registry.userconfig, env), cwd: dir });

  it('outside CI: exit 1 with one line, and no check is run', async () => {
    const dir = cleanPackage('g-local');
    const r = await guard(dir, 'local');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^shipgate guard: refusing to publish from outside CI \(none of CI, GITHUB_ACTIONS, GITLAB_CI/);
  });

  it('in CI without OIDC: warns, runs check, passes', async () => {
    const r = await guard(cleanPackage('g-ci'), 'github');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /WARNING: no trusted publishing: the GitHub Actions job has no OIDC token \(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN unset\)/);
    assert.match(r.stdout, /✔ passed/);
  });

  it('in CI with OIDC: no warning', async () => {
    const r = await guard(cleanPackage('g-oidc'), 'github-oidc');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /WARNING/);
    assert.match(r.stderr, /trusted publishing: GitHub Actions provides an OIDC token/);
    const gitlab = await guard(cleanPackage('g-gitlab-oidc'), 'gitlab-oidc', ['--require-oidc']);
    assert.equal(gitlab.code, 0, gitlab.stderr);
  });

  it('--require-oidc turns a missing OIDC credential into exit 1 with one line', async () => {
    const r = await guard(cleanPackage('g-require'), 'gitlab', ['--require-oidc']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /trusted publishing is required, but the GitLab CI\/CD job has no OIDC token \(NPM_ID_TOKEN unset\).*to fix, add `id_tokens/);
    const generic = await guard(cleanPackage('g-require-generic'), 'ci', ['--require-oidc']);
    assert.equal(generic.code, 1);
    assert.match(generic.stderr, /trusted publishing is required, but npm has no trusted publishing for this CI \(only CI=true is set, no known provider\)/);
  });

  it('a failing check fails the guard', async () => {
    const r = await guard(leakyPackage('g-leaky'), 'ci');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✖ failed/);
    assert.match(r.stderr, /the check failed; npm publish stops here/);
  });

  it('the override lets a local publish through, loudly, and needs a reason', async () => {
    const r = await guard(cleanPackage('g-override'), 'local', ['--allow-local', 'registry migration, ticket OPS-7']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^shipgate guard: WARNING: LOCAL PUBLISH OVERRIDE \(--allow-local\) by release-tester: "registry migration, ticket OPS-7"/m);
    const empty = await guard(cleanPackage('g-override-empty'), 'local', ['--allow-local', '  ']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--allow-local needs a reason/);
  });

  it('a local dry run (npm publish --dry-run) is let through', async () => {
    const r = await guard(cleanPackage('g-dry'), 'local', [], { npm_config_dry_run: 'true' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /allowed because this is a dry run/);
  });

  it('does nothing inside shipgate\'s own npm processes (SHIPGATE_GUARD=1)', async () => {
    const r = await guard(cleanPackage('g-nested'), 'local', [], { SHIPGATE_GUARD: '1' });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /skipped: this runs inside shipgate's own npm pack or publish/);
  });

  describe('as a real npm lifecycle hook', () => {
    /** A package whose `hook` script runs guard (compiled from this checkout) and records every script. */
    function hooked(name: string, hook: 'prepublishOnly' | 'prepack'): string {
      const dir = cleanPackage(name);
      writeFileSync(
        path.join(dir, 'guard.mjs'),
        [
          "import { parseArgs } from 'node:util';",
          `const { guardCommand } = await import(${JSON.stringify(new URL(`file://${GUARD_MODULE}`).href)});`,
          'const args = parseArgs({ args: process.argv.slice(2), options: guardCommand.options, allowPositionals: true });',
          "const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, cwd: process.cwd(), isTTY: false };",
          "(await import('node:fs')).appendFileSync('ran.txt', 'guard\\n');",
          'process.exitCode = await guardCommand.run(args, io);',
          '',
        ].join('\n'),
      );
      const pj = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      pj.scripts[hook] = hook === 'prepack' ? `${pj.scripts.prepack} && node guard.mjs` : 'node guard.mjs';
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pj, null, 2));
      return dir;
    }
    const npmPublish = (dir: string, kind: EnvKind) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile('npm', ['publish', '--registry', registry.url], { cwd: dir, env: envFor(kind, registry.userconfig), timeout: 120_000 }, (err, _stdout, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stderr });
        });
      });
    const ran = (dir: string) => readFileSync(path.join(dir, 'ran.txt'), 'utf8').trim().split('\n');

    it('prepublishOnly: npm publish from a laptop is stopped before anything is packed or uploaded', async () => {
      const dir = hooked('g-hook-local', 'prepublishOnly');
      const r = await npmPublish(dir, 'local');
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /shipgate guard: refusing to publish from outside CI/);
      assert.deepEqual(ran(dir), ['guard']);
      assert.equal((await registryDoc(registry.url, 'g-hook-local')).status, 404);
    });

    it('prepublishOnly: in CI, guard checks its own pack, then npm packs again and publishes', async () => {
      const dir = hooked('g-hook-ci', 'prepublishOnly');
      const r = await npmPublish(dir, 'ci');
      assert.equal(r.code, 0, r.stderr);
      // guard's pack ran prepack once; npm publish's own pack ran it again (guard checks an equal pack, not the uploaded bytes).
      assert.deepEqual(ran(dir), ['guard', 'prepack', 'prepack', 'publish', 'postpublish']);
      assert.equal((await registryDoc(registry.url, 'g-hook-ci')).status, 200);
    });

    it('wired into prepack, the SHIPGATE_GUARD marker stops guard from recursing into its own npm pack', async () => {
      const dir = hooked('g-hook-prepack', 'prepack');
      const r = await npmPublish(dir, 'ci');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /guard belongs in "prepublishOnly"/);
      // The outer guard (from npm publish's prepack) packs once; the guard in that nested prepack sees the marker and stops.
      assert.deepEqual(ran(dir), ['prepublishOnly', 'prepack', 'guard', 'prepack', 'guard', 'publish', 'postpublish']);
      assert.equal((await registryDoc(registry.url, 'g-hook-prepack')).status, 200);
    });
  });
});
