// Fixture workflow in, sorted (rule, line) out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditWorkflowFiles } from '../../src/workflows/index.js';
import { fixture, repoPathOf, ruleLines } from './helpers.js';

const CASES: Array<{ fixture: string; why: string; publishingJobs: string[]; expected: Array<[string, number]> }> = [
  {
    fixture: 'trusted-publishing.yml',
    why: 'OIDC, pinned SHAs, job-level id-token, shipgate before publish, persist-credentials: false',
    publishingJobs: ['publish'],
    expected: [],
  },
  {
    fixture: 'classic-token.yml',
    why: 'NPM_TOKEN, @v4 tags, setup-node cache, Node 20',
    publishingJobs: ['publish'],
    expected: [
      ['workflow-checkout-credentials', 11],
      ['workflow-id-token-permission', 8],
      ['workflow-long-lived-token', 21],
      ['workflow-no-pack-inspection', 19],
      ['workflow-npm-version', 14],
      ['workflow-provenance', 19],
      ['workflow-release-cache', 16],
      ['workflow-unpinned-action', 11],
      ['workflow-unpinned-action', 12],
    ],
  },
  {
    fixture: 'changesets.yml',
    why: 'changesets/action with publish:, NPM_TOKEN, workflow-level write permissions, pnpm cache',
    publishingJobs: ['release'],
    expected: [
      ['workflow-checkout-credentials', 21],
      ['workflow-long-lived-token', 42],
      ['workflow-no-pack-inspection', 36],
      ['workflow-npm-version', 28],
      ['workflow-provenance', 36],
      ['workflow-release-cache', 29],
      ['workflow-top-level-permissions', 10],
      ['workflow-unpinned-action', 21],
      ['workflow-unpinned-action', 23],
      ['workflow-unpinned-action', 26],
      ['workflow-unpinned-action', 36],
    ],
  },
  {
    fixture: 'semantic-release.yml',
    why: 'npx semantic-release with NPM_TOKEN; pinned, job-level permissions, lts/*',
    publishingJobs: ['release'],
    expected: [
      ['workflow-checkout-credentials', 21],
      ['workflow-long-lived-token', 35],
      ['workflow-no-pack-inspection', 36],
      ['workflow-provenance', 36],
    ],
  },
  {
    fixture: 'pull-request-target.yml',
    why: 'preview publish from pull_request_target',
    publishingJobs: ['preview'],
    expected: [['workflow-dangerous-trigger', 4]],
  },
  {
    fixture: 'workflow-run.yml',
    why: 'publish from workflow_run with an unpinned download-artifact',
    publishingJobs: ['publish'],
    expected: [
      ['workflow-dangerous-trigger', 4],
      ['workflow-unpinned-action', 18],
    ],
  },
  {
    fixture: 'gitlab-token.gitlab-ci.yml',
    why: 'GitLab job writing NPM_TOKEN to .npmrc, default cache, node:20 image',
    publishingJobs: ['publish'],
    expected: [
      ['workflow-id-token-permission', 18],
      ['workflow-long-lived-token', 23],
      ['workflow-no-pack-inspection', 25],
      ['workflow-npm-version', 6],
      ['workflow-provenance', 25],
      ['workflow-release-cache', 7],
    ],
  },
  {
    fixture: 'gitlab-oidc.gitlab-ci.yml',
    why: 'GitLab trusted publishing: NPM_ID_TOKEN id token, node:24 via extends, cache: []',
    publishingJobs: ['publish'],
    expected: [],
  },
  {
    fixture: 'broken.yml',
    why: 'misindented YAML: one parse-error finding at the bad line',
    publishingJobs: [],
    expected: [['workflow-parse-error', 9]],
  },
  {
    fixture: 'ci.yml',
    why: 'test workflow: caches, @v4 and write-all are out of scope when nothing publishes; publish --dry-run is not a publish',
    publishingJobs: [],
    expected: [],
  },
];

describe('workflow fixtures', () => {
  for (const c of CASES) {
    it(`${c.fixture}: ${c.why}`, () => {
      const audit = auditWorkflowFiles([{ path: repoPathOf(c.fixture), text: fixture(c.fixture) }]);
      assert.equal(audit.workflows, 1);
      assert.deepEqual(audit.publishingJobs.map((j) => j.job), c.publishingJobs);
      assert.deepEqual(ruleLines(audit.findings), c.expected);
      for (const f of audit.findings) {
        assert.equal(f.path, repoPathOf(c.fixture));
        assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
        assert.equal(typeof f.data?.fix, 'string', `${f.rule} carries a fix`);
      }
    });
  }

  it('the good workflow has no error findings even with every fixture audited together', () => {
    const audit = auditWorkflowFiles(CASES.map((c) => ({ path: repoPathOf(c.fixture), text: fixture(c.fixture) })).filter((f) => f.path !== '.gitlab-ci.yml'));
    assert.equal(audit.findings.filter((f) => f.path.endsWith('trusted-publishing.yml')).length, 0);
  });

  it('severities follow the documented choices', () => {
    const sev = (name: string, rule: string): string[] =>
      auditWorkflowFiles([{ path: repoPathOf(name), text: fixture(name) }])
        .findings.filter((f) => f.rule === rule)
        .map((f) => f.severity);
    assert.deepEqual(sev('classic-token.yml', 'workflow-long-lived-token'), ['error']);
    assert.deepEqual(sev('gitlab-token.gitlab-ci.yml', 'workflow-long-lived-token'), ['error']);
    assert.deepEqual(sev('pull-request-target.yml', 'workflow-dangerous-trigger'), ['error']);
    assert.deepEqual(sev('classic-token.yml', 'workflow-npm-version'), ['info'], 'token job: npm version matters only for migrating');
    assert.deepEqual(sev('changesets.yml', 'workflow-top-level-permissions'), ['info'], 'single-job workflow');
    assert.deepEqual(sev('classic-token.yml', 'workflow-provenance'), ['info']);
    assert.deepEqual(sev('broken.yml', 'workflow-parse-error'), ['warning']);
  });
});
