// May a publish happen here? A pure decision over the environment: CI or not, trusted publishing or
// not, and the emergency override. The CLI prints the lines and picks the exit code.
import { ShipgateError } from '../errors.js';
import { CI_VARIABLES, detectCi, type CiProviderId } from './ci.js';
import { detectOidc, type OidcStatus } from './oidc.js';

/** Set in the environment of every npm process shipgate starts, so a nested `shipgate guard` knows. */
export const GUARD_MARKER = 'SHIPGATE_GUARD';
/** The emergency override: its value is the reason, printed and recorded. */
export const ALLOW_LOCAL_ENV = 'SHIPGATE_ALLOW_LOCAL_PUBLISH';

export interface EnvironmentOptions {
  /** `--allow-local <reason>`; when absent, `SHIPGATE_ALLOW_LOCAL_PUBLISH` is read. */
  allowLocal?: string;
  /** Fail, instead of warning, when no trusted-publishing (OIDC) credential is available. */
  requireOidc?: boolean;
  /** Nothing will be published (npm --dry-run), so a run outside CI is allowed. */
  dryRun?: boolean;
}

export interface LocalOverride {
  reason: string;
  source: '--allow-local' | typeof ALLOW_LOCAL_ENV;
  /** Who asked, as far as the environment says. */
  user?: string;
}

export interface EnvironmentDecision {
  allowed: boolean;
  ci: { detected: boolean; provider?: CiProviderId; label?: string };
  oidc: { status: OidcStatus; detail: string; fix?: string };
  override?: LocalOverride;
  /** Why the publish is refused (set when `allowed` is false): one line. */
  refusal?: string;
  /** Lines to print loudly; the publish goes on. */
  warnings: string[];
  /** Lines for the record. */
  notes: string[];
}

/** Values that say "yes" but give no reason: an override without a reason is refused. */
const NOT_A_REASON = /^(1|0|true|false|yes|no|y|n|on|off)$/i;

/** The override, if one was given; throws when it was given without a usable reason. */
export function readOverride(env: NodeJS.ProcessEnv, flag: string | undefined): LocalOverride | undefined {
  const source = flag !== undefined ? '--allow-local' : env[ALLOW_LOCAL_ENV] !== undefined ? ALLOW_LOCAL_ENV : undefined;
  if (source === undefined) return undefined;
  const reason = (flag ?? env[ALLOW_LOCAL_ENV] ?? '').trim();
  const how = source === '--allow-local' ? '--allow-local "<reason>"' : `${ALLOW_LOCAL_ENV}="<reason>"`;
  if (reason === '' || NOT_A_REASON.test(reason)) {
    throw new ShipgateError(
      'EUSAGE',
      `${source} needs a reason, got ${JSON.stringify(reason)}`,
      `say why this publish cannot come from CI, e.g. ${how.replace('<reason>', 'CI outage INC-123, approved by ops')}`,
    );
  }
  const user = env.USER ?? env.USERNAME ?? env.LOGNAME;
  return { reason: reason.replace(/[\r\n]+/g, ' '), source, ...(user ? { user } : {}) };
}

export function assessEnvironment(env: NodeJS.ProcessEnv, options: EnvironmentOptions = {}): EnvironmentDecision {
  const ci = detectCi(env);
  const oidc = detectOidc(env, ci);
  const override = readOverride(env, options.allowLocal);
  const decision: EnvironmentDecision = {
    allowed: true,
    ci: { detected: ci.ci, ...(ci.provider ? { provider: ci.provider.id, label: ci.provider.label } : {}) },
    oidc,
    warnings: [],
    notes: [],
  };

  if (ci.provider) {
    decision.notes.push(`running in ${ci.provider.label} (${ci.provider.variables})`);
    if (override) decision.notes.push(`${override.source} is set but not needed: this is CI`);
    if (oidc.status === 'available') {
      decision.notes.push(`trusted publishing: ${oidc.detail}`);
    } else if (options.requireOidc) {
      decision.allowed = false;
      decision.refusal = `trusted publishing is required, but ${oidc.detail}${oidc.fix ? `; to fix, ${oidc.fix}` : ''}`;
    } else {
      decision.warnings.push(`no trusted publishing: ${oidc.detail}${oidc.fix ? `; to fix, ${oidc.fix}` : ''}`);
    }
    return decision;
  }

  if (override) {
    decision.override = override;
    decision.warnings.push(
      `LOCAL PUBLISH OVERRIDE (${override.source}) by ${override.user ?? 'unknown user'}: "${override.reason}" — ` +
        `publishing from outside CI, without CI review${options.requireOidc ? ' and without the required trusted publishing' : ' or trusted publishing'}`,
    );
    return decision;
  }
  if (options.dryRun) {
    decision.notes.push('not running in CI, allowed because this is a dry run: nothing will be published');
    return decision;
  }
  decision.allowed = false;
  decision.refusal =
    `refusing to publish from outside CI (none of ${CI_VARIABLES.join(', ')} is set); ` +
    `publish from your release workflow, or in an emergency set ${ALLOW_LOCAL_ENV}="<reason>"`;
  return decision;
}

/**
 * The environment for shipgate's own `npm pack`: the marker set, and npm's inherited dry-run flag
 * removed. Inside `npm publish --dry-run` every script sees npm_config_dry_run=true, and a nested
 * `npm pack` that inherits it writes no tarball.
 */
export function packEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, [GUARD_MARKER]: '1' };
  for (const key of Object.keys(out)) if (/^npm_config_dry_run$/i.test(key)) delete out[key];
  return out;
}

/** npm reads `npm_config_dry_run` from the environment too. */
export function dryRunFromEnvironment(env: NodeJS.ProcessEnv): boolean {
  return Object.entries(env).some(([k, v]) => /^npm_config_dry_run$/i.test(k) && v !== undefined && /^(true|1)$/i.test(v));
}
