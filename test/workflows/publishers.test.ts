// Which shell commands publish, inspect, or upgrade npm.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPackInspection, npmSelfInstallSpec, publishOf } from '../../src/workflows/publishers.js';
import { invocationsIn, splitCommands } from '../../src/workflows/shell.js';

function publisherOf(script: string, scripts: Record<string, string> = {}): string[] {
  return invocationsIn(script, scripts).flatMap((inv) => {
    const p = publishOf(inv);
    return p ? [p.publisher] : [];
  });
}

describe('publish command detection', () => {
  const table: Array<[string, string[]]> = [
    ['npm publish', ['npm']],
    ['npm publish --access public --provenance', ['npm']],
    ['npm -w packages/core publish', ['npm']],
    ['npm publish --dry-run', []],
    ['npm publish --dry-run=true', []],
    ['npx -y npm@11.6.0 publish', ['npm']],
    ['pnpm publish --no-git-checks', ['pnpm']],
    ['pnpm -r publish --access public', ['pnpm']],
    ['pnpm --filter "./packages/**" publish', ['pnpm']],
    ['yarn publish --non-interactive', ['yarn']],
    ['yarn npm publish --access public', ['yarn']],
    ['yarn workspaces foreach --all --no-private npm publish --tolerate-republish', ['yarn']],
    ['bun publish', ['bun']],
    ['npx changeset publish', ['changesets']],
    ['pnpm changeset publish', ['changesets']],
    ['yarn changeset publish', ['changesets']],
    ['npx @changesets/cli publish', ['changesets']],
    ['npx changeset version', []],
    ['npx semantic-release', ['semantic-release']],
    ['npx semantic-release --dry-run', []],
    ['npx lerna publish from-package --yes', ['lerna']],
    ['npx shipgate publish', ['shipgate']],
    ['npm ci && npm run build && npm publish', ['npm']],
    ['NODE_ENV=production npm publish', ['npm']],
    ['if [ "$DRY" != 1 ]; then npm publish; fi', ['npm']],
    ['echo "npm publish"', []],
    ['# npm publish\nnpm test', []],
    ['npm run publish-docs', []],
  ];
  for (const [script, expected] of table) {
    it(`${JSON.stringify(script)} → ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(publisherOf(script), expected);
    });
  }

  it('follows package.json scripts (npm run, pnpm <script>, yarn <script>)', () => {
    const scripts = { release: 'npm run build && changeset publish', build: 'tsc', 'ship:npm': 'npm publish --provenance' };
    assert.deepEqual(publisherOf('npm run release', scripts), ['changesets']);
    assert.deepEqual(publisherOf('pnpm release', scripts), ['changesets']);
    assert.deepEqual(publisherOf('yarn ship:npm', scripts), ['npm']);
    assert.deepEqual(publisherOf('npm run build', scripts), []);
  });

  it('reports the line of each command inside a block', () => {
    const invs = invocationsIn('npm ci\n\n# build\nnpm run build \\\n  --if-present\nnpm publish\n');
    assert.deepEqual(invs.map((i) => [i.bin, i.lineOffset]), [['npm', 0], ['npm', 3], ['npm', 5]]);
  });

  it('reads commands inside $(...) and backticks', () => {
    assert.deepEqual(splitCommands('TARBALL=$(npm pack)').map((c) => c.tokens), [['TARBALL='], ['npm', 'pack']]);
    assert.ok(invocationsIn('tgz=`npm pack`').some(isPackInspection));
  });
});

describe('inspection and npm upgrade detection', () => {
  it('counts shipgate, publint, attw and pack as inspecting the tarball', () => {
    for (const s of ['npx shipgate check', 'npx shipgate', 'npx publint', 'npx @arethetypeswrong/cli --pack', 'npm pack', 'pnpm pack', 'npm publish --dry-run', 'bun pm pack']) {
      assert.ok(invocationsIn(s).some(isPackInspection), s);
    }
    for (const s of ['npx shipgate workflows', 'npm test', 'npm publish']) {
      assert.ok(!invocationsIn(s).some(isPackInspection), s);
    }
  });

  it('reads the npm version a global self-install asks for', () => {
    const spec = (s: string): string | undefined => invocationsIn(s).map(npmSelfInstallSpec).find((x) => x !== undefined);
    assert.equal(spec('npm install -g npm@latest'), 'latest');
    assert.equal(spec('npm i -g npm'), '');
    assert.equal(spec('npm install --global npm@11'), '11');
    assert.equal(spec('sudo npm install npm@10.9.0 -g'), '10.9.0');
    assert.equal(spec('npm install npm@11'), undefined, 'a local install does not change the npm on PATH');
  });
});
