import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { inspectTarball } from '../../src/inspect.js';
import { npmTarball, tarBuffer, zipBuffer } from '../helpers/archives.js';
import { tempDir } from '../helpers/cli.js';

describe('nested archives', () => {
  it('list their members right after the archive, depth-first, the same on every run', async () => {
    const innerTgz = gzipSync(tarBuffer([{ path: 'deep/one.txt', content: 'one' }, { path: 'deep/two.txt', content: 'two' }]));
    const zip = zipBuffer([
      { name: 'z/first.txt', content: 'first' },
      { name: 'z/inner.tgz', content: innerTgz },
      { name: 'z/last.txt', content: 'last' },
    ]);
    const tgz = npmTarball({
      'package.json': JSON.stringify({ name: 'p', version: '1.0.0' }),
      'a.txt': 'a',
      'b.zip': zip,
      'c.txt': 'c'.repeat(300_000),
      'd.tar': tarBuffer([{ path: 'x.txt', content: 'x' }]),
      'e.txt': 'e',
    });
    const file = path.join(tempDir(), 'p.tgz');
    writeFileSync(file, tgz);
    const first = (await inspectTarball(file)).files.map((f) => f.path);
    assert.deepEqual(first, [
      'package.json',
      'a.txt',
      'b.zip',
      'b.zip!z/first.txt',
      'b.zip!z/inner.tgz',
      'b.zip!z/inner.tgz!deep/one.txt',
      'b.zip!z/inner.tgz!deep/two.txt',
      'b.zip!z/last.txt',
      'c.txt',
      'd.tar',
      'd.tar!x.txt',
      'e.txt',
    ]);
    for (let i = 0; i < 3; i++) assert.deepEqual((await inspectTarball(file)).files.map((f) => f.path), first);
  });
});
