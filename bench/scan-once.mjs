// shipgate's library on the same file: read, every rule (secrets included), policy, report.
import { evaluate, inspectTarball, defaultConfig } from '../dist/index.js';

const file = process.argv[2];
const start = process.hrtime.bigint();
const config = defaultConfig();
const artifact = await inspectTarball(file, { config });
const report = evaluate(artifact, config);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, files: report.entryCount, unpacked: report.unpackedSize, findings: report.findings.length, exposure: report.exposure, maxRssKB: process.resourceUsage().maxRSS }));
