// A stand-in for a bundler: concatenates src/ into dist/cli.js and writes a source map
// whose sourcesContent embeds every original file (what esbuild/webpack do by default).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.ts')) files.push(p);
  }
})(path.join(here, 'src'));

const body = files
  .map((f) => readFileSync(f, 'utf8').replace(/^import .*$/gm, '').replace(/: [A-Za-z<>[\]|. ]+(?=[,)=;{])/g, '').replace(/^export (interface|type) [\s\S]*?^}\n/gm, ''))
  .join('\n');
const mkdir = path.join(here, 'dist');
mkdirSync(mkdir, { recursive: true });
writeFileSync(path.join(mkdir, 'cli.js'), `#!/usr/bin/env node\n${body}\nmain(process.argv.slice(2)).then((c) => process.exit(c));\n//# sourceMappingURL=cli.js.map\n`);
const map = {
  version: 3,
  file: 'cli.js',
  sourceRoot: '',
  sources: files.map((f) => path.relative(mkdir, f)),
  sourcesContent: files.map((f) => readFileSync(f, 'utf8')),
  names: [],
  mappings: files.map(() => 'AAAA').join(';'),
};
writeFileSync(path.join(mkdir, 'cli.js.map'), JSON.stringify(map));
console.error(`build.mjs: bundled ${files.length} files into dist/cli.js (+ cli.js.map)`);
