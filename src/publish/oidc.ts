// Can npm publish with trusted publishing (an OIDC token exchanged for a short-lived npm token) here?
// One row per CI provider npm 11 supports (npm's lib/utils/oidc.js: GitHub Actions, GitLab, CircleCI);
// every other CI falls back to a long-lived token.
import type { CiDetection, CiProviderId } from './ci.js';

export interface OidcSource {
  provider: CiProviderId;
  /** True when the job can obtain an ID token for npm. */
  available(env: NodeJS.ProcessEnv): boolean;
  /** What makes it available, for messages. */
  variables: string;
  /** How to make it available, when it is not. */
  fix: string;
  reason: string;
}

const isSet = (v: string | undefined): boolean => v !== undefined && v.trim() !== '';

export const OIDC_SOURCES: readonly OidcSource[] = [
  {
    provider: 'github-actions',
    available: (env) => isSet(env.NPM_ID_TOKEN) || (isSet(env.ACTIONS_ID_TOKEN_REQUEST_URL) && isSet(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)),
    variables: 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    fix: 'give the publishing job `permissions: { contents: read, id-token: write }` and configure the package\'s trusted publisher on npmjs.com',
    reason: 'the runner sets both only when the job is granted `id-token: write`; npm requests the token with them',
  },
  {
    provider: 'gitlab-ci',
    available: (env) => isSet(env.NPM_ID_TOKEN),
    variables: 'NPM_ID_TOKEN',
    fix: 'add `id_tokens: { NPM_ID_TOKEN: { aud: "npm:registry.npmjs.org" } }` to the publishing job',
    reason: 'GitLab hands ID tokens to jobs as variables named in `id_tokens:`; npm reads NPM_ID_TOKEN',
  },
  {
    provider: 'circleci',
    available: (env) => isSet(env.NPM_ID_TOKEN),
    variables: 'NPM_ID_TOKEN',
    fix: 'export an OIDC token with audience npm:registry.npmjs.org as NPM_ID_TOKEN (circleci run oidc get)',
    reason: 'npm reads NPM_ID_TOKEN on CircleCI; the job has to mint it',
  },
];

export type OidcStatus =
  /** An ID token for npm can be obtained. */
  | 'available'
  /** The provider supports trusted publishing, but this job has no token. */
  | 'missing'
  /** npm has no trusted publishing for this CI (or this is not CI). */
  | 'unsupported';

export interface OidcDetection {
  status: OidcStatus;
  /** One sentence for humans. */
  detail: string;
  fix?: string;
}

export function detectOidc(env: NodeJS.ProcessEnv, ci: CiDetection): OidcDetection {
  const provider = ci.provider;
  const source = provider ? OIDC_SOURCES.find((s) => s.provider === provider.id) : undefined;
  if (!provider || !source) {
    return {
      status: 'unsupported',
      detail: provider
        ? `npm has no trusted publishing for ${provider.id === 'generic' ? 'this CI (only CI=true is set, no known provider)' : provider.label}, so it would publish with a long-lived token`
        : 'this is not CI',
      fix: 'publish from GitHub Actions, GitLab CI/CD or CircleCI with trusted publishing',
    };
  }
  if (source.available(env)) return { status: 'available', detail: `${provider.label} provides an OIDC token (${source.variables})` };
  return {
    status: 'missing',
    detail: `the ${provider.label} job has no OIDC token (${source.variables} unset), so npm would publish with a long-lived token, not trusted publishing`,
    fix: source.fix,
  };
}
