import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BINARY_DETECTORS, DETECTORS } from '../../src/secrets/index.js';

/** docs/rules/secrets.md, looked up from the working directory, then upwards from this file. */
function docsPage(): string {
  const candidates = [join(process.cwd(), 'docs/rules/secrets.md')];
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    candidates.push(join(dir, 'docs/rules/secrets.md'));
  }
  const found = candidates.find((p) => existsSync(p));
  assert.ok(found, 'docs/rules/secrets.md not found');
  return readFileSync(resolve(found), 'utf8');
}

test('the docs table lists exactly the detectors, with their severity', () => {
  const page = docsPage();
  const rows = new Map<string, string>();
  for (const line of page.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \|/.exec(line);
    if (m) rows.set(m[1], line);
  }
  const ids = [...DETECTORS.map((d) => d.id), ...BINARY_DETECTORS.map((d) => d.id)];
  assert.deepEqual([...rows.keys()].sort(), [...ids].sort());
  for (const d of [...DETECTORS, ...BINARY_DETECTORS]) {
    assert.match(rows.get(d.id) ?? '', new RegExp(`\\| ${d.severity} \\|`), `${d.id} severity in docs`);
  }
});

/** The docs rows, exactly as they must appear (regenerate the table when a detector changes). */
export function docsRows(): string[] {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = DETECTORS.map((d) => {
    const check = d.validate ? 'checksum/structure' : d.refine ? 'context' : 'shape';
    const where = d.anchor === 'prefix' ? '' : ' (near a keyword)';
    const url = d.rotationUrl ? `<${d.rotationUrl}>` : '—';
    return `| \`${d.id}\` | ${esc(d.description)}${where}: ${esc(d.reason)} | ${check} | ${d.severity} | ${url} |`;
  });
  for (const d of BINARY_DETECTORS) rows.push(`| \`${d.id}\` | ${esc(d.description)}: ${esc(d.reason)} | ${d.severity} |`);
  return rows;
}

test('the docs table rows match the detector table word for word', () => {
  const lines = new Set(docsPage().split('\n'));
  for (const row of docsRows()) assert.ok(lines.has(row), `docs/rules/secrets.md is out of date; expected row:\n${row}`);
});
