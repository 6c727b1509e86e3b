import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIO, ParsedArgs } from '../../src/cli/command.js';
import { verifyCommand } from '../../src/cli/commands/verify.js';
import { ShipgateError } from '../../src/errors.js';
import { FIXTURES, TRUST_DIR, startRegistry, tufJs, type FakeRegistry } from './registry-server.js';

function parse(args: string[]): ParsedArgs {
  return parseArgs({ args, options: verifyCommand.options, allowPositionals: true, strict: true }) as ParsedArgs;
}

function fakeIO(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  // No HOME: the user's ~/.npmrc must not leak into the test.
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { HOME: cwd }, cwd, isTTY: false };
}

describe('verify command', () => {
  let registry: FakeRegistry;
  let cwd: string;
  // The compiled command may live outside the repo, so name the trust files explicitly.
  const trust = () => ['--trusted-root', path.join(TRUST_DIR, 'trusted_root.json'), '--keys', path.join(FIXTURES, 'keys.json')];
  const run = async (argv: string[]) => {
    const io = fakeIO(cwd);
    const parsed = parse([...trust(), '--registry', registry.url, ...argv]);
    const code = await verifyCommand.run(parsed, io);
    return { code, stdout: io.out.join(''), stderr: io.err.join('') };
  };

  before(async () => {
    registry = await startRegistry([tufJs()]);
    cwd = mkdtempSync(path.join(tmpdir(), 'sg-verify-cmd-'));
  });
  after(async () => {
    await registry.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('exit 0 and a text report when everything verifies', async () => {
    const { code, stdout } = await run(['tuf-js@1.0.0', '--repository', 'theupdateframework/tuf-js', '--ref', 'refs/tags/*']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^tuf-js@1\.0\.0 {2}VERIFIED/);
    assert.match(stdout, /registry signature +valid \(SHA256:jl3bw/);
    assert.match(stdout, /provenance +verified \(https:\/\/slsa\.dev\/provenance\/v0\.2\)/);
    assert.match(stdout, /repository +theupdateframework\/tuf-js/);
    assert.match(stdout, /tarball +match/);
    assert.doesNotMatch(stdout, /Problems:/);
  });

  test('exit 1 with the problems listed when the identity does not match', async () => {
    const { code, stdout } = await run(['tuf-js@1.0.0', '--repository', 'someone-else/tuf-js', '--skip-tarball']);
    assert.equal(code, 1);
    assert.match(stdout, /FAILED/);
    assert.match(stdout, /Problems:\n {2}- provenance identity-mismatch/);
    assert.match(stdout, /tarball +skipped/);
  });

  test('--format json prints the result object', async () => {
    const { code, stdout } = await run(['tuf-js@1.0.0', '--format', 'json', '--workflow', 'publish.yml', '--github-hosted']);
    assert.equal(code, 1);
    const result = JSON.parse(stdout) as { passed: boolean; provenance: { status: string; workflow: string } };
    assert.equal(result.passed, false);
    assert.equal(result.provenance.status, 'identity-mismatch');
    assert.equal(result.provenance.workflow, '.github/workflows/publish.yml');
  });

  test('could-not-run cases throw ShipgateError (the CLI exits 2)', async () => {
    await assert.rejects(run(['no-such-package@1.0.0']), (e: unknown) => e instanceof ShipgateError && e.code === 'E_REGISTRY_NOT_FOUND');
    await assert.rejects(run(['tuf-js@1.0.0', '--format', 'xml']), (e: unknown) => e instanceof ShipgateError && e.code === 'E_USAGE');
    await assert.rejects(run(['tuf-js@1.0.0', 'other@1.0.0']), (e: unknown) => e instanceof ShipgateError && e.code === 'E_USAGE');
    await assert.rejects(run(['tuf-js@1.0.0', '--trusted-root', 'missing.json']), (e: unknown) => e instanceof ShipgateError && e.code === 'E_TRUST_FILE');
  });

  test('an unreachable registry throws ShipgateError', async () => {
    const down = await startRegistry([]);
    await down.close();
    const io = fakeIO(cwd);
    const parsed = parse(['tuf-js@1.0.0', '--registry', down.url, ...trust()]);
    await assert.rejects(verifyCommand.run(parsed, io), (e: unknown) => e instanceof ShipgateError && e.code === 'E_REGISTRY_UNREACHABLE');
    assert.deepEqual(io.out, [], 'nothing printed on failure');
  });

  test('the registry comes from the project .npmrc when --registry is absent', async () => {
    writeFileSync(path.join(cwd, '.npmrc'), `registry=${registry.url}\n`);
    try {
      const io = fakeIO(cwd);
      const parsed = parse(['tuf-js@1.0.0', '--skip-tarball', ...trust()]);
      assert.equal(await verifyCommand.run(parsed, io), 0);
      assert.match(io.out.join(''), new RegExp(registry.url.replace(/[./]/g, '\\$&')));
    } finally {
      rmSync(path.join(cwd, '.npmrc'));
    }
  });
});
