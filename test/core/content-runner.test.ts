// Content analysis gives the same facts wherever it runs: in place, or on one or two worker
// threads (with work sharing and backpressure). Compared on artifacts built to hit every path.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { defaultConfig } from '../../src/policy/config.js';
import { evaluate, inspectTarball, type InspectOptions } from '../../src/inspect.js';
import type { Artifact } from '../../src/types.js';
import { npmTarball, sourceMap, tarBuffer, zipBuffer } from '../helpers/archives.js';
import { tempDir } from '../helpers/cli.js';
import { base62CrcToken, Gen } from '../secrets/helpers.js';

const g = new Gen(77);
const token = (): string => base62CrcToken(g, 'ghp_');

function code(lines: number, salt: string): string {
  return Array.from({ length: lines }, (_, i) => `export const v${i} = "${salt}-${(i * 2654435761) % 1000003}"; // task ${i}`).join('\n');
}

/** A package touching every content path: maps (external, inline, index, late names, a bad escape), nested zip, non-ASCII, binaries. */
function variedPackage(): Buffer {
  const t1 = token();
  const late = JSON.stringify({ version: 3, sourcesContent: [`${code(50, 'late')}\nconst k = "${token()}";\n`, 'ünïcode ✓ 😀\n'], mappings: 'AAAA', sources: ['../src/late.ts', '../src/uni.ts'] });
  const bad = `{"version":3,"mappings":"","sources":["a.ts","b.ts","c.ts"],"sourcesContent":["fine ${token()}\\n","bad \\x escape","after ${token()}"]}`;
  const inner = (n: string) => ({ version: 3, sources: [`${n}.ts`], sourcesContent: [`// ${n}\nexport const t = "${token()}";\n`], mappings: 'AAAA' });
  const index = JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: inner('one') }, { offset: { line: 9, column: 0 }, map: inner('two') }] });
  const inlineMap = Buffer.from(sourceMap('inline.js', { '../src/inline.ts': `const secret = "${token()}";\n` })).toString('base64');
  const files: Record<string, string | Buffer> = {
    'package.json': JSON.stringify({ name: 'varied', version: '1.0.0' }),
    'dist/app.js': `${code(200, 'app')}\n//# sourceMappingURL=app.js.map\n`,
    'dist/app.js.map': sourceMap('app.js', { '../src/app.ts': `${code(300, 'src')}\nconst npmrc = "${t1}";\n`, '../src/.env': `API_TOKEN=${token()}\n`, 'dist/app.js': `${code(200, 'app')}\n//# sourceMappingURL=app.js.map\n` }),
    'dist/late.js.map': late,
    'dist/bad.js.map': bad,
    'dist/index.js.map': index,
    'dist/inline.js': `console.log(1);\n//# sourceMappingURL=data:application/json;base64,${inlineMap}\n`,
    'dist/uni.js': `// ŧhp_ ünïcode 《Ċ》 ${token()}\n${'Ċ\n'.repeat(50)}`,
    '.env': `GITHUB_TOKEN=${token()}\nDB_URL=postgres://admin:s3cr3tPassw0rd9@db.internal:5432/app\n`,
    'support.zip': zipBuffer([{ name: 'logs/config.yml', content: `token: ${token()}\n`, method: 'deflate' }, { name: 'img.bin', content: Buffer.from([0, 1, 2, 3]) }]),
    'img.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.alloc(2000, 7)]),
  };
  for (let i = 0; i < 40; i++) files[`dist/chunks/c${i}.js`] = `${code(400 + i * 7, `c${i}`)}\n${i % 5 === 0 ? `const t = "${token()}";\n` : ''}`;
  return npmTarball(files);
}

/** Deep equality with a short message: the first file whose facts differ. */
function assertSame(actual: Awaited<ReturnType<typeof facts>>, expected: Awaited<ReturnType<typeof facts>>, label: string): void {
  const a = actual.artifact as Artifact;
  const e = expected.artifact as Artifact;
  assert.equal(a.files.length, e.files.length, `${label}: file count`);
  for (let i = 0; i < e.files.length; i++) {
    const [x, y] = [JSON.stringify(a.files[i]), JSON.stringify(e.files[i])];
    if (x !== y) assert.fail(`${label}: ${e.files[i]!.path} differs:\n  got      ${x.slice(0, 600)}\n  expected ${y.slice(0, 600)}`);
  }
  assert.deepEqual(actual, expected, label);
}

function strip(artifact: Artifact): unknown {
  return { ...artifact, files: artifact.files.map((f) => ({ ...f, head: f.head ? Buffer.from(f.head).toString('hex').slice(0, 64) : undefined })) };
}

async function facts(file: string, parallel: InspectOptions['parallel']) {
  const config = defaultConfig();
  const artifact = await inspectTarball(file, { config, parallel, target: 'pkg.tgz' });
  const report = evaluate(artifact, config, new Date('2026-01-01T00:00:00Z'));
  return { artifact: strip(artifact), report };
}

describe('content analysis on worker threads', () => {
  const dir = tempDir();
  const varied = path.join(dir, 'varied.tgz');
  writeFileSync(varied, variedPackage());

  it('gives the same artifact and report in place and on one or two workers', async () => {
    const inPlace = await facts(varied, { workers: 0 });
    const report = inPlace.report;
    assert.ok(report.findings.filter((f) => f.rule === 'secrets').length >= 10, 'the package exercises the secret engine');
    assert.ok(report.exposure.files >= 5);
    const bad = (inPlace.artifact as Artifact).files.find((f) => f.path === 'dist/bad.js.map')!;
    assert.match(bad.sourceMaps[0]!.error ?? '', /invalid string escape/);
    assert.equal(bad.secrets.length, 1, 'contents after the bad escape are not read, so their secrets are not reported');
    for (const workers of [1, 2]) {
      const threaded = await facts(varied, { workers, thresholdBytes: 0 });
      assertSame(threaded, inPlace, `${workers} worker(s)`);
    }
  });

  it('gives the same facts under backpressure and work sharing (tens of MB queued)', async () => {
    const big = path.join(dir, 'big.tgz');
    const sources: Record<string, string> = {};
    for (let i = 0; i < 300; i++) sources[`../src/m${i}.ts`] = `${code(1500, `m${i}`)}\n${i % 50 === 0 ? `const t = "${token()}";\n` : ''}`;
    const files: Record<string, string> = { 'package.json': JSON.stringify({ name: 'big', version: '1.0.0' }), 'dist/cli.js.map': sourceMap('cli.js', sources) };
    for (let i = 0; i < 60; i++) files[`dist/c${i}.js`] = code(3000, `c${i}`);
    writeFileSync(big, gzipSync(tarBuffer(Object.entries(files).map(([p, content]) => ({ path: `package/${p}`, content }))), { level: 1 }));
    const inPlace = await facts(big, { workers: 0 });
    assert.equal(inPlace.report.exposure.files, 300);
    assertSame(await facts(big, { workers: 1, thresholdBytes: 0 }), inPlace, 'one worker');
    assertSame(await facts(big, { workers: 2 }), inPlace, 'default threshold: in place first, then two workers');
  });

  it('a worker that dies is a clear error, not a hang', async () => {
    const crash = path.join(dir, 'crash.mjs');
    writeFileSync(crash, 'process.exit(3);\n');
    await assert.rejects(inspectTarball(varied, { parallel: { workers: 1, thresholdBytes: 0, workerUrl: new URL(`file://${crash}`) } }), /content analysis worker stopped \(exit code 3\)/);
    const throws = path.join(dir, 'throws.mjs');
    writeFileSync(throws, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (b) => parentPort.postMessage({ id: b.id, error: 'boom' }));\n");
    await assert.rejects(inspectTarball(varied, { parallel: { workers: 1, thresholdBytes: 0, workerUrl: new URL(`file://${throws}`) } }), /content analysis failed: boom/);
  });

  it('a corrupt tarball still ends with one error while workers run', async () => {
    const truncated = path.join(dir, 'truncated.tgz');
    const whole = variedPackage();
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await assert.rejects(inspectTarball(truncated, { parallel: { workers: 1, thresholdBytes: 0 } }), /truncated/);
  });
});
