// `shipgate incident` against a real Verdaccio; `--apply` runs the real npm against it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { incidentCommand } from '../../src/cli/commands/incident.js';
import type { IncidentPlan } from '../../src/incident/model.js';
import { FIXTURE_NAME, LEAKED_TOKEN, packument, publishFixture, runCommand, startRegistry, type TestRegistry } from '../history/registry.js';

let registry: TestRegistry;
let cache: string;
const BAD = `${FIXTURE_NAME}@1.1.0`;

before(async () => {
  registry = await startRegistry();
  await publishFixture(registry);
  // The usual incident: the bad release is what `latest` installs.
  const tag = await registry.npm(['dist-tag', 'add', BAD, 'latest']);
  assert.equal(tag.code, 0, tag.stderr);
  cache = mkdtempSync(path.join(os.tmpdir(), 'shipgate-incident-cache-'));
});

after(async () => {
  await registry?.close();
  if (cache) rmSync(cache, { recursive: true, force: true });
});

function incident(values: Record<string, string | boolean>, extra: Record<string, unknown> = {}, spec = BAD) {
  return runCommand(incidentCommand, { registry: registry.url, 'cache-dir': cache, ...values }, [spec], { env: registry.env, cwd: registry.dir, stdinIsTTY: false, ...extra });
}

describe('shipgate incident', () => {
  test('the plan as data: fallback, token with rotation page, exposure, commands, unpublish unknowns', async () => {
    const r = await incident({ format: 'json' });
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as IncidentPlan;
    assert.equal(plan.version, '1.1.0');
    assert.equal(plan.registry, registry.url);
    assert.equal(plan.latest.current, '1.1.0');
    assert.equal(plan.latest.affected, true);
    assert.equal(plan.latest.target?.version, '1.1.1');
    assert.equal(plan.latest.fallback?.version, '1.0.0');
    assert.equal(plan.newerGood?.version, '1.1.1');

    assert.equal(plan.inspected, true);
    assert.equal(plan.rotate.length, 1);
    const token = plan.rotate[0]!;
    assert.match(token.description, /npm/);
    assert.match(token.redacted, /^npm_…/);
    assert.deepEqual(token.locations, ['.env:2']);
    assert.equal(token.rotationUrl, 'https://docs.npmjs.com/revoking-access-tokens');
    assert.equal(plan.exposure?.files, 1);
    assert.equal(plan.exposure?.lines, 6);
    assert.deepEqual(plan.forbidden.map((f) => f.path), ['.env']);

    assert.deepEqual(plan.steps.map((s) => s.id), ['deprecate', 'dist-tag:latest']);
    assert.equal(plan.steps[1]!.command, `npm dist-tag add ${FIXTURE_NAME}@1.1.1 latest --registry ${registry.url}`);
    assert.match(plan.steps[0]!.command, new RegExp(`^npm deprecate ${FIXTURE_NAME}@1\\.1\\.0 '.+' --registry ${registry.url.replace(/[./]/g, '\\$&')}$`));
    assert.equal(plan.supersede.nextVersion, '1.1.2');

    // Published seconds ago: inside the window; Verdaccio cannot say who depends on it.
    assert.equal(plan.unpublish.possible, 'unknown');
    assert.equal(plan.unpublish.route, 'within-72-hours');
    const byId = Object.fromEntries(plan.unpublish.conditions.map((c) => [c.id, c]));
    assert.equal(byId['within-72-hours']!.met, 'yes');
    assert.equal(byId['no-dependents']!.met, 'unknown');
    assert.match(byId['no-dependents']!.actual, /no dependents endpoint/);
    assert.match(byId['under-300-weekly-downloads']!.actual, /no download counts/);
    assert.match(byId['single-owner']!.actual, /does not list maintainers/);
    assert.deepEqual(plan.unpublish.unknown.length, 1, 'within 72 hours only dependents matter');

    assert.match(plan.notice, /^## Security notice: shipgate-fixture@1\.1\.0$/m);
    assert.ok(!r.stdout.includes(LEAKED_TOKEN), 'the token must never be printed');
  });

  test('text: credentials first, then the commands, and nothing changed', async () => {
    const r = await incident({});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1\. Revoke these credentials now\n {3}- npm .*npm_…\(40 chars\)/);
    assert.match(r.stdout, /rotate at https:\/\/docs\.npmjs\.com\/revoking-access-tokens/);
    assert.match(r.stdout, /index\.js\.map: 1 file, 6 lines/);
    assert.match(r.stdout, /latest {6}latest points at 1\.1\.0; move it to 1\.1\.1/);
    assert.match(r.stdout, /falls back {2}1\.0\.0 \(no tags point at it\)/);
    assert.match(r.stdout, /Unpublish: unknown/);
    assert.match(r.stdout, /\[unknown\] no other package in the public registry depends on it/);
    assert.match(r.stdout, /Nothing was changed\./);
    assert.ok(!r.stdout.includes(LEAKED_TOKEN));
    const p = await packument(registry);
    assert.equal(p.versions['1.1.0']?.deprecated, undefined);
    assert.equal(p['dist-tags'].latest, '1.1.0');
  });

  test('markdown: sections, fenced commands, the notice', async () => {
    const r = await incident({ format: 'markdown' });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^### 1\. Revoke these credentials now$/m);
    assert.match(r.stdout, /\[rotation page\]\(https:\/\/docs\.npmjs\.com\/revoking-access-tokens\)/);
    assert.match(r.stdout, /^```sh\nnpm deprecate /m);
    assert.match(r.stdout, /^```markdown\n## Security notice/m);
  });

  test('--apply without --yes and without a terminal refuses (exit 2) and changes nothing', async () => {
    const r = await incident({ apply: true });
    assert.equal(r.code, 2);
    assert.equal(r.error?.code, 'E_CONFIRM');
    assert.match(r.error?.hint ?? '', /--yes/);
    assert.equal((await packument(registry))['dist-tags'].latest, '1.1.0');
  });

  test('--apply on a terminal asks before each step; "n" runs nothing', async () => {
    const asked: string[] = [];
    const r = await incident({ apply: true }, { stdinIsTTY: true, prompt: async (q: string) => (asked.push(q), 'n') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(asked.length, 2);
    assert.match(asked[0]!, /^Run: npm deprecate /);
    assert.match(r.stdout, /^declined npm dist-tag add /m);
    const p = await packument(registry);
    assert.equal(p.versions['1.1.0']?.deprecated, undefined);
    assert.equal(p['dist-tags'].latest, '1.1.0');
  });

  test('usage errors are exit 2', async () => {
    assert.equal((await incident({ yes: true })).error?.code, 'E_USAGE');
    assert.equal((await incident({}, {}, FIXTURE_NAME)).error?.code, 'E_USAGE');
    assert.equal((await incident({ dependents: 'some' })).error?.code, 'E_USAGE');
    assert.equal((await incident({ message: ' ' })).error?.code, 'E_USAGE');
    assert.equal((await incident({}, {}, `${FIXTURE_NAME}@9.9.9`)).error?.code, 'E_VERSION_NOT_FOUND');
  });

  test('facts given on the command line decide the unpublish question', async () => {
    const r = await incident({ format: 'json', dependents: '2' });
    const plan = JSON.parse(r.stdout) as IncidentPlan;
    assert.equal(plan.unpublish.possible, 'no');
  });

  // Last: it changes the registry.
  test('--apply --yes deprecates the version and moves latest, with the real npm', async () => {
    const r = await incident({ apply: true, yes: true, format: 'json', message: 'Do not use 1.1.0: it leaked a token. Use 1.1.1.' });
    assert.equal(r.code, 0, r.stdout);
    const plan = JSON.parse(r.stdout) as IncidentPlan;
    assert.deepEqual(plan.applied?.map((a) => `${a.id} ${a.outcome}`), ['deprecate done', 'dist-tag:latest done']);
    const p = await packument(registry);
    assert.equal(p.versions['1.1.0']?.deprecated, 'Do not use 1.1.0: it leaked a token. Use 1.1.1.');
    assert.equal(p['dist-tags'].latest, '1.1.1');
    assert.equal(p['dist-tags'].next, '2.0.0-beta.1');

    // Planning again sees the new state: already deprecated, latest no longer affected.
    const again = JSON.parse((await incident({ format: 'json' })).stdout) as IncidentPlan;
    assert.equal(again.deprecated, 'Do not use 1.1.0: it leaked a token. Use 1.1.1.');
    assert.equal(again.latest.affected, false);
    assert.deepEqual(again.steps.map((s) => s.id), ['deprecate']);
  });
});
