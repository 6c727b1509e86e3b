// The CI-independent shape both parsers produce. Checks read only this, never YAML.

export type CiProvider = 'github-actions' | 'gitlab-ci';

export interface Located<T> {
  value: T;
  /** 1-based line in the workflow file. */
  line: number;
}

export interface EnvEntry {
  name: string;
  value: string;
  line: number;
  scope: 'workflow' | 'job' | 'step';
}

export interface PermissionsModel {
  line: number;
  /** `read-all`, `write-all`, or `{}` written as a whole. */
  shorthand?: 'read-all' | 'write-all' | 'none';
  /** scope (`contents`, `id-token`, ...) → level (`read`, `write`, `none`). */
  scopes: Map<string, Located<string>>;
}

export interface StepModel {
  /** 0-based position in the job (GitLab: position of the script line). */
  index: number;
  name?: string;
  line: number;
  uses?: Located<string>;
  /** Comment written after `uses:` (`# v4.2.2` after a pinned SHA). */
  usesComment?: string;
  run?: Located<string>;
  /** GitLab: the step is one line of `script:` rather than a named step. */
  scriptLine?: boolean;
  with: Map<string, Located<string>>;
  env: EnvEntry[];
}

export interface IdTokenModel {
  name: string;
  aud: string[];
  line: number;
}

export interface JobModel {
  id: string;
  line: number;
  needs: string[];
  permissions?: PermissionsModel;
  /** Runner labels (`runs-on`), or GitLab runner `tags`. */
  runsOn: string[];
  env: EnvEntry[];
  steps: StepModel[];
  /** A job that calls a reusable workflow (`jobs.<id>.uses`). */
  uses?: Located<string>;
  /** Container image the steps run in (`container:` / GitLab `image:`). */
  image?: Located<string>;
  /** GitLab `id_tokens`. */
  idTokens: IdTokenModel[];
  /** GitLab `cache:` in effect for this job (own, `default:` or top level). */
  cache?: Located<string>;
}

export interface WorkflowModel {
  path: string;
  provider: CiProvider;
  triggers: Array<Located<string>>;
  permissions?: PermissionsModel;
  env: EnvEntry[];
  jobs: JobModel[];
}

/** Facts from the repository's root package.json that change what a workflow does. */
export interface ManifestFacts {
  scripts: Record<string, string>;
  /** `publishConfig.provenance` as written. */
  provenance?: boolean;
  /** `packageManager` field (turns on setup-node v5+ automatic caching). */
  packageManager?: string;
}

/** Other repository files a workflow may point at (`node-version-file: .nvmrc`). */
export type RepoFiles = ReadonlyMap<string, string>;

/** How messages name a step: its name, else what it runs. */
export function stepLabel(step: StepModel): string {
  if (step.name) return `step "${step.name}"`;
  if (step.scriptLine) return `script line \`${shorten(step.run?.value ?? '')}\``;
  if (step.uses) return `step ${step.index + 1}`;
  return `step ${step.index + 1} (\`${shorten(step.run?.value ?? '')}\`)`;
}

function shorten(text: string): string {
  const first = text.trim().split('\n')[0];
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

/** Fingerprint key of a step: its name survives reordering, its index is the fallback. */
export function stepKey(step: StepModel): string {
  return step.name ?? `#${step.index}`;
}
