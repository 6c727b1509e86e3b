#!/usr/bin/env node
// Evaluates shipgate's secret engine against secretlint on one generated corpus.
// Not part of the test suite; results go into docs/secrets-evaluation.md by hand.
//
//   npm test            # or: npx tsc -p tsconfig.test.json --outDir <dir>
//   node scripts/eval-secrets.mjs [--build <dir>] [--real <n files>] [--no-secretlint]
//
// The corpus: for every shipgate detector, generated positives (valid checksums, built by
// test/secrets/helpers.ts) and the same near misses the tests use; plus "real" negatives:
// text files taken from this repository's node_modules (published packages, presumed clean).
// secretlint (latest, preset-recommend) is installed into a temp dir at run time.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = resolve(new URL('..', import.meta.url).pathname);
const build = resolve(opt('--build', join(root, '.test-build')));
// `--real all`: every text file of node_modules (no per-package cap), for a broad false-positive check.
const realAll = opt('--real', '400') === 'all';
const realCount = realAll ? Infinity : Number(opt('--real', '400'));
const withSecretlint = !args.includes('--no-secretlint');
const SEEDS = Number(opt('--seeds', '5'));

const engine = await import(pathToFileURL(join(build, 'src/secrets/index.js')).href);
const helpers = await import(pathToFileURL(join(build, 'test/secrets/helpers.js')).href);
const { DETECTORS, scanSecrets, textKindFor } = engine;
const { Gen, POSITIVES, NEGATIVES } = helpers;

// ── Corpus ──
/** @type {{ id: string, group: 'positive'|'near-miss'|'real', detector?: string, path: string, text: string, line?: number, expectInfo?: boolean }[]} */
const corpus = [];
const EXT = { code: 'js', minified: 'min.js', env: 'env', npmrc: 'npmrc', config: 'json', shell: 'sh', other: 'txt', 'map-source': 'js' };

for (const d of DETECTORS) {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const s = POSITIVES[d.id](new Gen(seed * 104729 + 17));
    const line = s.text.slice(0, s.text.indexOf(s.value)).split('\n').length;
    corpus.push({ id: `${d.id}#${seed}`, group: 'positive', detector: d.id, path: s.path, text: s.text, line });
  }
  NEGATIVES[d.id](new Gen(7)).forEach((n, i) => {
    const path = n.path && n.path !== 'x' ? n.path : `near-miss/${d.id}-${i}.${EXT[n.kind]}`;
    corpus.push({ id: `${d.id}~${n.name}`, group: 'near-miss', detector: d.id, path, text: n.text, expectInfo: n.expect === 'info' });
  });
}

function* walk(dir, depth = 0) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory() && depth < 8) yield* walk(p, depth + 1);
    else if (e.isFile()) yield p;
  }
}

const REAL_EXT = new Set(['.js', '.mjs', '.cjs', '.json', '.md', '.map', '.ts', '.yml', '.yaml', '.css', '.html', '.sh']);
let realBytes = 0;
let realFiles = 0;
const perPackage = new Map();
for (const p of walk(join(root, 'node_modules'))) {
  if (realFiles >= realCount) break;
  if (!REAL_EXT.has(extname(p)) || p.includes('/test/') || p.includes('/fixtures/')) continue;
  const size = statSync(p).size;
  if (size < 200 || size > (realAll ? 8_000_000 : 2_000_000)) continue;
  // Spread over packages: at most a few files from each.
  const pkg = p.slice(join(root, 'node_modules').length + 1).split('/').slice(0, p.includes('/@') ? 2 : 1).join('/');
  if (!realAll && (perPackage.get(pkg) ?? 0) >= 3) continue;
  perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + 1);
  const text = readFileSync(p, 'utf8');
  realBytes += Buffer.byteLength(text);
  realFiles++;
  corpus.push({ id: p.slice(root.length + 1), group: 'real', path: p.slice(root.length + 1), text });
}

const counts = (g) => corpus.filter((c) => c.group === g).length;
console.log(`corpus: ${counts('positive')} positives over ${DETECTORS.length} formats, ${counts('near-miss')} near misses, ${counts('real')} real files (${(realBytes / 1e6).toFixed(1)} MB)`);

// ── shipgate ──
function kindOf(c) {
  return textKindFor(c.path, c.text.slice(0, 4096));
}

const shipgate = new Map();
let started = process.hrtime.bigint();
for (const c of corpus) shipgate.set(c.id, scanSecrets(c.text, { path: c.path, kind: kindOf(c) }));
const shipgateMs = Number(process.hrtime.bigint() - started) / 1e6;

// ── secretlint ──
let secretlint;
let secretlintMs = NaN;
let secretlintVersion = '';
if (withSecretlint) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-secretlint-'));
  console.log(`installing secretlint into ${dir} ...`);
  execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--silent', 'secretlint', '@secretlint/secretlint-rule-preset-recommend'], { stdio: 'inherit' });
  secretlintVersion = JSON.parse(readFileSync(join(dir, 'node_modules/secretlint/package.json'), 'utf8')).version;
  const { createEngine } = await import(pathToFileURL(join(dir, 'node_modules/@secretlint/node/module/index.js')).href);
  const sl = await createEngine({
    cwd: dir,
    formatter: 'json',
    color: false,
    maskSecrets: true,
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
  });
  secretlint = new Map();
  started = process.hrtime.bigint();
  for (const c of corpus) {
    // secretlint picks rules by content, and some by file name: give it the same name.
    const { output } = await sl.executeOnContent({ content: c.text, filePath: join(dir, 'corpus', c.path.replace(/^\/+/, '')) });
    const results = JSON.parse(output);
    secretlint.set(c.id, results.flatMap((r) => r.messages));
  }
  secretlintMs = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(dir, { recursive: true, force: true });
}

// ── Scoring ──
// A positive counts as found when the tool reports anything at warning or above in its file
// (each positive file holds one credential; the AWS pair is one credential). Any report in a
// near-miss or real file is a false positive. shipgate's `info` (failed checksum) is not a report.

/** shipgate detectors whose provider or format has a rule in secretlint's recommended preset. */
const SECRETLINT_SCOPE = new Set([
  'gcp-service-account-key', 'private-key-pem', 'openssh-private-key', 'pgp-private-key',
  'github-pat', 'github-oauth-token', 'github-user-to-server-token', 'github-server-to-server-token',
  'github-refresh-token', 'github-installation-token-jwt', 'github-fine-grained-pat',
  'npm-access-token', 'npmrc-auth-token', 'npmrc-basic-auth',
  'gitlab-pat-routable', 'gitlab-pat', 'gitlab-token', 'gitlab-runner-registration-token',
  'grafana-service-account-token', 'grafana-cloud-token', 'aws-access-key-id', 'aws-secret-access-key',
  'dockerhub-token', 'hashicorp-vault-token', 'huggingface-token', 'linear-api-key', 'notion-token',
  'openai-api-key', 'anthropic-api-key', 'anthropic-admin-key', 'sendgrid-api-key', 'shopify-token',
  'slack-token', 'slack-app-token', 'slack-webhook', 'url-credentials',
]);

function score(name, detect) {
  const r = { name, tp: 0, fn: 0, scopeTp: 0, scopeN: 0, nearFp: 0, realFp: 0, missed: new Map(), fpFiles: [] };
  for (const c of corpus) {
    const found = detect(c);
    if (c.group === 'positive') {
      const hit = found.length > 0;
      if (hit) r.tp++;
      else {
        r.fn++;
        r.missed.set(c.detector, (r.missed.get(c.detector) ?? 0) + 1);
      }
      if (SECRETLINT_SCOPE.has(c.detector)) {
        r.scopeN++;
        if (hit) r.scopeTp++;
      }
    } else if (found.length > 0) {
      if (c.group === 'near-miss') r.nearFp++;
      else r.realFp++;
      r.fpFiles.push(`${c.id}: ${[...new Set(found)].join(', ')}`);
    }
  }
  r.recall = r.tp / (r.tp + r.fn);
  return r;
}

const sg = score('shipgate', (c) => shipgate.get(c.id).filter((h) => h.severity !== 'info').map((h) => h.detector));
const results = [sg];
if (secretlint) results.push(score(`secretlint ${secretlintVersion}`, (c) => secretlint.get(c.id).map((m) => m.ruleId)));

const pct = (a, b) => `${((a / b) * 100).toFixed(1)}% (${a}/${b})`;
console.log('\n| tool | recall, all formats | recall, formats both cover | near-miss FPs | real-file FPs | time |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const ms = r === sg ? shipgateMs : secretlintMs;
  console.log(`| ${r.name} | ${pct(r.tp, r.tp + r.fn)} | ${pct(r.scopeTp, r.scopeN)} | ${r.nearFp}/${counts('near-miss')} | ${r.realFp}/${counts('real')} | ${ms.toFixed(0)} ms |`);
}

for (const r of results) {
  console.log(`\n${r.name}: formats with misses (of ${SEEDS} samples each):`);
  console.log([...r.missed].map(([id, n]) => `${id} ${n}`).join(', ') || '(none)');
  console.log(`${r.name}: false positives:`);
  for (const f of r.fpFiles) console.log(`  ${f}`);
}

const infoOnNearMiss = corpus.filter((c) => c.group === 'near-miss' && c.expectInfo && shipgate.get(c.id).some((h) => h.severity === 'info')).length;
console.log(`\nshipgate: ${infoOnNearMiss}/${corpus.filter((c) => c.expectInfo).length} checksum-failing near misses reported as info (not counted as findings)`);

// ── Speed of the prefilter design, on the real files ──
const real = corpus.filter((c) => c.group === 'real');
const big = real.map((c) => c.text).join('\n');
const mb = Buffer.byteLength(big) / 1e6;
function time(fn, rounds = 3) {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}
const keywords = [...new Set(DETECTORS.flatMap((d) => d.keywords))].sort((a, b) => b.length - a.length);
const combined = new RegExp(keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'gi');
let prefilterHits = 0;
const tPrefilter = time(() => {
  prefilterHits = 0;
  combined.lastIndex = 0;
  for (let m = combined.exec(big); m; m = combined.exec(big)) {
    prefilterHits++;
    combined.lastIndex = m.index + 1;
  }
});
// For comparison: a plain Aho–Corasick automaton over the same keywords (ASCII case folded).
function buildAhoCorasick(words) {
  const next = [new Map()];
  const fail = [0];
  const out = [0];
  for (const w of words) {
    let s = 0;
    for (const ch of w) {
      const c = ch.charCodeAt(0);
      let t = next[s].get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        fail.push(0);
        out.push(0);
        next[s].set(c, t);
      }
      s = t;
    }
    out[s]++;
  }
  const queue = [...next[0].values()];
  while (queue.length) {
    const s = queue.shift();
    for (const [c, t] of next[s]) {
      let f = fail[s];
      while (f && !next[f].has(c)) f = fail[f];
      fail[t] = next[f].get(c) ?? 0;
      if (fail[t] === t) fail[t] = 0;
      out[t] += out[fail[t]];
      queue.push(t);
    }
  }
  return (text) => {
    let s = 0;
    let hits = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c |= 0x20;
      while (s && !next[s].has(c)) s = fail[s];
      s = next[s].get(c) ?? 0;
      hits += out[s];
    }
    return hits;
  };
}
const ahoCorasick = buildAhoCorasick(keywords);
let acHits = 0;
const tAc = time(() => {
  acHits = ahoCorasick(big);
});
const tEngineCode = time(() => scanSecrets(big, { path: 'big.js', kind: 'code' }));
const tEngineConfig = time(() => scanSecrets(big, { path: 'big.json', kind: 'config' }));
const naive = DETECTORS.map((d) => new RegExp(d.pattern.source, d.pattern.flags.replace('g', '') + 'g'));
const tNaive = time(() => {
  for (const r of naive) {
    r.lastIndex = 0;
    for (let m = r.exec(big); m; m = r.exec(big)) if (m[0].length === 0) r.lastIndex++;
  }
}, 1);
console.log(`\nspeed on ${mb.toFixed(1)} MB of real package text (one string, best of 3):`);
console.log(`  combined keyword search alone (${keywords.length} keywords, ${prefilterHits} hits): ${tPrefilter.toFixed(0)} ms (${(mb / (tPrefilter / 1000)).toFixed(0)} MB/s)`);
console.log(`  Aho–Corasick in JS, same keywords (${acHits} hits): ${tAc.toFixed(0)} ms (${(mb / (tAc / 1000)).toFixed(0)} MB/s)`);
console.log(`  whole engine, kind=code:   ${tEngineCode.toFixed(0)} ms (${(mb / (tEngineCode / 1000)).toFixed(0)} MB/s)`);
console.log(`  whole engine, kind=config: ${tEngineConfig.toFixed(0)} ms (${(mb / (tEngineConfig / 1000)).toFixed(0)} MB/s)`);
console.log(`  naive: every detector regex over the whole text: ${tNaive.toFixed(0)} ms`);

// With --real all, secretlint was seen to keep a CPU busy after every result had been returned;
// do not wait for whatever it left running.
process.exit(0);
