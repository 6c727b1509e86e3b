// `shipgate workflows` through its run() with a fake CliIO.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { workflowsCommand } from '../../src/cli/commands/workflows.js';
import type { CliIO, ParsedArgs } from '../../src/cli/command.js';
import { isShipgateError } from '../../src/errors.js';
import { fixture } from './helpers.js';

function fakeIO(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { NO_COLOR: '1' }, cwd, isTTY: false };
}

function args(positionals: string[], values: ParsedArgs['values'] = {}): ParsedArgs {
  return { positionals, values };
}

describe('workflows command', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sg-wf-cli-'));
    for (const [name, file] of [['good', 'trusted-publishing.yml'], ['bad', 'classic-token.yml'], ['semrel', 'semantic-release.yml']]) {
      await mkdir(join(root, name, '.github', 'workflows'), { recursive: true });
      await writeFile(join(root, name, '.github', 'workflows', 'release.yml'), fixture(file));
    }
    await mkdir(join(root, 'empty'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exits 0 on a clean trusted-publishing workflow and says so', async () => {
    const io = fakeIO(root);
    assert.equal(await workflowsCommand.run(args(['good']), io), 0);
    const text = io.out.join('');
    assert.match(text, /Audited 1 workflow file in good\./);
    assert.match(text, /\.github\/workflows\/release\.yml:23 {2}publish {2}\(npm publish\)/);
    assert.match(text, /0 errors, 0 warnings, 0 info — passed/);
  });

  it('exits 1 on a token workflow, with JSON output of the documented shape', async () => {
    const io = fakeIO(join(root, 'bad'));
    assert.equal(await workflowsCommand.run(args([], { format: 'json' }), io), 1);
    const json = JSON.parse(io.out.join('')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['target', 'workflows', 'publishingJobs', 'findings']);
    assert.equal(json.target, '.');
    assert.equal(json.workflows, 1);
    assert.deepEqual(json.publishingJobs, [{ path: '.github/workflows/release.yml', job: 'publish', line: 8, tools: ['npm publish'] }]);
    const findings = json.findings as Array<Record<string, unknown>>;
    const token = findings.find((f) => f.rule === 'workflow-long-lived-token');
    assert.ok(token);
    assert.equal(token.severity, 'error');
    assert.equal(token.line, 21);
    assert.equal(token.path, '.github/workflows/release.yml');
    assert.match(String(token.fingerprint), /^[0-9a-f]{16}$/);
    assert.match(String((token.data as Record<string, unknown>).fix), /trusted publisher/);
  });

  it('prints findings grouped by file with line numbers and fixes', async () => {
    const io = fakeIO(root);
    assert.equal(await workflowsCommand.run(args(['bad']), io), 1);
    const text = io.out.join('');
    assert.match(text, /\n\.github\/workflows\/release\.yml\n/);
    assert.match(text, / {2}21 {2}error {4}workflow-long-lived-token\n {8}Long-lived npm token/);
    assert.match(text, /\n {8}fix: Configure a trusted publisher/);
    assert.match(text, /1 error, \d+ warnings, \d+ info — failed \(findings at or above error\)/);
  });

  it('applies --fail-on: warnings fail at warning, pass at error', async () => {
    // semantic-release fixture has an error (token); drop the token to leave warnings and info.
    const dir = join(root, 'semrel');
    await writeFile(join(dir, '.github', 'workflows', 'release.yml'), fixture('semantic-release.yml').replace(/\n {10}NPM_TOKEN: .*\n/, '\n'));
    assert.equal(await workflowsCommand.run(args([dir]), fakeIO(root)), 0);
    assert.equal(await workflowsCommand.run(args([dir], { 'fail-on': 'warning' }), fakeIO(root)), 1);
    assert.equal(await workflowsCommand.run(args([dir], { 'fail-on': 'info' }), fakeIO(root)), 1);
  });

  it('reports a repository without workflows as clean, not as an error', async () => {
    const io = fakeIO(root);
    assert.equal(await workflowsCommand.run(args(['empty']), io), 0);
    assert.match(io.out.join(''), /No CI workflows found in empty/);
    const json = fakeIO(root);
    assert.equal(await workflowsCommand.run(args(['empty'], { format: 'json' }), json), 0);
    assert.deepEqual(JSON.parse(json.out.join('')), { target: 'empty', workflows: 0, publishingJobs: [], findings: [] });
  });

  it('rejects bad input with a ShipgateError', async () => {
    const io = fakeIO(root);
    const usage = (e: unknown) => isShipgateError(e) && e.code === 'usage';
    await assert.rejects(workflowsCommand.run(args(['good'], { format: 'xml' }), io), usage);
    await assert.rejects(workflowsCommand.run(args(['good'], { 'fail-on': 'fatal' }), io), usage);
    await assert.rejects(workflowsCommand.run(args(['good', 'bad']), io), usage);
    await assert.rejects(workflowsCommand.run(args(['missing']), io), (e: unknown) => isShipgateError(e) && e.code === 'repo-not-found');
    assert.deepEqual(io.out, []);
  });
});
