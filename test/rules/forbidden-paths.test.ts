import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forbiddenPathsRule } from '../../src/rules/forbidden-paths.js';
import { zipBuffer } from '../helpers/archives.js';
import { config, PKG, ruleRows } from '../helpers/scan.js';

const PEM_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN\nOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuv\n-----END RSA PRIVATE KEY-----\n';
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';
const ELF_CORE = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(8), Buffer.from([4, 0]), Buffer.alloc(40)]);

describe('forbidden-paths rule', () => {
  const cases: Array<[string, Record<string, string | Buffer>, string[]]> = [
    ['.env is an error', { '.env': 'A=1' }, ['error forbidden-paths .env']],
    ['.env.production in a subfolder is an error', { 'config/.env.production': 'A=1' }, ['error forbidden-paths config/.env.production']],
    ['.env.example, .env.sample, .env.template are fine', { '.env.example': 'A=', '.env.sample': 'A=', '.env.template': 'A=' }, []],
    ['.npmrc with a token is an error', { '.npmrc': '//registry.npmjs.org/:_authToken=abc\n' }, ['error forbidden-paths .npmrc']],
    ['.npmrc without auth is info', { '.npmrc': 'save-exact=true\n' }, ['info forbidden-paths .npmrc']],
    ['.yarnrc.yml with npmAuthToken is an error', { '.yarnrc.yml': 'npmAuthToken: abc\n' }, ['error forbidden-paths .yarnrc.yml']],
    ['a PEM private key is an error', { 'certs/server.pem': PEM_KEY }, ['error forbidden-paths certs/server.pem']],
    ['a PEM certificate is info only', { 'certs/ca.pem': PEM_CERT }, ['info forbidden-paths certs/ca.pem']],
    ['ssh keys and keystores are errors', { 'id_ed25519': 'x', 'keys/app.p12': Buffer.from([0x30, 0x82]), 'android/release.jks': 'x', 'vault.kdbx': 'x' }, ['error forbidden-paths android/release.jks', 'error forbidden-paths id_ed25519', 'error forbidden-paths keys/app.p12', 'error forbidden-paths vault.kdbx']],
    ['VCS folders are errors', { '.git/config': '[core]', '.svn/entries': '1', '.hg/store/x': '1' }, ['error forbidden-paths .git/config', 'error forbidden-paths .hg/store/x', 'error forbidden-paths .svn/entries']],
    ['archives are warnings', { 'dist/bundle.tgz': 'x', 'a.tar.gz': 'x', 'b.7z': 'x', 'c.rar': 'x' }, ['warning forbidden-paths a.tar.gz', 'warning forbidden-paths b.7z', 'warning forbidden-paths c.rar', 'warning forbidden-paths dist/bundle.tgz']],
    ['debug logs are warnings, heap snapshots errors', { 'npm-debug.log': 'x', 'logs/app.log': 'x', 'Heap.heapsnapshot': '{}', 'cpu.cpuprofile': '{}' }, ['error forbidden-paths Heap.heapsnapshot', 'warning forbidden-paths cpu.cpuprofile', 'warning forbidden-paths logs/app.log', 'warning forbidden-paths npm-debug.log']],
    ['an ELF core dump is an error, a file named core is not', { core: ELF_CORE, 'lib/core': 'module.exports = 1' }, ['error forbidden-paths core']],
    ['coverage output is a warning', { 'coverage/lcov-report/index.html': '<html>', 'coverage/lcov.info': 'SF:' }, ['warning forbidden-paths coverage/lcov-report/index.html', 'warning forbidden-paths coverage/lcov.info']],
    ['fixtures and snapshots are info', { 'test/fixtures/a.json': '{}', '__snapshots__/a.snap': 'x' }, ['info forbidden-paths __snapshots__/a.snap', 'info forbidden-paths test/fixtures/a.json']],
    ['databases and dumps are warnings', { 'data.sqlite': 'x', 'dump.sql': 'x', 'app.db': 'x' }, ['warning forbidden-paths app.db', 'warning forbidden-paths data.sqlite', 'warning forbidden-paths dump.sql']],
    ['tsbuildinfo is info', { 'tsconfig.tsbuildinfo': '{}' }, ['info forbidden-paths tsconfig.tsbuildinfo']],
    ['local tool settings are warnings', { '.claude/settings.local.json': '{}', '.cursor/rules': 'x', '.vscode/settings.json': '{}', '.idea/workspace.xml': 'x', 'config.local.json': '{}' }, ['warning forbidden-paths .claude/settings.local.json', 'warning forbidden-paths .cursor/rules', 'warning forbidden-paths .idea/workspace.xml', 'warning forbidden-paths .vscode/settings.json', 'warning forbidden-paths config.local.json']],
    ['OS junk is info, not a database', { '.DS_Store': 'x', 'img/Thumbs.db': 'x' }, ['info forbidden-paths .DS_Store', 'info forbidden-paths img/Thumbs.db']],
    ['ordinary files are fine', { 'dist/index.js': 'x', 'README.md': '#', 'lib/env.js': 'x', 'src/keys.ts': 'x' }, []],
  ];
  for (const [name, tree, expected] of cases) {
    it(name, async () => {
      assert.deepEqual(await ruleRows(forbiddenPathsRule, { 'package.json': PKG, ...tree }), [...expected].sort());
    });
  }

  it('matches members of nested archives by their own path', async () => {
    const zip = zipBuffer([{ name: 'inner/.env', content: 'A=1' }, { name: 'inner/ok.txt', content: 'fine' }]);
    assert.deepEqual(await ruleRows(forbiddenPathsRule, { 'package.json': PKG, 'x.zip': zip }), ['error forbidden-paths x.zip!inner/.env', 'warning forbidden-paths x.zip']);
  });

  it('rows can be re-severitied, turned off, and added in config', async () => {
    const cfg = config({ forbiddenPaths: { rows: { archive: 'off', 'debug-log': 'error' }, add: [{ id: 'internal-docs', patterns: ['docs/internal/**'], severity: 'error', reason: 'internal docs' }] } });
    const rows = await ruleRows(forbiddenPathsRule, { 'package.json': PKG, 'a.zip': 'x', 'x.log': 'x', 'docs/internal/plan.md': '#' }, cfg);
    assert.deepEqual(rows, ['error forbidden-paths docs/internal/plan.md', 'error forbidden-paths x.log']);
  });
});
