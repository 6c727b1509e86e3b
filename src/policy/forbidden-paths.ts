import type { Severity } from '../types.js';

/** A content test that decides whether a path match is really a problem. */
export type ContentCondition = 'private-key' | 'registry-auth' | 'core-dump';

export interface ForbiddenRow {
  id: string;
  /** picomatch globs over artifact paths (dot files included). */
  patterns: string[];
  except?: string[];
  severity: Severity;
  reason: string;
  /** When set, the row applies at `severity` only if the content matches; otherwise at `otherwise` (or not at all). */
  when?: ContentCondition;
  otherwise?: Severity;
}

/**
 * What must not ship, and why. First matching row wins, so specific rows come before broad ones.
 * Users override a row's severity (or turn it off) by id, and add rows, in shipgate.config.json.
 */
export const DEFAULT_FORBIDDEN_PATHS: readonly ForbiddenRow[] = [
  {
    id: 'env-file',
    patterns: ['**/.env', '**/.env.*', '**/*.env'],
    except: ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.*.example', '**/.env.*.sample', '**/.env.*.template', '**/.env.d.ts'],
    severity: 'error',
    reason: 'environment files hold credentials and endpoints meant for one machine',
  },
  {
    id: 'registry-config',
    patterns: ['**/.npmrc', '**/.yarnrc', '**/.yarnrc.yml', '**/.pnpmrc', '**/bunfig.toml'],
    severity: 'error',
    when: 'registry-auth',
    otherwise: 'info',
    reason: 'package-manager config with an auth token publishes the token; without one it still leaks local registry settings',
  },
  {
    id: 'ssh-key',
    patterns: ['**/id_rsa', '**/id_dsa', '**/id_ecdsa', '**/id_ed25519', '**/id_ecdsa_sk', '**/id_ed25519_sk', '**/*.ppk', '**/.ssh/**'],
    severity: 'error',
    reason: 'SSH private keys grant access to servers and repositories',
  },
  {
    id: 'pem-private-key',
    patterns: ['**/*.pem', '**/*.key', '**/*.crt.key', '**/*.der'],
    severity: 'error',
    when: 'private-key',
    otherwise: 'info',
    reason: 'a PEM/key file holding a private key lets anyone impersonate its owner (certificates alone are public)',
  },
  {
    id: 'keystore',
    patterns: ['**/*.p12', '**/*.pfx', '**/*.jks', '**/*.keystore', '**/*.bks', '**/*.kdbx', '**/*.keychain', '**/*.keychain-db', '**/*.gpg', '**/secring.*'],
    severity: 'error',
    reason: 'keystores and password databases hold private keys and secrets, often with weak or default passwords',
  },
  {
    id: 'credentials-file',
    patterns: ['**/.netrc', '**/_netrc', '**/.git-credentials', '**/.aws/**', '**/.docker/config.json', '**/.pypirc', '**/.htpasswd', '**/credentials.json', '**/service-account*.json', '**/*.tfstate', '**/*.tfstate.backup', '**/.terraform/**'],
    severity: 'error',
    reason: 'credential stores and infrastructure state files contain passwords, tokens and keys',
  },
  {
    id: 'vcs-directory',
    patterns: ['**/.git/**', '**/.git', '**/.svn/**', '**/.hg/**', '**/CVS/**', '**/.bzr/**'],
    severity: 'error',
    reason: 'version-control metadata ships the full history, including deleted secrets and unreleased code',
  },
  {
    id: 'memory-dump',
    patterns: ['**/*.heapsnapshot', '**/*.heapprofile', '**/*.dmp', '**/*.mdmp', '**/*.hprof'],
    severity: 'error',
    reason: 'heap snapshots and crash dumps contain process memory: environment variables, tokens, user data',
  },
  {
    id: 'core-dump',
    patterns: ['**/core', '**/core.[0-9]*', '**/*.core'],
    severity: 'error',
    when: 'core-dump',
    reason: 'an ELF core dump is a copy of process memory: environment variables, tokens, user data',
  },
  {
    id: 'debug-log',
    patterns: ['**/*.log', '**/npm-debug.log*', '**/yarn-debug.log*', '**/yarn-error.log*', '**/pnpm-debug.log*', '**/lerna-debug.log*', '**/*.cpuprofile', '**/*.trace', '**/trace.json'],
    severity: 'warning',
    reason: 'logs and profiles record local paths, environment details and sometimes request headers with tokens',
  },
  {
    id: 'coverage-output',
    patterns: ['**/coverage/**', '**/.nyc_output/**', '**/lcov.info', '**/*.lcov', '**/lcov-report/**', '**/.c8/**'],
    severity: 'warning',
    reason: 'coverage reports embed the full original source (HTML reports) and local paths',
  },
  {
    id: 'os-junk',
    patterns: ['**/.DS_Store', '**/Thumbs.db', '**/ehthumbs.db', '**/desktop.ini', '**/._*', '**/.Spotlight-V100/**', '**/.Trashes/**'],
    severity: 'info',
    reason: 'operating-system metadata is noise that reveals local file names',
  },
  {
    id: 'database',
    patterns: ['**/*.sqlite', '**/*.sqlite3', '**/*.db', '**/*.db3', '**/*.sql', '**/*.dump', '**/*.bson', '**/*.mdb', '**/*.accdb'],
    severity: 'warning',
    reason: 'databases and dumps often hold real records: users, emails, hashes',
  },
  {
    id: 'local-tool-settings',
    patterns: ['**/.claude/**', '**/CLAUDE.local.md', '**/.cursor/**', '**/.cursorrules', '**/.windsurf/**', '**/.aider*', '**/.continue/**', '**/.vscode/**', '**/.idea/**', '**/*.local.json', '**/.mcp.json', '**/*.code-workspace', '**/.history/**'],
    severity: 'warning',
    reason: 'editor and AI-assistant settings reveal local paths, internal hosts, prompts and sometimes tokens',
  },
  {
    id: 'archive',
    patterns: ['**/*.zip', '**/*.tgz', '**/*.tar', '**/*.tar.*', '**/*.gz', '**/*.bz2', '**/*.xz', '**/*.zst', '**/*.7z', '**/*.rar', '**/*.jar', '**/*.war'],
    severity: 'warning',
    reason: 'an archive hides its contents from reviewers; shipgate lists its members into the scan, but it rarely belongs in a package',
  },
  {
    id: 'test-snapshot',
    patterns: ['**/__snapshots__/**', '**/*.snap'],
    severity: 'info',
    reason: 'test snapshots are not used at runtime and can carry recorded data',
  },
  {
    id: 'test-fixture',
    patterns: ['**/__fixtures__/**', '**/fixtures/**', '**/__mocks__/**', '**/test/fixtures/**'],
    severity: 'info',
    reason: 'test fixtures are not used at runtime and often hold sample credentials or recorded responses',
  },
  {
    id: 'build-metadata',
    patterns: ['**/*.tsbuildinfo', '**/.eslintcache', '**/.turbo/**', '**/.nx/**', '**/.parcel-cache/**', '**/.cache/**'],
    severity: 'info',
    reason: 'build caches and metadata record absolute paths and internal layout, and bloat the package',
  },
  {
    id: 'editor-backup',
    patterns: ['**/*.swp', '**/*.swo', '**/*~', '**/*.orig', '**/*.rej', '**/*.bak'],
    severity: 'info',
    reason: 'editor swap and backup files are stale copies of sources, sometimes of files that were meant to be deleted',
  },
];
