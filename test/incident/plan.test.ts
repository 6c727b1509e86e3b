// The pure planner: fallback versions, tag changes, the next version, commands, secrets to
// rotate, the notice, and --apply's step runner with a fake npm.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeakedSecret, VersionInspection } from '../../src/history/model.js';
import { applyPlan } from '../../src/incident/apply.js';
import { commandLine, shellQuote } from '../../src/incident/commands.js';
import { rotationList } from '../../src/incident/leak.js';
import { buildPlan, fallbackVersion, nextVersion, newerGoodVersion, tagChanges, type PlanInput } from '../../src/incident/plan.js';
import type { Packument } from '../../src/registry/fetch.js';

function packumentOf(versions: Record<string, { deprecated?: string; gitHead?: string }>, tags: Record<string, string>, goneVersions: string[] = []): Packument {
  const time: Record<string, string> = { created: '2026-01-01T00:00:00.000Z' };
  let day = 1;
  for (const v of [...Object.keys(versions), ...goneVersions]) time[v] = `2026-01-${String(day++).padStart(2, '0')}T00:00:00.000Z`;
  return {
    name: 'pkg',
    'dist-tags': tags,
    versions: Object.fromEntries(Object.entries(versions).map(([v, extra]) => [v, { name: 'pkg', version: v, ...extra, dist: { integrity: 'sha512-AA==', tarball: `https://r/pkg/-/pkg-${v}.tgz` } }])),
    time,
  };
}

const FIXTURE = packumentOf({ '1.0.0': {}, '1.1.0': {}, '1.1.1': {}, '2.0.0-beta.1': {} }, { latest: '1.1.0', next: '2.0.0-beta.1' });

describe('which version latest goes to', () => {
  const rows: Array<{ what: string; p: Packument; bad: string; fallback?: string; newer?: string }> = [
    { what: 'the fixture: 1.0.0 below, 1.1.1 above', p: FIXTURE, bad: '1.1.0', fallback: '1.0.0', newer: '1.1.1' },
    { what: 'deprecated versions are skipped', p: packumentOf({ '1.0.0': {}, '1.0.1': { deprecated: 'broken' }, '1.1.0': {} }, {}), bad: '1.1.0', fallback: '1.0.0' },
    { what: 'prereleases are skipped', p: packumentOf({ '1.0.0': {}, '1.1.0-rc.1': {}, '1.1.0': {} }, {}), bad: '1.1.0', fallback: '1.0.0' },
    { what: 'nothing below the first release', p: packumentOf({ '1.0.0': {}, '1.0.1': {} }, {}), bad: '1.0.0', newer: '1.0.1' },
    { what: 'a deprecated newer release is not a fix', p: packumentOf({ '1.0.0': {}, '1.1.0': {}, '1.2.0': { deprecated: 'also bad' } }, {}), bad: '1.1.0', fallback: '1.0.0' },
    { what: 'semver order, not publish order', p: packumentOf({ '2.0.0': {}, '1.9.0': {}, '1.10.0': {}, '3.0.0': {} }, {}), bad: '3.0.0', fallback: '2.0.0' },
  ];
  for (const row of rows) {
    test(row.what, () => {
      assert.equal(fallbackVersion(row.p, row.bad), row.fallback);
      assert.equal(newerGoodVersion(row.p, row.bad), row.newer);
    });
  }
});

describe('nextVersion: above every version ever used in the line', () => {
  const rows: Array<[string, Packument, string, string]> = [
    ['patch after the bad one', packumentOf({ '1.0.0': {}, '1.1.0': {} }, {}), '1.1.0', '1.1.1'],
    ['skips versions already used', FIXTURE, '1.1.0', '1.1.2'],
    ['skips unpublished versions too', packumentOf({ '1.0.0': {}, '1.1.0': {} }, {}, ['1.1.1', '1.1.2']), '1.1.0', '1.1.3'],
    ['stays in the major', packumentOf({ '1.0.0': {}, '2.0.0': {} }, {}), '1.0.0', '1.0.1'],
    ['a prerelease gets the next prerelease', FIXTURE, '2.0.0-beta.1', '2.0.0-beta.2'],
  ];
  for (const [what, p, bad, next] of rows) test(what, () => assert.equal(nextVersion(p, bad), next));
});

describe('tagChanges', () => {
  test('latest moves to the target; other tags on the bad version are removed', () => {
    const p = packumentOf({ '1.0.0': {}, '1.1.0': {} }, { latest: '1.1.0', beta: '1.1.0', old: '1.0.0' });
    assert.deepEqual(
      tagChanges(p, '1.1.0', '1.0.0').map((c) => `${c.tag} ${c.action} ${c.to ?? ''}`.trim()),
      ['beta remove', 'latest move 1.0.0'],
    );
  });
  test('latest with nowhere to go is blocked: the registry does not allow removing it', () => {
    const p = packumentOf({ '1.0.0': {} }, { latest: '1.0.0' });
    assert.deepEqual(tagChanges(p, '1.0.0', undefined).map((c) => c.action), ['blocked']);
  });
  test('tags elsewhere are left alone', () => {
    assert.deepEqual(tagChanges(FIXTURE, '1.0.0', undefined), []);
  });
});

describe('shell quoting', () => {
  const rows: Array<[string, string]> = [
    ['pkg@1.0.0', 'pkg@1.0.0'],
    ['@scope/pkg@1.0.0', '@scope/pkg@1.0.0'],
    ['https://registry.npmjs.org/', 'https://registry.npmjs.org/'],
    ['two words', "'two words'"],
    ["it's", "'it'\\''s'"],
    ['$(rm -rf ~)', "'$(rm -rf ~)'"],
    ['', "''"],
  ];
  for (const [arg, quoted] of rows) test(JSON.stringify(arg), () => assert.equal(shellQuote(arg), quoted));
  test('a command line', () => assert.equal(commandLine(['npm', 'deprecate', 'p@1.0.0', "don't use"]), "npm deprecate p@1.0.0 'don'\\''t use'"));
});

const SECRET: LeakedSecret = { path: '.env', line: 2, detector: 'npm-access-token', description: 'npm access token', redacted: 'npm_…(40 chars)', fingerprint: 'sec_1', severity: 'error', validated: true, rotationUrl: 'https://docs.npmjs.com/revoking-access-tokens' };

test('rotationList lists each credential once, with every place it was found, live ones first', () => {
  const list = rotationList([
    { ...SECRET, fingerprint: 'sec_2', description: 'AWS key', severity: 'info', validated: false, rotationUrl: undefined },
    SECRET,
    { ...SECRET, path: 'dist/cli.js.map', source: 'src/config.ts', line: 7 },
  ]);
  assert.deepEqual(list.map((r) => [r.fingerprint, r.locations]), [
    ['sec_1', ['.env:2', 'dist/cli.js.map (src/config.ts):7']],
    ['sec_2', ['.env:2']],
  ]);
});

function inspection(over: Partial<VersionInspection> = {}): VersionInspection {
  return {
    fromCache: false,
    files: 4,
    unpackedSize: 600,
    exposure: { maps: 1, files: 1, lines: 6, exposing: [{ path: 'index.js.map', exposedFiles: 1, exposedLines: 6 }] },
    secrets: [SECRET],
    forbidden: [{ path: '.env', severity: 'error', row: 'env-file', message: 'env-file: …' }],
    summary: { error: 3, warning: 0, info: 0 },
    passed: false,
    findings: [],
    ...over,
  };
}

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    name: 'pkg',
    version: '1.1.0',
    registry: 'https://registry.example/',
    packument: FIXTURE,
    inspection: inspection(),
    facts: { dependents: { source: 'unknown here' }, weeklyDownloads: { source: 'unknown here' }, owners: { value: 1, source: 'maintainers' } },
    now: new Date('2026-01-03T06:00:00.000Z'),
    toolVersion: '0.0.0',
    ...over,
  };
}

describe('buildPlan', () => {
  test('the fixture incident: latest moves to 1.1.1, next stays, the token is listed with its rotation page', () => {
    const plan = buildPlan(input());
    assert.equal(plan.latest.affected, true);
    assert.equal(plan.latest.target?.version, '1.1.1');
    assert.equal(plan.latest.fallback?.version, '1.0.0');
    assert.deepEqual(plan.latest.fallback?.distTags, []);
    assert.deepEqual(plan.steps.map((s) => s.command), [
      "npm deprecate pkg@1.1.0 '1.1.0 was published by mistake with credentials, original source code and private files; do not use it. Use 1.1.1 instead.' --registry https://registry.example/",
      'npm dist-tag add pkg@1.1.1 latest --registry https://registry.example/',
    ]);
    assert.equal(plan.supersede.nextVersion, '1.1.2');
    assert.ok(plan.supersede.commands.some((c) => c === 'npm publish release.tgz --tag latest --registry https://registry.example/'));
    assert.deepEqual(plan.rotate.map((r) => [r.description, r.rotationUrl]), [['npm access token', 'https://docs.npmjs.com/revoking-access-tokens']]);
    assert.equal(plan.exposure?.files, 1);
    // Published 2026-01-02, now 30 hours later: inside the window, dependents unknown.
    assert.equal(plan.unpublish.possible, 'unknown');
    assert.equal(plan.unpublish.route, 'within-72-hours');
    assert.equal(plan.unpublish.unknown.length, 1);
    assert.equal(plan.unpublish.command, 'npm unpublish pkg@1.1.0 --registry https://registry.example/');
    assert.match(plan.notice, /^## Security notice: pkg@1\.1\.0$/m);
    assert.match(plan.notice, /npm install pkg@1\.1\.1/);
    assert.match(plan.notice, /1 credential/);
  });

  test('latest elsewhere: only the deprecation runs', () => {
    const plan = buildPlan(input({ packument: packumentOf({ '1.0.0': {}, '1.1.0': {}, '1.1.1': {} }, { latest: '1.1.1' }) }));
    assert.equal(plan.latest.affected, false);
    assert.match(plan.latest.detail, /latest points at 1\.1\.1, not at 1\.1\.0; it stays/);
    assert.deepEqual(plan.steps.map((s) => s.kind), ['deprecate']);
  });

  test('a custom message is used as given', () => {
    const plan = buildPlan(input({ message: 'Use 1.1.1: 1.1.0 shipped a token.' }));
    assert.deepEqual(plan.steps[0]!.argv, ['npm', 'deprecate', 'pkg@1.1.0', 'Use 1.1.1: 1.1.0 shipped a token.', '--registry', 'https://registry.example/']);
  });

  test('an unread tarball leaves secrets and exposure unknown, and says so', () => {
    const plan = buildPlan(input({ inspection: undefined, inspectionError: 'tarball answered 404' }));
    assert.equal(plan.inspected, false);
    assert.deepEqual(plan.rotate, []);
    assert.ok(plan.notes.some((n) => /could not be read \(tarball answered 404\)/.test(n)));
  });

  test('an already unpublished version has no steps to apply', () => {
    const p = packumentOf({ '1.0.0': {} }, { latest: '1.0.0' }, ['1.1.0']);
    const plan = buildPlan(input({ packument: p }));
    assert.equal(plan.unpublished, true);
    assert.deepEqual(plan.steps, []);
  });

  test('the first and only release: latest is blocked, the fix must be published first', () => {
    const p = packumentOf({ '1.0.0': {} }, { latest: '1.0.0' });
    const plan = buildPlan(input({ packument: p, version: '1.0.0' }));
    assert.deepEqual(plan.tagChanges.map((c) => c.action), ['blocked']);
    assert.deepEqual(plan.steps.map((s) => s.kind), ['deprecate']);
    assert.equal(plan.supersede.nextVersion, '1.0.1');
    assert.ok(plan.supersede.notes.some((n) => /no earlier good release/.test(n)));
  });

  test('the superseding release starts from the last good commit when the registry recorded it', () => {
    const p = packumentOf({ '1.0.0': { gitHead: 'a1b2c3d4e5f6' }, '1.1.0': {} }, { latest: '1.1.0' });
    const plan = buildPlan(input({ packument: p }));
    assert.equal(plan.supersede.commands[0], 'git switch --create release/1.1.1 a1b2c3d4e5f6');
  });
});

describe('applyPlan', () => {
  const plan = buildPlan(input());
  test('runs confirmed steps with the exact argv; declined ones are not run', async () => {
    const ran: string[][] = [];
    const applied = await applyPlan(plan, {
      run: async (argv) => {
        ran.push([...argv]);
        return { code: 0, stdout: '', stderr: '' };
      },
      confirm: async (step) => step.kind === 'deprecate',
    });
    assert.deepEqual(ran, [plan.steps[0]!.argv]);
    assert.deepEqual(applied.map((a) => a.outcome), ['done', 'declined']);
  });
  test('a failing step is reported with npm\'s last error line, and the next step still runs', async () => {
    const applied = await applyPlan(plan, {
      run: async (argv) => (argv[1] === 'deprecate' ? { code: 1, stdout: '', stderr: 'npm notice x\nnpm error code E403\nnpm error 403 Forbidden\n' } : { code: 0, stdout: '', stderr: '' }),
      confirm: async () => true,
    });
    assert.deepEqual(applied.map((a) => [a.outcome, a.detail]), [['failed', 'npm error 403 Forbidden'], ['done', undefined]]);
  });
});
