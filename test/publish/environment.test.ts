// The decisions behind guard and publish, as tables: CI detection, OIDC, the override, npm's errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isShipgateError } from '../../src/errors.js';
import { CI_PROVIDERS, detectCi } from '../../src/publish/ci.js';
import { assessEnvironment, dryRunFromEnvironment, packEnvironment, readOverride } from '../../src/publish/environment.js';
import { npmPublishArgs, npmPublishError } from '../../src/publish/npm-publish.js';
import { detectOidc } from '../../src/publish/oidc.js';

describe('CI detection', () => {
  const cases: Array<[string, NodeJS.ProcessEnv, string | undefined]> = [
    ['nothing set', {}, undefined],
    ['CI=true', { CI: 'true' }, 'generic'],
    ['CI=1', { CI: '1' }, 'generic'],
    ['CI=false alone', { CI: 'false' }, undefined],
    ['CI=false inside GitHub Actions (create-react-app builds)', { CI: 'false', GITHUB_ACTIONS: 'true' }, 'github-actions'],
    ['GitHub Actions', { CI: 'true', GITHUB_ACTIONS: 'true' }, 'github-actions'],
    ['GitLab', { CI: 'true', GITLAB_CI: 'true' }, 'gitlab-ci'],
    ['CircleCI', { CIRCLECI: 'true' }, 'circleci'],
    ['Azure Pipelines', { TF_BUILD: 'True' }, 'azure-pipelines'],
    ['Buildkite', { BUILDKITE: 'true' }, 'buildkite'],
    ['Bitbucket', { BITBUCKET_BUILD_NUMBER: '12' }, 'bitbucket-pipelines'],
    ['Jenkins', { JENKINS_URL: 'https://ci/', BUILD_ID: '7' }, 'jenkins'],
    ['JENKINS_URL left in a shell', { JENKINS_URL: 'https://ci/' }, undefined],
    ['Travis', { TRAVIS: 'true' }, 'travis-ci'],
    ['CodeBuild', { CODEBUILD_BUILD_ARN: 'arn:aws:codebuild:x' }, 'aws-codebuild'],
    ['Cloud Build', { BUILDER_OUTPUT: '/builder/outputs', PROJECT_ID: 'p' }, 'google-cloud-build'],
    ['GITHUB_ACTIONS=false', { GITHUB_ACTIONS: 'false' }, undefined],
    ['empty CI', { CI: '' }, undefined],
  ];
  for (const [name, env, expected] of cases) {
    it(`${name} → ${expected ?? 'not CI'}`, () => {
      const d = detectCi(env);
      assert.equal(d.provider?.id, expected);
      assert.equal(d.ci, expected !== undefined);
    });
  }

  it('every row has a label, the variables it reads, and a reason; generic is last', () => {
    for (const row of CI_PROVIDERS) {
      assert.ok(row.label && row.variables && row.reason.length > 20, row.id);
    }
    assert.equal(CI_PROVIDERS.at(-1)!.id, 'generic');
    assert.equal(new Set(CI_PROVIDERS.map((r) => r.id)).size, CI_PROVIDERS.length);
  });
});

describe('OIDC detection', () => {
  const gh = { GITHUB_ACTIONS: 'true' };
  const cases: Array<[string, NodeJS.ProcessEnv, string]> = [
    ['GitHub with both request variables', { ...gh, ACTIONS_ID_TOKEN_REQUEST_URL: 'https://t', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }, 'available'],
    ['GitHub with only the URL', { ...gh, ACTIONS_ID_TOKEN_REQUEST_URL: 'https://t' }, 'missing'],
    ['GitHub without id-token: write', gh, 'missing'],
    ['GitHub with NPM_ID_TOKEN', { ...gh, NPM_ID_TOKEN: 'jwt' }, 'available'],
    ['GitLab with NPM_ID_TOKEN', { GITLAB_CI: 'true', NPM_ID_TOKEN: 'jwt' }, 'available'],
    ['GitLab without', { GITLAB_CI: 'true' }, 'missing'],
    ['CircleCI with NPM_ID_TOKEN', { CIRCLECI: 'true', NPM_ID_TOKEN: 'jwt' }, 'available'],
    ['Jenkins', { JENKINS_URL: 'u', BUILD_ID: '1', NPM_ID_TOKEN: 'jwt' }, 'unsupported'],
    ['CI=true only', { CI: 'true' }, 'unsupported'],
    ['not CI', {}, 'unsupported'],
  ];
  for (const [name, env, status] of cases) {
    it(`${name} → ${status}`, () => assert.equal(detectOidc(env, detectCi(env)).status, status));
  }
});

describe('may a publish happen here', () => {
  it('outside CI: refused, with the override named', () => {
    const d = assessEnvironment({});
    assert.equal(d.allowed, false);
    assert.match(d.refusal!, /^refusing to publish from outside CI \(none of CI, GITHUB_ACTIONS, GITLAB_CI, CIRCLECI, TF_BUILD, BUILDKITE, … is set\); .*SHIPGATE_ALLOW_LOCAL_PUBLISH="<reason>"$/);
  });

  it('outside CI, a dry run is allowed and says why', () => {
    const d = assessEnvironment({}, { dryRun: true });
    assert.equal(d.allowed, true);
    assert.match(d.notes.join('\n'), /dry run/);
  });

  it('the override: allowed, loud, with reason and user; the flag wins over the environment', () => {
    const d = assessEnvironment({ SHIPGATE_ALLOW_LOCAL_PUBLISH: 'env reason', USER: 'ana' }, { allowLocal: 'flag reason' });
    assert.equal(d.allowed, true);
    assert.deepEqual(d.override, { reason: 'flag reason', source: '--allow-local', user: 'ana' });
    assert.match(d.warnings[0]!, /^LOCAL PUBLISH OVERRIDE \(--allow-local\) by ana: "flag reason"/);
  });

  for (const bad of ['', '   ', 'true', '1', 'yes', 'ON']) {
    it(`an override of ${JSON.stringify(bad)} is not a reason`, () => {
      assert.throws(
        () => readOverride({ SHIPGATE_ALLOW_LOCAL_PUBLISH: bad }, undefined),
        (e: unknown) => isShipgateError(e) && e.code === 'EUSAGE' && /needs a reason/.test(e.message),
      );
    });
  }

  it('a newline in the reason cannot forge a second log line', () => {
    assert.equal(readOverride({}, 'one\nshipgate: all good')!.reason, 'one shipgate: all good');
  });

  it('in CI without OIDC: a warning; with --require-oidc: refused', () => {
    const env = { CI: 'true', GITHUB_ACTIONS: 'true' };
    const warn = assessEnvironment(env);
    assert.equal(warn.allowed, true);
    assert.equal(warn.warnings.length, 1);
    assert.match(warn.warnings[0]!, /id-token: write/);
    const strict = assessEnvironment(env, { requireOidc: true });
    assert.equal(strict.allowed, false);
    assert.match(strict.refusal!, /^trusted publishing is required, but the GitHub Actions job has no OIDC token/);
  });

  it('in CI with OIDC: no warning; an override is noted as unneeded', () => {
    const d = assessEnvironment({ GITLAB_CI: 'true', NPM_ID_TOKEN: 'jwt', SHIPGATE_ALLOW_LOCAL_PUBLISH: 'why not' }, { requireOidc: true });
    assert.equal(d.allowed, true);
    assert.deepEqual(d.warnings, []);
    assert.equal(d.override, undefined);
    assert.match(d.notes.join('\n'), /not needed: this is CI/);
  });

  it('npm_config_dry_run is read, and removed from the environment of shipgate\'s own npm pack', () => {
    assert.equal(dryRunFromEnvironment({ npm_config_dry_run: 'true' }), true);
    assert.equal(dryRunFromEnvironment({ NPM_CONFIG_DRY_RUN: 'true' }), true);
    assert.equal(dryRunFromEnvironment({ npm_config_dry_run: '' }), false);
    const env = packEnvironment({ npm_config_dry_run: 'true', NPM_CONFIG_DRY_RUN: 'true', PATH: '/bin' });
    assert.deepEqual(env, { PATH: '/bin', SHIPGATE_GUARD: '1' });
  });
});

describe('npm publish', () => {
  it('passes the options through, pinning the scope registry too', () => {
    assert.deepEqual(npmPublishArgs('/t/p.tgz', {}), ['publish', '/t/p.tgz', '--json']);
    assert.deepEqual(
      npmPublishArgs('/t/p.tgz', { registry: 'https://r/', tag: 'next', access: 'public', dryRun: true, provenance: true, scope: '@acme' }),
      ['publish', '/t/p.tgz', '--json', '--registry', 'https://r/', '--@acme:registry=https://r/', '--tag', 'next', '--access', 'public', '--dry-run', '--provenance'],
    );
    assert.deepEqual(npmPublishArgs('/t/p.tgz', { stage: true }), ['stage', 'publish', '/t/p.tgz', '--json']);
  });

  const cases: Array<[string, { code?: string; summary?: string }, string]> = [
    ['npm\'s own version check', { summary: 'You cannot publish over the previously published versions: 1.0.0.' }, 'EPUBLISHCONFLICT'],
    ['npmjs 403', { code: 'E403', summary: '403 Forbidden - PUT https://registry.npmjs.org/x - You cannot publish over the previously published versions: 1.0.0.' }, 'EPUBLISHCONFLICT'],
    ['legacy EPUBLISHCONFLICT', { code: 'EPUBLISHCONFLICT', summary: 'cannot modify pre-existing version' }, 'EPUBLISHCONFLICT'],
    ['Verdaccio 409', { code: 'E409', summary: '409 Conflict - PUT http://127.0.0.1:4873/x - this package is already present' }, 'EPUBLISHCONFLICT'],
    ['connection refused', { code: 'ECONNREFUSED', summary: 'FetchError: request to http://127.0.0.1:9/x failed, reason: connect ECONNREFUSED' }, 'E_REGISTRY_UNREACHABLE'],
    ['502', { code: 'E502', summary: '502 Bad Gateway - PUT https://r/x' }, 'E_REGISTRY_UNREACHABLE'],
    ['no credentials', { code: 'ENEEDAUTH', summary: 'This command requires you to be logged in to https://r/' }, 'E_REGISTRY_AUTH'],
    ['2FA', { code: 'EOTP', summary: 'This operation requires a one-time password' }, 'E_REGISTRY_AUTH'],
    ['no staging on this registry', { code: 'E404', summary: 'Not Found - POST http://127.0.0.1:4873/-/stage/package/x' }, 'ESTAGE'],
    ['other 403', { code: 'E403', summary: '403 Forbidden - PUT https://r/x - You do not have permission to publish "x"' }, 'EPUBLISH'],
  ];
  for (const [name, error, code] of cases) {
    it(`${name} → ${code}`, () => {
      const e = npmPublishError(error, '', 1, 'x@1.0.0');
      assert.equal(e.code, code);
      assert.ok(e.message.includes('x@1.0.0'));
      assert.ok(!e.message.includes('\n'));
    });
  }

  it('falls back to npm\'s stderr when there is no JSON error', () => {
    const e = npmPublishError({}, 'npm error code E409\nnpm error 409 Conflict - PUT http://r/x - this package is already present\nnpm error A complete log of this run can be found in: /x.log\n', 1, 'x@1.0.0');
    assert.equal(e.code, 'EPUBLISHCONFLICT');
  });
});
