// End to end against a real registry: Verdaccio on 127.0.0.1, fixtures published with npm,
// the real shipgate binary diffing and checking against it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { npmTarball, sourceMap } from '../helpers/archives.js';
import { shipgate, tempDir } from '../helpers/cli.js';
import { freePort, startRegistry, type TestRegistry } from '../helpers/verdaccio.js';

const NAME = 'sg-demo';
const BODY = `module.exports = function demo() {\n  return ${JSON.stringify('x'.repeat(20_000))};\n};\n`;

/** A package directory; `files` maps path to content, package.json fields merge over the defaults. */
function packageDir(files: Record<string, string>, manifest: Record<string, unknown> = {}): string {
  const dir = tempDir('sg-pkg-');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: NAME, version: '1.0.0', main: 'index.js', license: 'MIT', ...manifest }, null, 2));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

function tgz(files: Record<string, string>): string {
  const file = path.join(tempDir('sg-tgz-'), 'p.tgz');
  writeFileSync(file, npmTarball(files));
  return file;
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('baselines against a real registry (Verdaccio)', { timeout: 300_000 }, () => {
  let registry: TestRegistry;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    registry = await startRegistry();
    env = registry.env;
    await registry.publish(packageDir({ 'index.js': BODY, 'README.md': '# demo\n' }));
    await registry.publish(packageDir({ 'index.js': BODY, 'README.md': '# demo\n' }, { version: '2.0.0-beta.1' }), { tag: 'next' });
    await registry.publish(packageDir({ 'index.js': 'module.exports = 1;\n' }, { name: '@private/secret-pkg' }));
    await registry.publish(packageDir({ 'index.js': 'module.exports = 1;\n' }, { name: '@sg/scoped' }));
    await registry.publish(packageDir({ 'index.js': 'module.exports = 1;\n' }, { name: 'sg-gone', version: '1.0.0' }));
    await registry.publish(packageDir({ 'index.js': 'module.exports = 2;\n' }, { name: 'sg-gone', version: '1.0.1' }));
    const un = await registry.npm(['unpublish', 'sg-gone@1.0.1', '--registry', registry.url, '--userconfig', registry.npmrcPath, '--force']);
    assert.equal(un.code, 0, un.stderr);
  });

  after(async () => {
    await registry?.stop();
  });

  describe('shipgate diff', () => {
    const A = { 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', main: 'index.js' }), 'index.js': 'one\ntwo\nthree\n', 'old.js': 'old' };
    const B = {
      'package.json': JSON.stringify({ name: 'x', version: '1.1.0', main: 'index.js', scripts: { postinstall: 'node setup.js' } }),
      'index.js': 'one\n2\nthree\n//# sourceMappingURL=index.js.map\n',
      'index.js.map': sourceMap('index.js', { '../src/index.ts': 'const hidden = 1;\nexport default hidden;\n' }),
      'setup.js': 'require("child_process")',
    };

    it('two local tarballs: files, sizes, a new exposing map and a new postinstall exit 1', async () => {
      const r = await shipgate(['diff', tgz(A), tgz(B), '--format', 'json'], { env });
      assert.equal(r.code, 1, r.stderr);
      const d = json(r);
      assert.deepEqual(d.files.added.map((f: { path: string }) => f.path), ['index.js.map', 'setup.js']);
      assert.deepEqual(d.files.removed, [{ path: 'old.js', size: 3 }]);
      assert.deepEqual(d.files.changed.map((f: { path: string }) => f.path), ['index.js', 'package.json']);
      assert.ok(d.unpacked.delta > 0 && d.unpacked.percent > 0 && d.packed.delta > 0);
      assert.deepEqual(d.sourceMaps.added.map((m: { path: string; exposedFiles: number }) => [m.path, m.exposedFiles]), [['index.js.map', 1]]);
      assert.deepEqual(d.manifest.map((c: { field: string; change: string }) => `${c.field} ${c.change}`), ['scripts.postinstall added']);
      assert.ok(d.changes.some((f: { severity: string; path: string; message: string }) => f.severity === 'error' && f.path === 'package.json' && /postinstall/.test(f.message)));
      assert.ok(d.newFindings.some((f: { rule: string }) => f.rule === 'source-maps'), 'findings b has and a does not');
      assert.equal(d.risky, true);
    });

    it('text output names the changes; identical tarballs exit 0', async () => {
      const r = await shipgate(['diff', tgz(A), tgz(B)], { env });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^Files: 2 added, 1 removed, 2 changed, 0 unchanged$/m);
      assert.match(r.stdout, /^ {2}\+ scripts\.postinstall "node setup\.js"$/m);
      assert.match(r.stdout, /^ {2}\+ index\.js\.map {2}exposes 1 original file, 2 lines$/m);
      assert.match(r.stdout, /✖ risky changes/);
      const same = await shipgate(['diff', tgz(A), tgz(A)], { env });
      assert.equal(same.code, 0, same.stdout);
      assert.match(same.stdout, /✔ nothing at or above warning changed/);
    });

    it('--patch adds a unified diff of changed text files', async () => {
      const r = await shipgate(['diff', tgz(A), tgz(B), '--patch'], { env });
      assert.match(r.stdout, /^--- a\/index\.js\n\+\+\+ b\/index\.js\n@@ -1,3 \+1,4 @@\n one\n-two\n\+2\n three\n\+\/\/# sourceMappingURL=index\.js\.map\n/m);
      const j = json(await shipgate(['diff', tgz(A), tgz(B), '--patch', '--format', 'json'], { env }));
      assert.match(j.patch.text, /^--- a\/package\.json$/m);
    });

    it('a registry version against a directory: packed like check, verified like npm', async () => {
      const dir = packageDir({ 'index.js': BODY, 'README.md': '# demo\n', 'extra.js': '1' }, { version: '1.1.0' });
      const r = await shipgate(['diff', `${NAME}@1.0.0`, dir, '--format', 'json'], { env });
      assert.equal(r.code, 1, r.stderr);
      const d = json(r);
      assert.equal(d.a.name, NAME);
      assert.equal(d.a.version, '1.0.0');
      assert.match(d.a.label, new RegExp(`^${NAME}@1\\.0\\.0 \\(${registry.url.replace(/[.]/g, '\\.')}\\)$`));
      const view = JSON.parse((await registry.npm(['view', `${NAME}@1.0.0`, 'dist.integrity', '--json'])).stdout);
      assert.equal(d.a.integrity, view, 'the bytes read are the published bytes');
      assert.deepEqual(d.files.added.map((f: { path: string }) => f.path), ['extra.js']);
      assert.ok(existsSync(path.join(env.SHIPGATE_CACHE!, '_cacache')), 'tarballs are cached in SHIPGATE_CACHE');
    });

    it('dist-tags resolve: name@next and name@latest', async () => {
      const r = await shipgate(['diff', `${NAME}@latest`, `${NAME}@next`, '--format', 'json'], { env });
      assert.equal(r.code, 0, r.stderr);
      const d = json(r);
      assert.deepEqual([d.a.version, d.b.version], ['1.0.0', '2.0.0-beta.1']);
    });

    it('a package that does not exist exits 2 with one clear line', async () => {
      const r = await shipgate(['diff', 'sg-never-published@1.0.0', tgz(A)], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^shipgate: sg-never-published is not published on http:\/\/127\.0\.0\.1:\d+\/$/m);
      assert.equal(r.stdout, '');
    });

    it('an unpublished version exits 2 and says so', async () => {
      const r = await shipgate(['diff', 'sg-gone@1.0.1', 'sg-gone@1.0.0'], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no version of sg-gone .* matches "1\.0\.1" \(never published, or unpublished\)/);
    });

    it('a path that does not exist is not mistaken for a spec', async () => {
      const r = await shipgate(['diff', './nope.tgz', tgz(A)], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\.\/nope\.tgz does not exist/);
    });

    it('registry down: exit 2 with one line, no stack', async () => {
      const port = await freePort();
      const r = await shipgate(['diff', `${NAME}@1.0.0`, tgz(A), '--registry', `http://127.0.0.1:${port}/`], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`^shipgate: cannot reach the registry at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`, 'm'));
      assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    });

    it('a tarball that does not match dist.integrity is refused (exit 2)', async () => {
      const proxy = await tamperingProxy(registry.url);
      try {
        const r = await shipgate(['diff', `${NAME}@1.0.0`, tgz(A), '--registry', proxy.url], { env });
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stderr, /does not match the registry's dist\.integrity/);
        assert.ok(proxy.tampered > 0, 'the packument went through the proxy');
      } finally {
        await proxy.close();
      }
    });

    it('private packages: the token from .npmrc is used; without it, a clear auth error', async () => {
      const ok = await shipgate(['diff', '@private/secret-pkg@1.0.0', '@private/secret-pkg@latest'], { env });
      assert.equal(ok.code, 0, ok.stderr);
      const emptyRc = path.join(tempDir(), 'npmrc');
      writeFileSync(emptyRc, `registry=${registry.url}\n`);
      const denied = await shipgate(['diff', '@private/secret-pkg@1.0.0', tgz(A)], { env: { ...env, npm_config_userconfig: emptyRc } });
      assert.equal(denied.code, 2);
      assert.match(denied.stderr, /answered 40[13]|not published/);
    });

    it('a project .npmrc scoped registry is honoured over the default registry', async () => {
      const project = tempDir();
      const closed = await freePort();
      const host = new URL(registry.url).host;
      writeFileSync(path.join(project, '.npmrc'), `@sg:registry=${registry.url}\n//${host}/:_authToken=${registry.token}\n`);
      const emptyRc = path.join(tempDir(), 'npmrc');
      writeFileSync(emptyRc, '');
      const r = await shipgate(['diff', '@sg/scoped@1.0.0', '@sg/scoped@latest'], { cwd: project, env: { ...env, npm_config_userconfig: emptyRc, npm_config_registry: `http://127.0.0.1:${closed}/` } });
      assert.equal(r.code, 0, r.stderr);
    });
  });

  describe('check --baseline', () => {
    it('latest: a new file, 3x growth and a new exposing map are findings (exit 1)', async () => {
      const dir = packageDir(
        {
          'index.js': `${BODY}${BODY}${BODY}//# sourceMappingURL=index.js.map\n`,
          'README.md': '# demo\n',
          'index.js.map': sourceMap('index.js', { '../src/index.ts': 'export const a = 1;\n' }),
          'debug.log': 'token=abc',
        },
        { version: '1.1.0' },
      );
      const r = await shipgate(['check', dir, '--baseline', 'latest', '--format', 'json'], { env });
      assert.equal(r.code, 1, r.stderr);
      const report = json(r);
      const rows = report.findings.filter((f: { rule: string }) => f.rule === 'baseline').map((f: { severity: string; path: string }) => `${f.severity} ${f.path}`).sort();
      assert.deepEqual(rows, ['error index.js.map', 'warning ', 'warning debug.log', 'warning index.js.map']);
      const growth = report.findings.find((f: { rule: string; path: string }) => f.rule === 'baseline' && f.path === '');
      assert.match(growth.message, /unpacked size grew from .* since sg-demo@1\.0\.0/);
      assert.ok(report.notes.some((n: string) => n === `baseline: compared with ${NAME}@1.0.0 (${registry.url})`), report.notes.join('\n'));
    });

    it('latest: the same files with new content pass', async () => {
      const dir = packageDir({ 'index.js': BODY.replace('demo', 'demo2'), 'README.md': '# demo\n' }, { version: '1.0.1' });
      const r = await shipgate(['check', dir, '--baseline', 'latest'], { env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /note: baseline: compared with sg-demo@1\.0\.0/);
    });

    it('a package never published gets a "no baseline" note and passes', async () => {
      const dir = packageDir({ 'index.js': '1' }, { name: 'sg-first-release' });
      const r = await shipgate(['check', dir, '--baseline', 'latest'], { env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /note: no baseline: sg-first-release is not published on http:\/\/127\.0\.0\.1:\d+\/; nothing to compare with/);
    });

    it('scan --baseline with a registry spec and a tarball', async () => {
      const candidate = tgz({ 'package.json': JSON.stringify({ name: NAME, version: '1.2.0', main: 'index.js', dependencies: { 'left-pad': '^1.3.0' } }), 'index.js': BODY, 'README.md': '# demo\n' });
      const r = await shipgate(['scan', candidate, '--baseline', `${NAME}@1.0.0`, '--format', 'json', '--fail-on', 'warning'], { env });
      assert.equal(r.code, 1, r.stderr);
      const f = json(r).findings.find((x: { rule: string }) => x.rule === 'baseline');
      assert.match(f.message, /dependencies\.left-pad added/);
    });

    it('registry down: check --baseline latest exits 2 instead of skipping', async () => {
      const port = await freePort();
      const r = await shipgate(['check', packageDir({ 'index.js': '1' }), '--baseline', 'latest', '--registry', `http://127.0.0.1:${port}/`], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot reach the registry/);
    });
  });

  describe('approve and the approved manifest', () => {
    it('approve writes the manifest; check fails on a new file until it is approved', async () => {
      const dir = packageDir({ 'index.js': '1', 'lib/a.js': 'a' }, { files: ['index.js', 'lib'] });
      const first = await shipgate(['approve', dir], { env });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Wrote shipgate\.manifest\.json|Wrote .*shipgate\.manifest\.json: sg-demo@1\.0\.0, 3 files approved/);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'shipgate.manifest.json'), 'utf8'));
      assert.deepEqual(manifest.files.map((f: { path: string }) => f.path), ['index.js', 'lib/a.js', 'package.json']);
      assert.equal((await shipgate(['check', dir], { env })).code, 0);

      writeFileSync(path.join(dir, 'lib', 'b.js'), 'b');
      const failing = await shipgate(['check', dir], { env });
      assert.equal(failing.code, 1, failing.stdout);
      assert.match(failing.stdout, /^lib\/b\.js\n {2}error +approved-manifest +not in the approved manifest .* run "shipgate approve" to approve it$/m);

      const second = await shipgate(['approve', dir], { env });
      assert.match(second.stdout, /Since the previous manifest: 1 added, 0 removed, 0 changed\.\n {2}\+ lib\/b\.js {2}1 B/);
      assert.equal((await shipgate(['check', dir], { env })).code, 0);
      const again = await shipgate(['approve', dir], { env });
      assert.match(again.stdout, /unchanged/);
    });

    it('--manifest FILE that does not exist is an error (exit 2)', async () => {
      const r = await shipgate(['check', packageDir({ 'index.js': '1' }), '--manifest', 'missing.json'], { env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /approved manifest .*missing\.json does not exist/);
    });
  });
});

/** An HTTP proxy in front of the registry that lies about dist.integrity in packuments. */
async function tamperingProxy(upstream: string): Promise<{ url: string; tampered: number; close(): Promise<void> }> {
  const target = new URL(upstream);
  const state = { tampered: 0 };
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, 'accept-encoding': 'identity' };
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (ur) => {
      const chunks: Buffer[] = [];
      ur.on('data', (c: Buffer) => chunks.push(c));
      ur.on('end', () => {
        let body = Buffer.concat(chunks);
        const type = String(ur.headers['content-type'] ?? '');
        if (type.includes('json') && body.includes('"integrity"')) {
          const fake = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
          body = Buffer.from(body.toString('utf8').replace(/"integrity":\s*"sha512-[^"]+"/g, `"integrity":"${fake}"`));
          state.tampered++;
        }
        const out = { ...ur.headers, 'content-length': String(body.length) };
        delete out.etag;
        delete out['transfer-encoding'];
        res.writeHead(ur.statusCode ?? 502, out);
        res.end(body);
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get tampered() {
      return state.tampered;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
