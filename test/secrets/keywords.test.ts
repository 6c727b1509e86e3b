import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeywordMatcher } from '../../src/secrets/keywords.js';

function all(m: KeywordMatcher, text: string, js = false): string[] {
  const out: string[] = [];
  const cb = (k: number, start: number) => out.push(`${m.keywords[k]}@${start}`);
  if (js) m.scanJs(text, cb);
  else m.scan(text, cb);
  return out.sort();
}

/** Every occurrence by brute force: the definition the automaton must meet. */
function naive(keywords: string[], text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const k of keywords) for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) out.push(`${k}@${i}`);
  return out.sort();
}

describe('KeywordMatcher', () => {
  it('finds overlapping and nested keywords, case-insensitively', () => {
    const kws = ['sk', 'sk-ant-', 'ant', 'ghp_', 'npm_'];
    const m = new KeywordMatcher(kws, { wasm: false });
    const text = 'x SK-ANT-api03 ghp_abc NPM_TOKEN task';
    assert.deepEqual(all(m, text), naive(kws, text));
  });

  it('the WebAssembly kernel and the JavaScript loop agree with brute force on random input', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    const alphabet = 'abcdeABCDE_-.:/ \n';
    const kws = Array.from({ length: 40 }, () => Array.from({ length: 2 + Math.floor(rand() * 5) }, () => alphabet[Math.floor(rand() * 10)]!.toLowerCase()).join(''));
    const unique = [...new Set(kws)];
    const wasm = new KeywordMatcher(unique);
    const text = Array.from({ length: 3 * 1024 * 1024 + 17 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const expected = naive(unique, text);
    assert.ok(expected.length > 1000);
    assert.deepEqual(all(wasm, text), expected, 'wasm (across 1 MiB windows)');
    const bytes: string[] = [];
    wasm.scanAscii(Buffer.from(text, 'latin1'), (k, start) => bytes.push(`${wasm.keywords[k]}@${start}`));
    assert.deepEqual(bytes.sort(), expected, 'wasm on bytes');
    assert.deepEqual(all(wasm, text, true), expected, 'js');
  });

  it('the kernel finds keywords on every quarter seam, at every text length', () => {
    const kws = ['ghp_', 'sk-ant-api03-', 'password', 'akia'];
    const m = new KeywordMatcher(kws);
    const words = ['ghp_', 'sk-ant-api03-', 'PASSWORD', 'akia', 'x', 'yy ', '\n'];
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    for (let length = 257; length < 1400; length += 7) {
      let text = '';
      while (text.length < length) text += words[Math.floor(rand() * words.length)];
      assert.deepEqual(all(m, text), naive(kws, text), `length ${text.length}`);
    }
  });

  it('handles non-ASCII text (string offsets, not byte offsets)', () => {
    const kws = ['ghp_', 'akia'];
    const m = new KeywordMatcher(kws);
    const text = `${'ünïcødé '.repeat(100)}AKIA ghp_ ✓ ${'x'.repeat(300)} ghp_`;
    assert.deepEqual(all(m, text), naive(kws, text));
  });

  it('rejects non-ASCII or empty keywords', () => {
    assert.throws(() => new KeywordMatcher(['ok', 'ü']));
    assert.throws(() => new KeywordMatcher(['']));
  });
});
