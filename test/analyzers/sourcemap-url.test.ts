import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSourceMapRefs } from '../../src/analyzers/sourcemap-url.js';

/** The grammar as a regular expression over the decoded text: the reference the byte reader must agree with. */
const REFERENCE_RE = /(?:\/\/|\/\*)[ \t]*([#@])[ \t]*sourceMappingURL[ \t]*=[ \t]*([^\s'"`*]+)/g;

function reference(text: string): Array<{ url: string; line: number; legacy: boolean }> {
  const out: Array<{ url: string; line: number; legacy: boolean }> = [];
  for (const m of text.matchAll(REFERENCE_RE)) {
    const url = m[2]!;
    if (url.includes('${') || url.startsWith('+')) continue;
    out.push({ url, line: text.slice(0, m.index).split('\n').length, legacy: m[1] === '@' });
  }
  return out;
}

function found(text: string): Array<{ url: string; line: number; legacy: boolean }> {
  return findSourceMapRefs(Buffer.from(text, 'utf8'), 'dist/a.js').map((r) => ({
    url: r.url,
    line: r.line,
    legacy: r.legacy,
  }));
}

/** Inline refs are reported shortened; compare on the same footing. */
function shorten(refs: Array<{ url: string; line: number; legacy: boolean }>): Array<{ url: string; line: number; legacy: boolean }> {
  return refs.map((r) => (r.url.startsWith('data:') ? { ...r, url: `${r.url.slice(0, 40)}…(${r.url.length} chars)` } : r));
}

function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
}

describe('findSourceMapRefs', () => {
  it('reads the comment forms bundlers write', () => {
    const refs = findSourceMapRefs(Buffer.from('a();\n//# sourceMappingURL=a.js.map\n/*# sourceMappingURL=b.css.map */\n//@ sourceMappingURL=c.map'), 'dist/a.js');
    assert.deepEqual(
      refs.map((r) => [r.url, r.line, r.legacy, r.resolved]),
      [
        ['a.js.map', 2, false, 'dist/a.js.map'],
        ['b.css.map', 3, false, 'dist/b.css.map'],
        ['c.map', 4, true, 'dist/c.map'],
      ],
    );
  });

  it('decodes inline maps and skips templates in a generator', () => {
    const data = Buffer.from('{"version":3}').toString('base64');
    const refs = findSourceMapRefs(Buffer.from(`x\n//# sourceMappingURL=data:application/json;base64,${data}\nconst t = \`//# sourceMappingURL=\${name}\`;`), 'dist/a.js');
    assert.equal(refs.length, 1);
    assert.equal(refs[0]!.inline, true);
    assert.equal(refs[0]!.data?.toString(), '{"version":3}');
  });

  it('agrees with the regular expression on random text around the comment', () => {
    const rand = random(11);
    const pieces = ['//', '/*', '*/', '#', '@', ' ', '\t', '\n', '\r\n', '=', 'sourceMappingURL', 'sourcemappingurl', 'a.map', 'x', '"', "'", '`', '*',
      '${v}', '+', 'data:application/json;base64,e30=', 'é', '€', '\u00a0', '\u2028', '\u3000', '😀', '/', 'http://h/x.map', '//# sourceMappingURL=', '/*@ sourceMappingURL ='];
    let compared = 0;
    let withRefs = 0;
    for (let n = 0; n < 4000; n++) {
      let text = '';
      const length = 1 + Math.floor(rand() * 14);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(rand() * pieces.length)];
      const want = shorten(reference(text));
      assert.deepEqual(found(text), want, JSON.stringify(text));
      compared++;
      if (want.length) withRefs++;
    }
    assert.equal(compared, 4000);
    // The generator must exercise the matching paths, not only the empty result.
    assert.ok(withRefs > 400, `only ${withRefs} texts held a reference`);
  });

  it('counts lines across a large bundle with the comment at its end', () => {
    const body = 'x = 1;\n'.repeat(200_000);
    const refs = findSourceMapRefs(Buffer.from(`${body}//# sourceMappingURL=big.js.map\n`), 'dist/big.js');
    assert.deepEqual(refs.map((r) => [r.url, r.line]), [['big.js.map', 200_001]]);
  });
});
