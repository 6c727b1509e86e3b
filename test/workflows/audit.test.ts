// Library behaviour beyond single fixtures: cross-file links, context files, fingerprints, I/O edges.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { isShipgateError } from '../../src/errors.js';
import { auditRepository, auditWorkflowFiles, WORKFLOW_CHECKS } from '../../src/workflows/index.js';
import { fixture, ruleLines } from './helpers.js';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const SETUP_NODE = 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0';

/** A tokenless, pinned publishing job whose only variable part is `steps`. */
function oidcWorkflow(steps: string, extra = ''): string {
  return `name: Release
on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
${extra}    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
${steps}`;
}

const rules = (text: string, path = '.github/workflows/release.yml', more: Array<{ path: string; text: string }> = []): Array<[string, number]> =>
  ruleLines(auditWorkflowFiles([{ path, text }, ...more]).findings);

describe('auditWorkflowFiles', () => {
  it('returns an empty audit when there are no workflow files', () => {
    assert.deepEqual(auditWorkflowFiles([]), { workflows: 0, publishingJobs: [], findings: [] });
    assert.deepEqual(auditWorkflowFiles([{ path: 'README.md', text: '# hi' }]), { workflows: 0, publishingJobs: [], findings: [] });
  });

  it('keeps auditing the other files when one does not parse', () => {
    const audit = auditWorkflowFiles([
      { path: '.github/workflows/broken.yml', text: fixture('broken.yml') },
      { path: '.github/workflows/release.yml', text: fixture('classic-token.yml') },
    ]);
    assert.equal(audit.workflows, 2);
    assert.ok(audit.findings.some((f) => f.rule === 'workflow-parse-error' && f.path.endsWith('broken.yml')));
    assert.ok(audit.findings.some((f) => f.rule === 'workflow-long-lived-token' && f.path.endsWith('release.yml')));
  });

  it('treats a workflow that is not a mapping as unparseable, and an empty one as harmless', () => {
    assert.deepEqual(rules('- just\n- a list\n'), [['workflow-parse-error', 1]]);
    assert.deepEqual(rules(''), []);
    assert.deepEqual(rules('a: 1\na: 2\n'), [['workflow-parse-error', 2]]);
  });

  it('never throws on odd shapes: self-merging anchors, cyclic extends, wrong types', () => {
    const github = [
      'a: &a\n  b: 1\n  <<: *a\n',
      'jobs: &j\n  x:\n    <<: *j\n    steps: [{run: npm publish}]\n',
      'jobs:\n  x:\n    steps: 5\n',
      'jobs: [1, 2]\n',
      'on: [push, {bad: 1}]\njobs:\n  p:\n    runs-on: {group: big}\n    steps:\n      - run: [npm publish]\n      - uses: {a: 1}\n',
      'permissions: read-all\nenv: ${{ fromJSON(x) }}\njobs:\n  p:\n    needs: a\n    permissions: {}\n    steps:\n      - run: npm publish\n        env: ${{ x }}\n',
      '!!binary x\n',
      `"${'x'.repeat(10000)}`,
    ];
    const gitlab = [
      '.a: &a\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: [.a, .b]\n  script: npm publish\n',
      'job:\n  script:\n    - !reference [.missing, script]\n    - [nested, [deeper, npm publish]]\n',
      'default: 5\njob:\n  image: {name: node:20}\n  cache: {paths: [x]}\n  script: [npm publish]\n',
    ];
    for (const text of github) assert.doesNotThrow(() => auditWorkflowFiles([{ path: '.github/workflows/x.yml', text }]), text);
    for (const text of gitlab) {
      const audit = auditWorkflowFiles([{ path: '.gitlab-ci.yml', text }]);
      assert.deepEqual(audit.publishingJobs.map((j) => j.job), ['job'], text);
    }
  });

  it('gives stable fingerprints: moving lines keeps them, another job changes them', () => {
    const text = fixture('classic-token.yml');
    const before = auditWorkflowFiles([{ path: '.github/workflows/release.yml', text }]).findings;
    const shifted = auditWorkflowFiles([{ path: '.github/workflows/release.yml', text: `# Publishes on release.\n\n${text}` }]).findings;
    assert.deepEqual(shifted.map((f) => f.fingerprint).sort(), before.map((f) => f.fingerprint).sort());
    assert.notDeepEqual(shifted.map((f) => f.line), before.map((f) => f.line));
    const renamed = auditWorkflowFiles([{ path: '.github/workflows/release.yml', text: text.replace('  publish:\n', '  release:\n') }]).findings;
    const token = (fs: typeof before) => fs.find((f) => f.rule === 'workflow-long-lived-token')?.fingerprint;
    assert.notEqual(token(renamed), token(before));
    const otherFile = auditWorkflowFiles([{ path: '.github/workflows/npm.yml', text }]).findings;
    assert.notEqual(token(otherFile), token(before));
  });

  it('follows package.json scripts and honours publishConfig.provenance', () => {
    const workflow = fixture('classic-token.yml').replace('npm publish --access public', 'npm run release');
    const manifest = JSON.stringify({ name: 'x', scripts: { release: 'npm publish' }, publishConfig: { provenance: true } });
    const audit = auditWorkflowFiles([
      { path: '.github/workflows/release.yml', text: workflow },
      { path: 'package.json', text: manifest },
    ]);
    assert.deepEqual(audit.publishingJobs, [{ path: '.github/workflows/release.yml', job: 'publish', line: 8, tools: ['npm publish'] }]);
    assert.ok(!audit.findings.some((f) => f.rule === 'workflow-provenance'));
    const without = auditWorkflowFiles([{ path: '.github/workflows/release.yml', text: workflow }]);
    assert.equal(without.publishingJobs.length, 0, 'without package.json the script is opaque');
  });

  it('flags a workflow that calls a local publishing workflow from pull_request_target', () => {
    const callee = oidcWorkflow('      - run: npx shipgate check\n      - run: npm publish\n').replace("push:\n    tags: ['v*']", 'workflow_call:');
    const caller = `name: Preview
on: pull_request_target
jobs:
  release:
    uses: ./.github/workflows/publish.yml
    secrets: inherit
`;
    const audit = auditWorkflowFiles([
      { path: '.github/workflows/publish.yml', text: callee },
      { path: '.github/workflows/preview.yml', text: caller },
    ]);
    const callerFindings = ruleLines(audit.findings.filter((f) => f.path.endsWith('preview.yml')));
    assert.deepEqual(callerFindings, [
      ['workflow-dangerous-trigger', 2],
      ['workflow-id-token-permission', 4],
    ]);
  });

  it('judges the npm of tokenless jobs: Node 22 warns, .nvmrc with 24 or an npm upgrade passes', () => {
    const steps = (node: string, extra = '') =>
      `      - uses: ${SETUP_NODE}\n        with:\n${node}${extra}      - run: npx shipgate check\n      - run: npm publish\n`;
    assert.deepEqual(rules(oidcWorkflow(steps('          node-version: 22\n'))), [['workflow-npm-version', 17]]);
    const finding = auditWorkflowFiles([{ path: '.github/workflows/r.yml', text: oidcWorkflow(steps('          node-version: 22\n')) }]).findings[0];
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(rules(oidcWorkflow(steps('          node-version: 22\n', '      - run: npm install -g npm@latest\n'))), []);
    assert.deepEqual(rules(oidcWorkflow(steps('          node-version: 22\n', '      - run: npm install -g npm@10\n'))), [['workflow-npm-version', 18]]);
    assert.deepEqual(rules(oidcWorkflow(steps('          node-version: 20\n', '      - run: npm install -g npm@latest\n'))), [['workflow-npm-version', 17]]);
    const nvmrc = oidcWorkflow(steps('          node-version-file: .nvmrc\n'));
    assert.deepEqual(rules(nvmrc, undefined, [{ path: '.nvmrc', text: 'v24.11.0\n' }]), []);
    assert.deepEqual(rules(nvmrc), [['workflow-npm-version', 17]], 'unreadable .nvmrc: unknown, info');
    assert.deepEqual(rules(oidcWorkflow('      - run: npx shipgate check\n      - run: npm publish\n')), [['workflow-npm-version', 16]]);
    assert.deepEqual(rules(oidcWorkflow('      - run: npx shipgate check\n      - run: npx -y npm@11 publish\n')), []);
  });

  it('treats setup-node v5+ as caching when package.json sets packageManager', () => {
    const text = oidcWorkflow(
      '      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0\n        with:\n          node-version: 24\n      - run: npx shipgate check\n      - run: npm publish\n',
    );
    const pm = [{ path: 'package.json', text: '{"packageManager":"npm@11.6.0"}' }];
    const audit = auditWorkflowFiles([{ path: '.github/workflows/r.yml', text }, ...pm]);
    assert.deepEqual(audit.findings.map((f) => [f.rule, f.severity, f.line]), [['workflow-release-cache', 'warning', 15]]);
    assert.deepEqual(rules(text, undefined, [{ path: 'package.json', text: '{}' }]), []);
    assert.deepEqual(rules(text.replace('node-version: 24\n', 'node-version: 24\n          package-manager-cache: false\n'), undefined, pm), []);
  });

  it('lowers the token finding to a warning on self-hosted runners', () => {
    const text = fixture('classic-token.yml').replace('runs-on: ubuntu-latest', 'runs-on: [self-hosted, linux]');
    const token = auditWorkflowFiles([{ path: '.github/workflows/r.yml', text }]).findings.find((f) => f.rule === 'workflow-long-lived-token');
    assert.equal(token?.severity, 'warning');
  });

  it('does not mistake ephemeral or read-only tokens for publish tokens', () => {
    const text = oidcWorkflow(
      `      - uses: ${SETUP_NODE}
        with:
          node-version: 24
          registry-url: https://npm.pkg.github.com
      - run: npm ci
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_READ_TOKEN }}
      - run: npx shipgate check
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
`,
    );
    assert.deepEqual(rules(text), []);
  });

  it('finds tokens in action inputs and in scripts that write .npmrc', () => {
    const text = oidcWorkflow(
      `      - run: echo "//registry.npmjs.org/:_authToken=\${{ secrets.NPM_PUBLISH_TOKEN }}" > ~/.npmrc
      - run: npx shipgate check
      - uses: JS-DevTools/npm-publish@0123456789abcdef0123456789abcdef01234567 # pinned
        with:
          token: \${{ secrets.NPM_TOKEN }}
          provenance: true
`,
    );
    assert.deepEqual(rules(text).filter(([r]) => r === 'workflow-long-lived-token'), [
      ['workflow-long-lived-token', 15],
      ['workflow-long-lived-token', 19],
    ]);
  });

  it('warns about workflow-level id-token: write when other jobs share the workflow', () => {
    const text = fixture('trusted-publishing.yml').replace('permissions:\n  contents: read\n', 'permissions:\n  contents: read\n  id-token: write\n');
    const f = auditWorkflowFiles([{ path: '.github/workflows/r.yml', text }]).findings;
    assert.deepEqual(f.map((x) => [x.rule, x.severity, x.line]), [['workflow-top-level-permissions', 'warning', 7]]);
  });

  it('checks the GitLab id token audience', () => {
    const text = fixture('gitlab-oidc.gitlab-ci.yml').replace('aud: "npm:registry.npmjs.org"', 'aud: "https://gitlab.com"');
    assert.deepEqual(rules(text, '.gitlab-ci.yml'), [['workflow-id-token-permission', 25]]);
  });

  it('follows GitLab !reference and anchors into script lines', () => {
    const text = `.publish_script: &publish
  - npm publish

.inspect:
  script:
    - npx shipgate check

release:
  image: node:24
  id_tokens:
    NPM_ID_TOKEN:
      aud: npm:registry.npmjs.org
  script:
    - !reference [.inspect, script]
    - *publish
`;
    const audit = auditWorkflowFiles([{ path: '.gitlab-ci.yml', text }]);
    assert.deepEqual(audit.publishingJobs, [{ path: '.gitlab-ci.yml', job: 'release', line: 8, tools: ['npm publish'] }]);
    assert.deepEqual(audit.findings, []);
  });
});

describe('auditRepository', () => {
  it('reads workflows, GitLab CI and package.json from a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-wf-'));
    try {
      await mkdir(join(dir, '.github', 'workflows'), { recursive: true });
      await writeFile(join(dir, '.github', 'workflows', 'release.yaml'), fixture('classic-token.yml'));
      await writeFile(join(dir, '.github', 'workflows', 'notes.txt'), 'not a workflow');
      await writeFile(join(dir, '.gitlab-ci.yml'), fixture('gitlab-oidc.gitlab-ci.yml'));
      const audit = await auditRepository(dir);
      assert.equal(audit.workflows, 2);
      assert.deepEqual(audit.publishingJobs.map((j) => `${j.path}#${j.job}`), ['.github/workflows/release.yaml#publish', '.gitlab-ci.yml#publish']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports zero workflows for a directory without CI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-wf-'));
    try {
      assert.deepEqual(await auditRepository(dir), { workflows: 0, publishingJobs: [], findings: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('throws a ShipgateError for a missing directory or a file', async () => {
    await assert.rejects(auditRepository(join(tmpdir(), 'sg-wf-does-not-exist-4711')), (e: unknown) => isShipgateError(e) && e.code === 'repo-not-found');
    await assert.rejects(auditRepository(resolve(process.cwd(), 'package.json')), (e: unknown) => isShipgateError(e) && e.code === 'repo-not-found');
  });
});

describe('WORKFLOW_CHECKS', () => {
  it('has unique ids, each documented in docs/workflows.md', () => {
    const ids = WORKFLOW_CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    const docs = readFileSync(resolve(process.cwd(), 'docs/workflows.md'), 'utf8');
    for (const c of WORKFLOW_CHECKS) {
      assert.match(c.id, /^workflow-[a-z-]+$/);
      assert.ok(docs.includes(`## \`${c.id}\``), `docs/workflows.md has a section for ${c.id}`);
      assert.ok(docs.includes(`Default severity: **${c.defaultSeverity}**`), `${c.id} severity documented`);
      assert.ok(c.rationale.length > 40);
    }
  });
});
