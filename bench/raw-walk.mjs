// The raw baseline: gunzip + tar walk of the same file, touching every byte, doing nothing else.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Parser } from 'tar';

const file = process.argv[2];
const start = process.hrtime.bigint();
let bytes = 0;
let entries = 0;
await new Promise((resolve, reject) => {
  const parser = new Parser();
  parser.on('entry', (e) => {
    entries++;
    e.on('data', (c) => {
      bytes += c.length;
    });
  });
  parser.on('end', resolve);
  parser.on('error', reject);
  createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 256 * 1024 })).pipe(parser);
});
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, bytes, entries, maxRssKB: process.resourceUsage().maxRSS }));
