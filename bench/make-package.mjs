// Generates the benchmark package: ~100 MB unpacked, with a ~60 MB source map whose
// sourcesContent holds ~1,900 original files (the shape of the March 2026 leak).
import { mkdirSync, writeFileSync, rmSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { create } from 'tar';

const SOURCES = 1900;
const SOURCE_BYTES = 31_000;
const OTHER_FILES = 400;
const OTHER_BYTES = 75_000;

// Deterministic pseudo-random text that compresses like real code (~4-6:1), not like zeros.
let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const WORDS = ['const', 'return', 'function', 'await', 'export', 'import', 'if', 'else', 'for', 'of', 'new', 'this', 'null', 'true', 'false', 'string', 'number', 'options', 'result', 'config', 'request', 'response', 'handler', 'value', 'index', 'error', 'state', 'context', 'buffer', 'stream'];
function ident() {
  let s = WORDS[Math.floor(rand() * WORDS.length)];
  if (rand() < 0.6) s += WORDS[Math.floor(rand() * WORDS.length)].replace(/^./, (c) => c.toUpperCase());
  if (rand() < 0.3) s += Math.floor(rand() * 1000);
  return s;
}
function codeText(bytes) {
  const lines = [];
  let n = 0;
  while (n < bytes) {
    const indent = '  '.repeat(Math.floor(rand() * 4));
    const parts = Array.from({ length: 3 + Math.floor(rand() * 8) }, ident);
    const line = `${indent}${parts[0]} ${parts[1]} = ${parts.slice(2).join('.')}(${rand() < 0.5 ? `"${ident()}"` : Math.floor(rand() * 1e6)});`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

export function makeBenchPackage(outFile) {
  if (existsSync(outFile)) return outFile;
  const work = path.join(path.dirname(outFile), 'bench-src');
  rmSync(work, { recursive: true, force: true });
  const pkg = path.join(work, 'package');
  mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'bench-leak', version: '2.1.88', bin: { bench: 'dist/cli.js' } }, null, 2));
  const sources = [];
  const contents = [];
  for (let i = 0; i < SOURCES; i++) {
    sources.push(`../src/module${String(i).padStart(4, '0')}/index.ts`);
    contents.push(codeText(SOURCE_BYTES));
  }
  const mappings = Array.from({ length: 250_000 }, () => 'AAAA,SAASA,CAAC').join(';');
  writeFileSync(path.join(pkg, 'dist', 'cli.js.map'), JSON.stringify({ version: 3, file: 'cli.js', sources, sourcesContent: contents, names: [], mappings }));
  writeFileSync(path.join(pkg, 'dist', 'cli.js'), `#!/usr/bin/env node\n${codeText(8_000_000)}//# sourceMappingURL=cli.js.map\n`);
  for (let i = 0; i < OTHER_FILES; i++) {
    const dir = path.join(pkg, 'dist', 'chunks', String(i % 20));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `chunk${i}.js`), codeText(OTHER_BYTES));
  }
  create({ gzip: { level: 6 }, file: outFile, cwd: work, portable: true, sync: true }, ['package']);
  rmSync(work, { recursive: true, force: true });
  return outFile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = makeBenchPackage(path.resolve(process.argv[2] ?? 'bench/.work/bench-leak.tgz'));
  console.log(`${out} ${(statSync(out).size / 1e6).toFixed(1)} MB`);
}
