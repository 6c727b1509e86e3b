#!/usr/bin/env node
// Refreshes trust/ from sigstore's public-good TUF repository, the same source npm uses:
// targets `trusted_root.json` and `registry.npmjs.org/keys.json`. TUF checks the chain of
// signed metadata from the root embedded in @sigstore/tuf, so what lands in trust/ is what
// sigstore's root-signing ceremony published, not whatever a CDN served.
//
// Needs network access to https://tuf-repo-cdn.sigstore.dev (or --mirror) and the
// @sigstore/tuf package (installed with pacote -> sigstore; else `npm i --no-save @sigstore/tuf`).
// Not run by the test suite: shipgate's CI cannot reach the TUF CDN.
//
//   node scripts/update-trust.mjs [--mirror URL] [--root root.json] [--out trust]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    mirror: { type: 'string' },
    root: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('../trust/', import.meta.url)) },
  },
});

let tuf;
try {
  tuf = await import('@sigstore/tuf');
} catch {
  console.error('update-trust: @sigstore/tuf is not installed; run `npm i --no-save @sigstore/tuf` and retry');
  process.exit(2);
}

const TARGETS = [
  { target: 'trusted_root.json', file: 'trusted_root.json' },
  { target: 'registry.npmjs.org/keys.json', file: 'keys.tuf-target.json' },
];

const cachePath = mkdtempSync(path.join(tmpdir(), 'shipgate-tuf-'));
try {
  const client = await tuf.initTUF({ cachePath, mirrorURL: values.mirror, rootPath: values.root, force: true });
  for (const { target, file } of TARGETS) {
    const text = await client.getTarget(target);
    JSON.parse(text); // a target that is not JSON is a bug upstream: stop before writing
    const dest = path.join(values.out, file);
    writeFileSync(dest, text);
    const sha256 = createHash('sha256').update(text).digest('hex');
    console.log(`${dest}  ${target}  sha256 ${sha256}`);
  }
  console.log(`\nUpdate trust/README.md with today's date (${new Date().toISOString().slice(0, 10)}) and the hashes above.`);
} catch (err) {
  console.error(`update-trust: ${err?.code ?? ''} ${err?.message ?? err}`);
  process.exitCode = 1;
} finally {
  rmSync(cachePath, { recursive: true, force: true });
}
