import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { SourceMapScanner, countLines, describeMapSource } from '../../src/analyzers/sourcemap-scanner.js';

async function scan(json: string | Buffer, chunk = 7, path = 'dist/a.js.map') {
  const texts: Array<{ text: string; builder: number; index: number }> = [];
  const s: SourceMapScanner = new SourceMapScanner(
    path,
    false,
    (raw, ref, kernelDecoded) => {
      const decoded = describeMapSource(raw, kernelDecoded);
      s.setContent(ref, decoded?.facts);
      if (decoded) texts.push({ text: decoded.text, builder: ref.builder, index: ref.index });
    },
    1 << 20,
  );
  const buf = Buffer.isBuffer(json) ? json : Buffer.from(json);
  for (let i = 0; i < buf.length; i += chunk) s.write(buf.subarray(i, i + chunk));
  return { facts: s.end(), texts, scanner: s };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('SourceMapScanner', () => {
  const content = 'const a = "quote \\" and \\\\ backslash";\n// ünïcode ✓ 😀\nline3';
  const map = JSON.stringify({ version: 3, file: 'a.js', sourceRoot: '', sources: ['../src/a.ts', null, 'webpack://x/./b.ts'], sourcesContent: [content, null, 'b\n'], names: ['x'], mappings: 'AAAA,CAAC;AACA' });

  for (const chunk of [1, 2, 3, 7, 64, 1 << 16]) {
    it(`reads sources and contents identically with ${chunk}-byte chunks`, async () => {
      const { facts, texts } = await scan(map, chunk);
      assert.equal(facts.error, undefined);
      assert.deepEqual(facts.sources.map((s) => s.name), ['../src/a.ts', '', 'webpack://x/./b.ts']);
      assert.equal(facts.sources[0]!.resolvedPath, 'src/a.ts');
      assert.equal(facts.sources[0]!.content!.sha256, sha(content));
      assert.equal(facts.sources[0]!.content!.lines, 3);
      assert.equal(facts.sources[0]!.content!.bytes, Buffer.byteLength(content));
      assert.equal(facts.sources[1]!.content, undefined);
      assert.equal(facts.sources[2]!.resolvedPath, undefined, 'URLs do not resolve to package paths');
      assert.deepEqual(texts.map((t) => t.text), [content, 'b\n']);
    });
  }

  it('handles sourcesContent before sources, and names sources once read', async () => {
    const { facts, texts, scanner } = await scan('{"sourcesContent":["x"],"mappings":"","sources":["s.ts"],"version":3}');
    assert.equal(facts.error, undefined);
    assert.equal(scanner.sourceName(texts[0]!.builder, texts[0]!.index), 's.ts');
    assert.equal(facts.sources[0]!.name, 's.ts');
  });

  it('reads index maps with sections', async () => {
    const inner = (n: string) => ({ version: 3, sources: [`${n}.ts`], sourcesContent: [`// ${n}\n`], mappings: 'AAAA' });
    const { facts } = await scan(JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: inner('one') }, { offset: { line: 9, column: 0 }, map: inner('two') }] }));
    assert.equal(facts.error, undefined);
    assert.equal(facts.sections, 2);
    assert.deepEqual(facts.sources.map((s) => s.name), ['one.ts', 'two.ts']);
    assert.ok(facts.sources.every((s) => s.content));
  });

  it('applies sourceRoot when resolving', async () => {
    const { facts } = await scan(JSON.stringify({ version: 3, sourceRoot: '/home/ci/build/', sources: ['x.ts'], mappings: '' }));
    assert.equal(facts.sourceRoot, '/home/ci/build/');
    assert.equal(facts.sources[0]!.resolvedPath, undefined);
  });

  const invalid: Array<[string, string]> = [
    ['truncated', '{"version":3,"sources":["a'],
    ['trailing garbage', '{"version":3,"mappings":""} x'],
    ['top-level array', '[1,2]'],
    ['bad literal', '{"version":tru,"mappings":""}'],
    ['raw newline in a source name', '{"mappings":"","sources":["a\nb"]}'],
    ['bad escape in sourcesContent', '{"mappings":"","sourcesContent":["\\x"]}'],
    ['mismatched brackets', '{"sources":["a"}'],
    ['missing colon', '{"version" 3}'],
    ['not a source map', '{"hello":"world"}'],
    ['empty', ''],
  ];
  for (const [name, json] of invalid) {
    it(`reports invalid input: ${name}`, async () => {
      const { facts } = await scan(json, 3);
      assert.ok(facts.error, `expected an error for ${name}`);
    });
  }

  it('reads random contents like JSON.parse, whole in one piece or cut anywhere', async () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    // Pieces of JSON string bodies: escapes of every kind, non-ASCII text, and (last two) what
    // JSON.parse rejects: a bad escape, a raw control character.
    const pieces = ['a', 'code();', '\\n', '\\"', '\\\\', '\\/', '\\t', '\\u0041', '\\u00e9', '\\ud83d\\ude00', '\\ud83d', 'é', '€', '😀', 'x'.repeat(37), '\\x', '\t'];
    for (let n = 0; n < 300; n++) {
      const bodies: string[] = [];
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        let body = '';
        for (let i = 0; i < Math.floor(rand() * 30); i++) {
          // invalid pieces are rare, so most maps are valid
          body += pieces[Math.floor(rand() * (rand() < 0.97 ? pieces.length - 2 : pieces.length))];
        }
        bodies.push(body);
      }
      const json = `{"version":3,"sources":[${bodies.map((_, i) => `"s${i}.ts"`).join(',')}],"sourcesContent":[${bodies.map((b) => `"${b}"`).join(',')}],"mappings":"AAAA"}`;
      let expected: string[] | undefined;
      try {
        expected = (JSON.parse(json) as { sourcesContent: string[] }).sourcesContent;
      } catch {
        expected = undefined;
      }
      for (const chunk of [1 + Math.floor(rand() * 40), 1 << 16]) {
        const { facts, texts } = await scan(json, chunk);
        if (!expected) {
          assert.ok(facts.error, `${json} (chunks of ${chunk})`);
          continue;
        }
        assert.equal(facts.error, undefined, `${json} (chunks of ${chunk})`);
        assert.deepEqual(
          facts.sources.map((s) => s.content),
          expected.map((t) => ({ sha256: sha(t), bytes: Buffer.byteLength(t), lines: countLines(t) })),
          `${json} (chunks of ${chunk})`,
        );
        assert.deepEqual(texts.map((t) => t.text), expected);
      }
    }
  });

  it('counts lines like an editor', () => {
    assert.equal(countLines(''), 0);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\n'), 1);
    assert.equal(countLines('a\nb'), 2);
    assert.equal(countLines('\n\n'), 2);
  });

  it('scans a map with thousands of sources without holding it whole', async () => {
    const n = 3000;
    const sources = Array.from({ length: n }, (_, i) => `src/f${i}.ts`);
    const contents = sources.map((s, i) => `export const v${i} = ${i};\n// ${s}\n`);
    const { facts, texts } = await scan(JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: 'A'.repeat(100000) }), 65536);
    assert.equal(facts.error, undefined);
    assert.equal(facts.sources.length, n);
    assert.equal(texts.length, n);
    assert.equal(facts.sources.reduce((a, s) => a + (s.content?.lines ?? 0), 0), 2 * n);
  });
});
