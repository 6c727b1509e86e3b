// npm run bench: shipgate's scan time and peak RSS beside a raw gunzip + tar walk of the same
// file, measured in the same run (alternating, several rounds, median reported).
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBenchPackage } from './make-package.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
mkdirSync(path.join(here, '.work'), { recursive: true });
const file = makeBenchPackage(path.join(here, '.work', 'bench-leak.tgz'));
const run = (script) => JSON.parse(execFileSync(process.execPath, [path.join(here, script), file], { encoding: 'utf8', maxBuffer: 1 << 24 }));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const raw = [];
const gate = [];
for (let i = 0; i < rounds; i++) {
  raw.push(run('raw-walk.mjs'));
  gate.push(run('scan-once.mjs'));
}
const rawMs = median(raw.map((r) => r.ms));
const gateMs = median(gate.map((r) => r.ms));
const rawRss = Math.max(...raw.map((r) => r.maxRssKB)) / 1024;
const gateRss = Math.max(...gate.map((r) => r.maxRssKB)) / 1024;
const unpackedMB = raw[0].bytes / 1e6;
const last = gate[gate.length - 1];
console.log(`benchmark package: ${path.relative(process.cwd(), file)} (${(statSync(file).size / 1e6).toFixed(1)} MB packed, ${unpackedMB.toFixed(1)} MB unpacked, ${raw[0].entries} entries)`);
console.log(`shipgate found: ${last.findings} findings; exposure ${last.exposure.files} files, ${last.exposure.lines} lines in ${last.exposure.maps} map(s)`);
console.log(`rounds: ${rounds} (median time, max RSS)`);
console.log('');
console.log('                          time      throughput    peak RSS');
console.log(`raw gunzip + tar walk  ${rawMs.toFixed(0).padStart(6)} ms  ${(unpackedMB / (rawMs / 1000)).toFixed(0).padStart(6)} MB/s  ${rawRss.toFixed(0).padStart(6)} MB`);
console.log(`shipgate (all rules)   ${gateMs.toFixed(0).padStart(6)} ms  ${(unpackedMB / (gateMs / 1000)).toFixed(0).padStart(6)} MB/s  ${gateRss.toFixed(0).padStart(6)} MB`);
console.log('');
const ratio = gateMs / rawMs;
console.log(`ratio: ${ratio.toFixed(2)}x raw time (target ≤ 2x); peak RSS ${gateRss.toFixed(0)} MB (target < 200 MB)`);
