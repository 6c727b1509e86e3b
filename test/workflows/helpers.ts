import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../src/types.js';

/** Tests run from the repository root; fixtures are read from the source tree, not the build. */
export const FIXTURES = resolve(process.cwd(), 'test/workflows/fixtures');

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** Where a fixture lives in a repository: GitLab fixtures are `.gitlab-ci.yml`, the rest GitHub workflows. */
export function repoPathOf(name: string): string {
  return name.endsWith('.gitlab-ci.yml') ? '.gitlab-ci.yml' : `.github/workflows/${name}`;
}

export function ruleLines(findings: Finding[]): Array<[string, number]> {
  return findings
    .map((f): [string, number] => [f.rule, f.line ?? 0])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
}
