import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import wabtInit from 'wabt';
import { KERNEL_WASM_BASE64 } from '../../src/wasm/kernel.js';
import { countLines, decodeJsonStringBody, decodeLoadedString, loadChunk } from '../../src/analyzers/text-bytes.js';

/** A deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
}

/** What JSON.parse makes of the same string body, in the decoder's terms. */
function reference(body: string): { utf8: Buffer; ascii: boolean; newlines: number } | 'error' {
  let value: string;
  try {
    value = JSON.parse(`"${body}"`) as string;
  } catch {
    return 'error';
  }
  const utf8 = Buffer.from(value, 'utf8');
  return { utf8, ascii: !/[^\x00-\x7f]/.test(value), newlines: value.split('\n').length - 1 };
}

describe('WebAssembly kernel', () => {
  it('embeds exactly kernel.wat as compiled by wabt', async () => {
    const wabt = await wabtInit();
    const source = readFileSync(path.join(process.cwd(), 'src', 'wasm', 'kernel.wat'), 'utf8');
    const { buffer } = wabt.parseWat('kernel.wat', source).toBinary({});
    assert.equal(Buffer.from(buffer).toString('base64'), KERNEL_WASM_BASE64);
  });
});

describe('decodeJsonStringBody', () => {
  it('decodes like JSON.parse, or defers to it, on random string bodies', () => {
    const rand = random(7);
    const good = ['a', 'Z', ' ', '\\n', '\\t', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\r', '\\u0041', '\\u00e9', '\\u20ac',
      '\\ud83d\\ude00', 'é', '€', '😀', 'x'.repeat(40)];
    // What JSON.parse rejects or the kernel leaves to it (a bare quote ends a string: not a body).
    const bad = ['\\ud83d', '\\ude00', '\\u12', '\\x', '\\', '\u0001', '"'];
    let decoded = 0;
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(rand() * 60);
      const pick = () => (rand() < 0.01 ? bad[Math.floor(rand() * bad.length)] : good[Math.floor(rand() * good.length)]);
      const body = Array.from({ length }, pick).join('');
      const want = reference(body);
      const got = decodeJsonStringBody(Buffer.from(body, 'utf8'));
      if (got === undefined) continue; // deferred to JSON.parse: always allowed
      assert.notEqual(want, 'error', `decoded what JSON.parse rejects: ${JSON.stringify(body)}`);
      if (want === 'error') continue;
      decoded++;
      assert.deepEqual(Buffer.from(got.utf8), want.utf8, JSON.stringify(body));
      assert.equal(got.ascii, want.ascii, JSON.stringify(body));
      assert.equal(got.newlines, want.newlines, JSON.stringify(body));
    }
    assert.ok(decoded > 1000, `the fast path decoded only ${decoded} of 3000 bodies`);
  });

  it('decodes long bodies (the SIMD path) and counts their newlines', () => {
    const text = `${'const a = 1;\\n'.repeat(50_000)}\\u00e9${'y'.repeat(33)}`;
    const got = decodeJsonStringBody(Buffer.from(text, 'utf8'));
    assert.ok(got);
    assert.equal(got.newlines, 50_000);
    assert.equal(got.ascii, false);
    assert.equal(got.utf8.toString('utf8'), JSON.parse(`"${text}"`));
  });
});

describe('decodeLoadedString', () => {
  it('decodes up to the closing quote of a string in a loaded piece', () => {
    const piece = Buffer.from('"a\\"b\\\\","é\\n","open\\"');
    assert.ok(loadChunk(piece));
    const first = decodeLoadedString(1, piece.length);
    assert.equal(first?.end, 7);
    assert.equal(first.decoded.utf8.toString(), 'a"b\\');
    // bytes past the quote (the next string's é) do not make this one non-ASCII
    assert.equal(first.decoded.ascii, true);
    const second = decodeLoadedString(10, piece.length);
    assert.equal(second?.end, 14);
    assert.equal(second.decoded.utf8.toString(), 'é\n');
    assert.equal(second.decoded.ascii, false);
    assert.equal(second.decoded.newlines, 1);
    // no closing quote before the piece ends
    const third = decodeLoadedString(17, piece.length);
    assert.equal(third?.end, -1);
    assert.equal(third.decoded.utf8.toString(), 'open"');
    // an escape cut by the end of the piece is left to the caller
    assert.ok(loadChunk(Buffer.from('"ab\\')));
    assert.equal(decodeLoadedString(1, 4), undefined);
  });

  it('finds the quote after long runs, and after a quote in the same 16 bytes', () => {
    const body = `${'x'.repeat(100)}\\"${'y'.repeat(40)}`;
    const piece = Buffer.from(`"${body}","${'é'.repeat(20)}"`);
    assert.ok(loadChunk(piece));
    const got = decodeLoadedString(1, piece.length);
    assert.equal(got?.end, 1 + body.length);
    assert.equal(got.decoded.utf8.toString(), JSON.parse(`"${body}"`));
    assert.equal(got.decoded.ascii, true);
  });
});

describe('countLines', () => {
  it('counts like an editor at every size, across the kernel and the small-text path', () => {
    assert.equal(countLines(Buffer.alloc(0)), 0);
    assert.equal(countLines(Buffer.from('a')), 1);
    assert.equal(countLines(Buffer.from('a\n')), 1);
    assert.equal(countLines(Buffer.from('a\nb')), 2);
    const rand = random(11);
    for (const size of [15, 16, 17, 4095, 4097, 65_537, 3 * 1024 * 1024 + 5, 9 * 1024 * 1024 + 3]) {
      const buf = Buffer.alloc(size);
      for (let i = 0; i < size; i++) buf[i] = rand() < 0.05 ? 0x0a : 0x61 + Math.floor(rand() * 26);
      const expected = buf.toString('latin1').split('\n').length - (buf[size - 1] === 0x0a ? 1 : 0);
      assert.equal(countLines(buf), expected, `size ${size}`);
    }
  });
});
