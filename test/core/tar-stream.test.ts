import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Parser, create } from 'tar';
import { TarFormatError, TarStreamReader, type TarEntryInfo } from '../../src/readers/tar-stream.js';
import { tarBuffer } from '../helpers/archives.js';
import { tempDir } from '../helpers/cli.js';

const digest = (b: Buffer) => `${b.length}:${createHash('sha256').update(b).digest('hex').slice(0, 16)}`;

interface Seen {
  path: string;
  kind: string;
  size: number;
  body: string;
  linkpath: string;
}

function ours(buf: Buffer, chunk = 333): Seen[] {
  const out: Seen[] = [];
  const reader = new TarStreamReader((info: TarEntryInfo) => {
    const seen: Seen = { path: info.path, kind: info.kind, size: info.size, body: '', linkpath: info.linkpath };
    out.push(seen);
    const parts: Buffer[] = [];
    return { write: (c) => parts.push(Buffer.from(c)), end: () => (seen.body = digest(Buffer.concat(parts))) };
  });
  for (let i = 0; i < buf.length; i += chunk) reader.write(buf.subarray(i, i + chunk));
  reader.end();
  return out;
}

async function nodeTar(buf: Buffer): Promise<Seen[]> {
  const out: Seen[] = [];
  const kinds: Record<string, string> = { File: 'file', Directory: 'directory', SymbolicLink: 'symlink', Link: 'hardlink' };
  await new Promise<void>((resolve, reject) => {
    const p = new Parser();
    p.on('entry', (e) => {
      const parts: Buffer[] = [];
      const seen: Seen = { path: e.path.replace(/\/$/, ''), kind: kinds[e.type] ?? 'other', size: e.type === 'Directory' ? 0 : e.size, body: '', linkpath: e.linkpath ?? '' };
      out.push(seen);
      e.on('data', (c: Buffer) => parts.push(c));
      e.on('end', () => (seen.body = digest(Buffer.concat(parts))));
    });
    p.on('end', resolve);
    p.on('error', reject);
    p.end(buf);
  });
  return out;
}

describe('TarStreamReader agrees with node-tar', () => {
  it('on an archive made by node-tar with long names, prefixes, links and unicode', async () => {
    const dir = tempDir();
    const root = path.join(dir, 'package');
    const deep = path.join(root, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(30));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, 'package.json'), '{"name":"x"}');
    writeFileSync(path.join(deep, `${'long-file-name-'.repeat(8)}.js`), 'deep content\n');
    writeFileSync(path.join(root, 'ünïcødé ✓.txt'), 'unicode name');
    writeFileSync(path.join(root, 'empty'), '');
    writeFileSync(path.join(root, 'big.bin'), Buffer.alloc(70_000, 'z'));
    symlinkSync('package.json', path.join(root, 'link'));
    const chunks: Buffer[] = [];
    const stream = create({ cwd: dir, portable: true }, ['package']);
    for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
    const buf = Buffer.concat(chunks);
    for (const size of [1, 100, 512, 4096, 1 << 20]) assert.deepEqual(ours(buf, size), await nodeTar(buf), `chunk ${size}`);
  });

  it('on hand-built headers: links, PAX sizes, a V7 directory', async () => {
    const buf = tarBuffer([
      { path: 'package/a.js', content: 'abc' },
      { path: 'package/dir/', type: 'Directory' },
      { path: 'package/hard', type: 'Link', linkpath: 'package/a.js' },
      { path: 'package/p.js', content: 'pax body', paxSize: 8 },
    ]);
    assert.deepEqual(ours(buf), await nodeTar(buf));
  });
});

describe('TarStreamReader reports what node-tar hides', () => {
  it('flags a PAX size that disagrees with the ustar size', () => {
    const infos: TarEntryInfo[] = [];
    const reader = new TarStreamReader((i) => (infos.push(i), undefined));
    reader.write(tarBuffer([{ path: 'package/a.js', content: 'abcdefgh', paxSize: 8, headerSize: 4 }]));
    reader.end();
    assert.deepEqual(infos[0]!.sizeMismatch, { paxSize: 8, ustarSize: 4 });
  });

  const bad: Array<[string, Buffer, RegExp]> = [
    ['garbage', Buffer.from('x'.repeat(2048)), /not a tar archive/],
    ['truncated body', tarBuffer([{ path: 'a', content: 'x'.repeat(1000) }], { end: false }).subarray(0, 900), /truncated/],
    ['truncated header', tarBuffer([{ path: 'a', content: 'x' }], { end: false }).subarray(0, 300), /truncated/],
    ['an unterminated zero block run', Buffer.alloc(512), /no tar headers/],
  ];
  for (const [name, buf, re] of bad) {
    it(`rejects ${name}`, () => {
      const reader = new TarStreamReader(() => undefined);
      assert.throws(() => {
        reader.write(buf);
        reader.end();
      }, (e: unknown) => e instanceof TarFormatError && re.test(e.message));
    });
  }

  it('stops at the end-of-archive marker and ignores trailing data', () => {
    const seen: string[] = [];
    const reader = new TarStreamReader((i) => (seen.push(i.path), undefined));
    reader.write(Buffer.concat([tarBuffer([{ path: 'a', content: '1' }]), Buffer.from('trailing garbage')]));
    reader.end();
    assert.deepEqual(seen, ['a']);
    assert.equal(reader.done, true);
  });
});
