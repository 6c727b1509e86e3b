// action.yml and the example release workflow: they parse, declare what docs/ci.md says, pin every
// action, pass shipgate's own workflow audit, and the action's check step works when run by bash.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { actionArtifacts, formatOutputs } from '../../src/publish/action.js';
import { auditRepository } from '../../src/workflows/index.js';
import { unpinnedReason } from '../../src/workflows/checks/unpinned-action.js';
import { PKG, reportOf } from '../helpers/scan.js';
import { cleanPackage, leakyPackage, ROOT, tempDir } from './helpers.js';

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionYml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('declares the documented inputs and outputs', () => {
    assert.deepEqual(Object.keys(action.inputs).sort(), ['baseline', 'directory', 'fail-on', 'format', 'out', 'sarif']);
    for (const [name, input] of Object.entries(action.inputs)) {
      assert.ok(input.description.length > 10, name);
      assert.notEqual(input.required, true, `${name} has a default`);
    }
    assert.equal(action.inputs.directory!.default, '.');
    assert.equal(action.inputs.sarif!.default, 'false');
    assert.deepEqual(Object.keys(action.outputs).sort(), ['integrity', 'tarball']);
    assert.equal(action.outputs.integrity!.value, '${{ steps.check.outputs.integrity }}');
    assert.equal(action.runs.using, 'composite');
  });

  it('pins every action to a full commit SHA, upload-sarif included', () => {
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
    assert.ok(uses.some((u) => /^github\/codeql-action\/upload-sarif@[0-9a-f]{40}$/.test(u)), uses.join(', '));
    for (const u of uses) assert.equal(unpinnedReason(u), undefined, u);
  });

  it('never splices an input into a script (they arrive as environment variables)', () => {
    for (const step of action.runs.steps) {
      if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, step.id ?? step.run.slice(0, 40));
    }
    const check = action.runs.steps.find((s) => s.id === 'check')!;
    for (const name of Object.keys(action.inputs)) {
      assert.equal(check.env![`INPUT_${name.toUpperCase().replace(/-/g, '_')}`], `\${{ inputs.${name} }}`);
    }
  });

  /** Runs the action's check step the way GitHub runs `shell: bash` (-eo pipefail), the action path being this build. */
  function runCheckStep(inputs: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; outputs: Record<string, string>; summary: string; work: string }> {
    const actionPath = tempDir('shipgate-action-path-');
    // A stand-in for the action's checkout: bin/ and the compiled sources as dist/.
    mkdirSync(path.join(actionPath, 'bin'));
    cpSync(path.join(ROOT, 'bin', 'shipgate.js'), path.join(actionPath, 'bin', 'shipgate.js'));
    symlinkSync(fileURLToPath(new URL('../../src/', import.meta.url)), path.join(actionPath, 'dist'));
    for (const d of ['node_modules', 'schema', 'trust']) symlinkSync(path.join(ROOT, d), path.join(actionPath, d));
    writeFileSync(path.join(actionPath, 'package.json'), JSON.stringify({ name: 'shipgate', version: '0.0.0-action-test', type: 'module' }));
    const runner = tempDir('shipgate-runner-');
    const output = path.join(runner, 'output');
    const summaryFile = path.join(runner, 'summary.md');
    writeFileSync(output, '');
    const step = action.runs.steps.find((s) => s.id === 'check')!;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: runner, NO_COLOR: '1', GITHUB_ACTION_PATH: actionPath, RUNNER_TEMP: runner, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summaryFile };
    for (const [key, value] of Object.entries(step.env!)) {
      const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value)![1]!;
      env[key] = inputs[input] ?? action.inputs[input]!.default ?? '';
    }
    return new Promise((resolve) => {
      execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: inputs.cwd, env, timeout: 120_000 }, (err, stdout, stderr) => {
        const outputs: Record<string, string> = {};
        for (const line of readFileSync(output, 'utf8').split('\n')) {
          const eq = line.indexOf('=');
          if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
        }
        const summary = existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '';
        resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr, outputs, summary, work: path.join(runner, 'shipgate-action') });
      });
    });
  }

  it('the check step: a clean package gives integrity, the checked tarball, a summary and SARIF', async () => {
    const dir = cleanPackage('action-clean');
    const r = await runCheckStep({ cwd: dir, sarif: 'true' });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(r.outputs['exit-code'], '0');
    assert.match(r.outputs.integrity!, /^sha512-/);
    assert.equal(r.outputs.tarball, path.join(r.work, 'package.tgz'));
    assert.ok(existsSync(r.outputs.tarball!));
    assert.equal(r.outputs.passed, 'true');
    assert.match(r.stdout, /✔ passed/);
    assert.match(r.summary, /action-clean/);
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
  });

  it('the check step: a leaking package gets annotations and no tarball; the step leaves failing to the last step', async () => {
    const dir = leakyPackage('action-leaky');
    const out = path.join(tempDir(), 'checked.tgz');
    const r = await runCheckStep({ cwd: dir, out, format: 'github' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs.tarball, '');
    assert.equal(existsSync(out), false);
    assert.match(r.stdout, /^::error file=\.env,title=forbidden-paths::/m);
    assert.match(r.summary, /\.env/);
    const fail = action.runs.steps.at(-1)!;
    assert.equal(fail.if, "${{ steps.check.outputs.exit-code == '1' }}");
  });

  it('the check step: a bad input stops the step (exit 2) with the reason', async () => {
    const r = await runCheckStep({ cwd: cleanPackage('action-bad'), 'fail-on': 'sometimes' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown --fail-on "sometimes"/);
    assert.match(r.stdout, /::error title=shipgate::shipgate check could not run \(exit 2\)/);
  });
});

describe('the action outputs', () => {
  it('renders annotations, a summary, SARIF and outputs from one report', async () => {
    const { report } = await reportOf({ 'package.json': PKG, 'dist/index.js': 'x', '.env': 'TOKEN=1\n' });
    const a = actionArtifacts(report, { format: 'text', tarball: '/tmp/t.tgz', tarballWritten: false });
    assert.match(a.log, /::error file=\.env/);
    assert.equal(a.outputs.passed, 'false');
    assert.equal(a.outputs.tarball, '');
    assert.equal(JSON.parse(a.sarif).version, '2.1.0');
    const github = actionArtifacts(report, { format: 'github', tarball: '', tarballWritten: false });
    assert.equal(github.log.match(/::error file=\.env/g)!.length, 1, 'annotations printed once');
  });

  it('a value with a newline cannot add an output', () => {
    assert.equal(formatOutputs({ a: 'b' }), 'a=b\n');
    const text = formatOutputs({ tarball: 'x\nintegrity=forged' });
    assert.match(text, /^tarball<<(shipgate_[0-9a-f-]+)\nx\nintegrity=forged\n\1\n$/);
  });
});

describe('examples/workflows/release.yml', () => {
  it('passes shipgate workflows with no error or warning', async () => {
    const repo = tempDir('shipgate-example-repo-');
    mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    cpSync(path.join(ROOT, 'examples', 'workflows', 'release.yml'), path.join(repo, '.github', 'workflows', 'release.yml'));
    writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'example', version: '1.0.0', devDependencies: { shipgate: '^0.1.0' } }));
    const audit = await auditRepository(repo);
    assert.equal(audit.workflows, 1);
    assert.deepEqual(audit.publishingJobs.map((j) => j.job), ['publish']);
    assert.deepEqual(audit.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.rule} ${f.message}`), []);
  });

  it('uses the same pinned upload-sarif as action.yml', () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'workflows', 'release.yml'), 'utf8');
    const sarif = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!.uses!;
    assert.ok(text.includes(sarif), sarif);
  });
});
