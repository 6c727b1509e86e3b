import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, shipgate, tempDir } from '../helpers/cli.js';

function copyExample(): string {
  const dir = path.join(tempDir(), 'leaky-cli');
  cpSync(path.join(ROOT, 'examples', 'leaky-cli'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  return dir;
}

function cleanPackage(extra: Record<string, unknown> = {}): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'clean-pkg', version: '1.2.3', main: 'index.js', files: ['index.js'], ...extra }, null, 2));
  writeFileSync(path.join(dir, 'index.js'), 'module.exports = 42;\n');
  writeFileSync(path.join(dir, 'notes.txt'), 'not shipped\n');
  return dir;
}

const sri = (buf: Buffer) => `sha512-${createHash('sha512').update(buf).digest('base64')}`;

describe('shipgate CLI (real binary)', () => {
  it('check on the leaky example fails with the leaks named', async () => {
    const r = await shipgate(['check', copyExample()]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /source maps expose 4 original files, \d+ lines not otherwise in this package/);
    assert.match(r.stdout, /^dist\/cli\.js\.map$/m);
    assert.match(r.stdout, /^\.env$/m);
    assert.match(r.stdout, /^support-bundle\.zip$/m);
    assert.match(r.stdout, /integrity {2}sha512-/);
    assert.match(r.stdout, /npm pack ran prepack, as npm publish would/);
    assert.match(r.stdout, /✖ failed: /);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colours under NO_COLOR');
  });

  it('check --format json has the documented shape', async () => {
    const r = await shipgate(['check', copyExample(), '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    for (const key of ['target', 'integrity', 'files', 'unpackedSize', 'findings', 'summary', 'passed', 'exposure']) assert.ok(key in report, key);
    assert.equal(report.exposure.files, 4);
    assert.ok(report.findings.every((f: Record<string, unknown>) => typeof f.rule === 'string' && typeof f.severity === 'string' && typeof f.path === 'string' && typeof f.message === 'string' && typeof f.fingerprint === 'string'));
    assert.deepEqual(report.files.map((f: { path: string }) => f.path).sort(), ['.env', 'dist/cli.js', 'dist/cli.js.map', 'package.json', 'support-bundle.zip']);
  });

  it('check packs exactly what npm pack packs, and --out writes those very bytes', async () => {
    const dir = cleanPackage();
    const out = path.join(tempDir(), 'release.tgz');
    const r = await shipgate(['check', dir, '--out', out, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(r.stdout);
    assert.ok(existsSync(out));
    assert.equal(sri(readFileSync(out)), report.integrity);
    const npm = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
    assert.equal(report.integrity, npm.integrity, 'same bytes as npm pack');
    assert.deepEqual(report.files.map((f: { path: string }) => f.path).sort(), npm.files.map((f: { path: string }) => f.path).sort());
  });

  it('check --out does not write when the check fails', async () => {
    const out = path.join(tempDir(), 'release.tgz');
    const r = await shipgate(['check', copyExample(), '--out', out]);
    assert.equal(r.code, 1);
    assert.equal(existsSync(out), false);
    assert.match(r.stdout, /did not write/);
  });

  it('--ignore-scripts packs without lifecycle scripts and says so', async () => {
    const dir = cleanPackage({ scripts: { prepack: 'node -e "require(\'fs\').writeFileSync(\'ran\',\'1\')"' } });
    const r = await shipgate(['check', dir, '--ignore-scripts']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /lifecycle scripts not run \(--ignore-scripts\): prepack/);
    assert.equal(existsSync(path.join(dir, 'ran')), false);
    const r2 = await shipgate(['check', dir]);
    assert.match(r2.stdout, /npm pack ran prepack/);
    assert.equal(existsSync(path.join(dir, 'ran')), true);
  });

  it('scan reads a tarball and a directory alike', async () => {
    const dir = cleanPackage();
    const out = path.join(tempDir(), 'p.tgz');
    assert.equal((await shipgate(['check', dir, '--out', out])).code, 0);
    const a = JSON.parse((await shipgate(['scan', out, '--format', 'json'])).stdout);
    const b = JSON.parse((await shipgate(['scan', dir, '--format', 'json'])).stdout);
    assert.equal(a.integrity, b.integrity);
    assert.equal(a.passed, true);
  });

  it('--fail-on warning turns warnings into a failing exit', async () => {
    const dir = cleanPackage({ files: undefined });
    assert.equal((await shipgate(['check', dir])).code, 0);
    assert.equal((await shipgate(['check', dir, '--fail-on', 'warning'])).code, 1);
  });

  it('allow entries suppress with a reason, and return after "until"', async () => {
    const dir = copyExample();
    writeFileSync(path.join(dir, 'shipgate.config.json'), JSON.stringify({ allow: [{ path: '.env', rule: 'forbidden-paths', reason: 'demo', until: '2020-01-01' }, { path: 'dist/*.map', reason: 'demo maps' }] }));
    const r = await shipgate(['check', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    assert.ok(report.findings.some((f: { path: string; rule: string }) => f.path === '.env' && f.rule === 'forbidden-paths'), 'expired allow no longer applies');
    assert.ok(!report.findings.some((f: { path: string }) => f.path === 'dist/cli.js.map'));
    assert.ok(report.suppressed.some((s: { reason: string }) => s.reason === 'demo maps'));
    assert.ok(report.notes.some((n: string) => /expired on 2020-01-01/.test(n)));
  });

  it('a shipgate key in package.json is read as config', async () => {
    const dir = cleanPackage({ files: undefined, shipgate: { rules: { 'files-allowlist': 'error' } } });
    assert.equal((await shipgate(['check', dir])).code, 1);
  });

  it('usage errors exit 2 with one line; help exits 0', async () => {
    const unknown = await shipgate(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badOpt = await shipgate(['scan', 'x.tgz', '--nope']);
    assert.equal(badOpt.code, 2);
    assert.match(badOpt.stderr, /Unknown option '--nope'/);
    const badFormat = await shipgate(['check', cleanPackage(), '--format', 'yaml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /unknown --format "yaml"/);
    const help = await shipgate(['help', 'check']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--out FILE/);
    assert.equal((await shipgate(['--version'])).code, 0);
  });

  it('a failing lifecycle script makes check exit 2 with npm\'s reason', async () => {
    const dir = cleanPackage({ scripts: { prepack: 'node -e "process.exit(3)"' } });
    const r = await shipgate(['check', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^shipgate: npm pack failed/m);
  });

  it('never executes the artifact: scanning a package with install scripts runs nothing', async () => {
    const marker = path.join(tempDir(), 'executed');
    const dir = cleanPackage({ scripts: { postinstall: `node -e "require('fs').writeFileSync('${marker.replace(/\\/g, '/')}', '1')"`, preinstall: 'exit 1' } });
    mkdirSync(path.join(dir, 'x'), { recursive: true });
    const out = path.join(tempDir(), 'p.tgz');
    const r = await shipgate(['check', dir, '--out', out]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    await shipgate(['scan', out]);
    assert.equal(existsSync(marker), false);
    assert.match(r.stdout, /"postinstall" script runs on every install/);
  });
});
