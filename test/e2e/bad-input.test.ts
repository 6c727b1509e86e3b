import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { npmTarball, tarBuffer, zipBuffer } from '../helpers/archives.js';
import { shipgate, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const PKG = JSON.stringify({ name: 'bad', version: '1.0.0', files: ['x'] });
function file(name: string, content: Buffer | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Exit 2 with exactly one "shipgate: …" line (plus an optional hint), no stack trace. */
function assertCleanError(r: { code: number; stderr: string; stdout: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n').filter((l) => !/Unknown (user|project) config/.test(l));
  assert.match(lines[0]!, /^shipgate: /);
  assert.match(lines[0]!, pattern);
  assert.ok(lines.length <= 2, `at most a message and a hint, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

async function findings(p: string): Promise<Array<{ rule: string; severity: string; path: string; message: string }>> {
  const r = await shipgate(['scan', p, '--format', 'json']);
  assert.ok(r.code === 0 || r.code === 1, `scan should complete: ${r.stderr}`);
  return JSON.parse(r.stdout).findings;
}

describe('bad input gets a clear answer', () => {
  const good = npmTarball({ 'package.json': PKG, 'x/a.js': 'console.log(1)\n'.repeat(200) });

  it('truncated gzip → exit 2', async () => {
    assertCleanError(await shipgate(['scan', file('trunc.tgz', good.subarray(0, good.length - 40))]), /truncated/);
  });
  it('corrupt gzip → exit 2', async () => {
    const bad = Buffer.from(good);
    bad.fill(0x55, 20, 60);
    assertCleanError(await shipgate(['scan', file('corrupt.tgz', bad)]), /corrupt gzip|not a tar|truncated/);
  });
  it('non-tar data → exit 2', async () => {
    assertCleanError(await shipgate(['scan', file('notes.tgz', 'this is not an archive\n'.repeat(100))]), /not a tar archive/);
  });
  it('gzip of non-tar data → exit 2', async () => {
    assertCleanError(await shipgate(['scan', file('gz-text.tgz', gzipSync(Buffer.from('hello\n'.repeat(1000))))]), /not a tar archive/);
  });
  it('empty file → exit 2', async () => {
    assertCleanError(await shipgate(['scan', file('empty.tgz', '')]), /empty/);
  });
  it('missing file → exit 2', async () => {
    assertCleanError(await shipgate(['scan', path.join(dir, 'nope.tgz')]), /does not exist/);
  });
  it('a huge declared size with little data → exit 2 (truncated)', async () => {
    const tar = tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/huge.bin', content: 'abc', headerSize: 8 * 1024 ** 3 - 1 }], { end: false });
    assertCleanError(await shipgate(['scan', file('huge-declared.tgz', gzipSync(tar))]), /truncated/);
  });
  it('a 2 GB entry of zeros (gzip bomb) stops early → exit 2', async () => {
    const header = tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/zeros.bin', headerSize: 2 * 1024 ** 3 }], { end: false });
    // Concatenated gzip members: 2 GiB of zeros in ~2 MB of input, without building it in memory.
    const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const bomb = Buffer.concat([gzipSync(header), ...Array.from({ length: 2048 }, () => member)]);
    const r = await shipgate(['scan', file('bomb.tgz', bomb)], { timeout: 60_000 });
    assertCleanError(r, /compression ratio|decompresses to more than/);
  });
  it('unpacked size over limits.maxUnpackedBytes → exit 2', async () => {
    const cfgDir = tempDir();
    writeFileSync(path.join(cfgDir, 'shipgate.config.json'), JSON.stringify({ limits: { maxUnpackedBytes: '1 MB' } }));
    const big = npmTarball({ 'package.json': PKG, 'x/big.txt': Buffer.alloc(3 * 1024 * 1024, 'a') });
    assertCleanError(await shipgate(['scan', file('big.tgz', big)], { cwd: cfgDir }), /maxUnpackedBytes/);
  });
  it('entries with .. and absolute paths are error findings', async () => {
    const tgz = gzipSync(tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/../../etc/evil', content: 'x' }, { path: '/etc/passwd', content: 'root' }]));
    const f = await findings(file('traversal.tgz', tgz));
    const kinds = f.filter((x) => x.rule === 'archive-entries').map((x) => `${x.severity} ${x.message.split(':')[0]}`).sort();
    assert.ok(kinds.includes('error path-traversal'), JSON.stringify(f));
    assert.ok(kinds.includes('error absolute-path'), JSON.stringify(f));
  });
  it('symlinks and hardlinks are reported, never followed', async () => {
    const tgz = gzipSync(tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/x/link', type: 'SymbolicLink', linkpath: '/etc/passwd' }, { path: 'package/x/hard', type: 'Link', linkpath: 'package/package.json' }]));
    const f = (await findings(file('links.tgz', tgz))).filter((x) => x.rule === 'archive-entries');
    assert.deepEqual(f.map((x) => `${x.severity} ${x.path}`).sort(), ['warning x/hard', 'warning x/link']);
  });
  it('PAX and ustar size disagreement is an error finding', async () => {
    const tgz = gzipSync(tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/x/a.js', content: 'abcdefgh', paxSize: 8, headerSize: 4 }]));
    const f = (await findings(file('pax.tgz', tgz))).filter((x) => x.rule === 'archive-entries');
    assert.ok(f.some((x) => x.severity === 'error' && /size-mismatch/.test(x.message)), JSON.stringify(f));
  });
  it('duplicate entries are an error finding', async () => {
    const tgz = gzipSync(tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/x/a.js', content: 'one' }, { path: 'package/x/a.js', content: 'two' }]));
    const f = (await findings(file('dup.tgz', tgz))).filter((x) => x.rule === 'archive-entries');
    assert.deepEqual(f.map((x) => `${x.severity} ${x.path}`), ['error x/a.js']);
  });
  it('an uncompressed .tar is read too', async () => {
    const r = await shipgate(['scan', file('plain.tar', tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'package/x/a.js', content: '1' }]))]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
  });
  it('a zip bomb inside the package is not opened, and says so', async () => {
    const zip = zipBuffer([{ name: 'a.txt', content: Buffer.alloc(4 * 1024 * 1024), method: 'deflate' }]);
    const f = await findings(file('zipbomb.tgz', npmTarball({ 'package.json': PKG, 'x/b.zip': zip })));
    assert.ok(f.some((x) => x.rule === 'nested-archives' && /ratio/.test(x.message)), JSON.stringify(f));
  });
  it('a corrupt zip inside the package is a finding', async () => {
    const zip = zipBuffer([{ name: 'a.txt', content: 'hello' }]);
    const broken = Buffer.concat([zip.subarray(0, 10), Buffer.alloc(50, 1), zip.subarray(zip.length - 22)]);
    const f = await findings(file('badzip.tgz', npmTarball({ 'package.json': PKG, 'x/b.zip': broken })));
    assert.ok(f.some((x) => x.rule === 'nested-archives' && x.path === 'x/b.zip'), JSON.stringify(f));
  });
  it('archives nested beyond maxNestedDepth are not opened', async () => {
    let inner: Buffer = zipBuffer([{ name: 'deep/.env', content: 'A=1' }]);
    for (let i = 0; i < 4; i++) inner = zipBuffer([{ name: `level${i}.zip`, content: inner }]);
    const f = await findings(file('deep.tgz', npmTarball({ 'package.json': PKG, 'x/n.zip': inner })));
    assert.ok(f.some((x) => x.rule === 'nested-archives' && /maxNestedDepth/.test(x.message)), JSON.stringify(f));
  });
  it('zip slip member names are reported', async () => {
    const zip = zipBuffer([{ name: '../../evil.sh', content: 'rm -rf /' }]);
    const f = await findings(file('zipslip.tgz', npmTarball({ 'package.json': PKG, 'x/b.zip': zip })));
    assert.ok(f.some((x) => x.rule === 'archive-entries' && /path-traversal/.test(x.message)), JSON.stringify(f));
  });
  it('entries outside the package/ folder are a warning', async () => {
    const tgz = gzipSync(tarBuffer([{ path: 'package/package.json', content: PKG }, { path: 'other/x.js', content: '1' }]));
    const f = (await findings(file('roots.tgz', tgz))).filter((x) => x.rule === 'archive-entries');
    assert.ok(f.some((x) => x.severity === 'warning' && /no-common-root/.test(x.message)), JSON.stringify(f));
  });
  it('broken config JSON → exit 2 naming the file', async () => {
    const cfgDir = tempDir();
    writeFileSync(path.join(cfgDir, 'shipgate.config.json'), '{ "failOn": "error", }');
    assertCleanError(await shipgate(['scan', file('ok1.tgz', good)], { cwd: cfgDir }), /shipgate\.config\.json is not valid JSON/);
  });
  it('config that violates the schema → exit 2 saying what and where', async () => {
    const cfgDir = tempDir();
    writeFileSync(path.join(cfgDir, 'shipgate.config.json'), JSON.stringify({ rules: { 'source-maps': 'loud' } }));
    assertCleanError(await shipgate(['scan', file('ok2.tgz', good)], { cwd: cfgDir }), /\/rules\/source-maps must be one of/);
  });
  it('a directory without package.json → exit 2', async () => {
    assertCleanError(await shipgate(['check', tempDir()]), /has no package\.json/);
  });
});
