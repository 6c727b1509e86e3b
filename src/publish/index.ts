// Public API of the publish path: where we run (CI, OIDC), may we publish, and the publish pipeline.
export { CI_PROVIDERS, detectCi, type CiDetection, type CiProvider, type CiProviderId } from './ci.js';
export { OIDC_SOURCES, detectOidc, type OidcDetection, type OidcSource, type OidcStatus } from './oidc.js';
export {
  ALLOW_LOCAL_ENV,
  GUARD_MARKER,
  assessEnvironment,
  dryRunFromEnvironment,
  packEnvironment,
  readOverride,
  type EnvironmentDecision,
  type EnvironmentOptions,
  type LocalOverride,
} from './environment.js';
export { npmPublishArgs, npmPublishError, npmPublishFile, type NpmPublishOptions, type NpmPublishResult } from './npm-publish.js';
export { publishCheckedTarball, sriOfFile, type CheckedTarball, type PublishMode, type PublishOptions, type PublishOutcome } from './pipeline.js';
export { actionArtifacts, formatOutputs, writeActionOutputs, type ActionArtifacts, type ActionInputs } from './action.js';
