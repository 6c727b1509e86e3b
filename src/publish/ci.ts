// Where is this process running: a CI job or someone's machine? Policy is a table with a reason per
// row. These are environment variables, so anyone can set them: this is a guard against publishing
// by accident from a laptop, not a security boundary (trusted publishing is that boundary).

export type CiProviderId =
  | 'github-actions'
  | 'gitlab-ci'
  | 'circleci'
  | 'azure-pipelines'
  | 'buildkite'
  | 'bitbucket-pipelines'
  | 'jenkins'
  | 'travis-ci'
  | 'aws-codebuild'
  | 'google-cloud-build'
  | 'generic';

export interface CiProvider {
  id: CiProviderId;
  label: string;
  /** True when the environment says this provider runs the process. */
  matches(env: NodeJS.ProcessEnv): boolean;
  /** The variables that decide the row, for messages. */
  variables: string;
  /** Why the row is what it is. */
  reason: string;
}

const isTrue = (v: string | undefined): boolean => v !== undefined && /^(true|1)$/i.test(v.trim());
const isSet = (v: string | undefined): boolean => v !== undefined && v.trim() !== '';

/** Most specific first: the first matching row names the provider. `generic` comes last. */
export const CI_PROVIDERS: readonly CiProvider[] = [
  {
    id: 'github-actions',
    label: 'GitHub Actions',
    matches: (env) => isTrue(env.GITHUB_ACTIONS),
    variables: 'GITHUB_ACTIONS=true',
    reason: 'the runner sets GITHUB_ACTIONS=true in every step; npm trusted publishing supports it',
  },
  {
    id: 'gitlab-ci',
    label: 'GitLab CI/CD',
    matches: (env) => isTrue(env.GITLAB_CI),
    variables: 'GITLAB_CI=true',
    reason: 'GitLab sets GITLAB_CI=true in every job; npm trusted publishing supports it',
  },
  {
    id: 'circleci',
    label: 'CircleCI',
    matches: (env) => isTrue(env.CIRCLECI),
    variables: 'CIRCLECI=true',
    reason: 'CircleCI sets CIRCLECI=true; npm 11 exchanges its OIDC token (NPM_ID_TOKEN) too',
  },
  {
    id: 'azure-pipelines',
    label: 'Azure Pipelines',
    matches: (env) => isTrue(env.TF_BUILD),
    variables: 'TF_BUILD=True',
    reason: 'Azure Pipelines sets TF_BUILD=True (and no CI variable on every agent)',
  },
  {
    id: 'buildkite',
    label: 'Buildkite',
    matches: (env) => isTrue(env.BUILDKITE),
    variables: 'BUILDKITE=true',
    reason: 'the Buildkite agent sets BUILDKITE=true',
  },
  {
    id: 'bitbucket-pipelines',
    label: 'Bitbucket Pipelines',
    matches: (env) => isSet(env.BITBUCKET_BUILD_NUMBER),
    variables: 'BITBUCKET_BUILD_NUMBER',
    reason: 'Bitbucket sets BITBUCKET_BUILD_NUMBER in every pipeline step',
  },
  {
    id: 'jenkins',
    label: 'Jenkins',
    matches: (env) => isSet(env.JENKINS_URL) && isSet(env.BUILD_ID),
    variables: 'JENKINS_URL and BUILD_ID',
    reason: 'Jenkins sets both for builds; JENKINS_URL alone can be left in a developer shell',
  },
  {
    id: 'travis-ci',
    label: 'Travis CI',
    matches: (env) => isTrue(env.TRAVIS),
    variables: 'TRAVIS=true',
    reason: 'Travis sets TRAVIS=true',
  },
  {
    id: 'aws-codebuild',
    label: 'AWS CodeBuild',
    matches: (env) => isSet(env.CODEBUILD_BUILD_ARN),
    variables: 'CODEBUILD_BUILD_ARN',
    reason: 'CodeBuild sets CODEBUILD_BUILD_ARN for every build',
  },
  {
    id: 'google-cloud-build',
    label: 'Google Cloud Build',
    matches: (env) => isSet(env.BUILDER_OUTPUT) && isSet(env.PROJECT_ID),
    variables: 'BUILDER_OUTPUT and PROJECT_ID',
    reason: 'Cloud Build steps see both; neither alone is specific enough',
  },
  {
    id: 'generic',
    label: 'CI',
    matches: (env) => isTrue(env.CI) || isTrue(env.CONTINUOUS_INTEGRATION),
    variables: 'CI=true',
    reason: 'the de facto convention most CI systems follow (npm\'s ci-info checks it too); CI=false alone is not CI',
  },
];

/** The variables that would have made the process count as CI, for the refusal message. */
export const CI_VARIABLES = ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'CIRCLECI', 'TF_BUILD', 'BUILDKITE', '…'] as const;

export interface CiDetection {
  ci: boolean;
  provider?: CiProvider;
}

/**
 * Which CI runs this process, if any. Provider rows win over `CI`: builds often set `CI=false`
 * (create-react-app treats warnings as errors under CI) inside a real CI job.
 */
export function detectCi(env: NodeJS.ProcessEnv): CiDetection {
  const provider = CI_PROVIDERS.find((p) => p.matches(env));
  return provider ? { ci: true, provider } : { ci: false };
}
