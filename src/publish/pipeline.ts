// Publish a tarball that has already been checked, and prove the registry serves those very bytes:
// hash the file again, ask the registry whether the version exists, `npm publish <file>`, then read
// the new version's packument and compare `dist.integrity` with the checked integrity. Nothing is
// packed or built here. Nothing here prints.
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ShipgateError, isShipgateError } from '../errors.js';
import { inspectTarball } from '../inspect.js';
import { fetchPackument, fetchRegistryJson, registryContext, type Packument, type RegistryContext } from '../registry/fetch.js';
import { fileDigest, sriOfFile } from '../util/integrity.js';
import { npmPublishFile, type NpmPublishOptions } from './npm-publish.js';

/** The output of a passing check: the file and what the check computed over its bytes. */
export interface CheckedTarball {
  file: string;
  /** sha512 SRI of the checked bytes. */
  integrity: string;
  name: string;
  version: string;
}

/** What `npm publish` gets (minus the scope, read from the checked package), plus how to confirm. */
export interface PublishOptions extends Omit<NpmPublishOptions, 'scope'> {
  /** How long to wait for the registry to show the new version. Default: 6 attempts, 1 s apart, doubling. */
  confirm?: { attempts: number; delayMs: number };
}

export type PublishMode = 'published' | 'dry-run' | 'staged';

export interface PublishOutcome {
  mode: PublishMode;
  name: string;
  version: string;
  /** The file npm was given. */
  file: string;
  /** Integrity of the checked bytes (what shipgate inspected). */
  integrity: string;
  registry: string;
  tag: string;
  access?: 'public' | 'restricted';
  /** `npm …` as run (without the npm binary). */
  npm: string[];
  /** Lifecycle scripts npm ran while publishing: none, because a file was published. */
  lifecycleScripts: string[];
  /** What npm said it uploaded. */
  npmIntegrity?: string;
  stageId?: string;
  /** `dist.integrity` of the new version as the registry serves it (mode `published`). */
  registryIntegrity?: string;
  /** The registry (or, for dry runs and staging, npm) reports exactly the checked bytes. */
  integrityConfirmed: boolean;
  /** Set when something reports different bytes than were checked. Loud, exit 1. */
  mismatch?: string;
  notes: string[];
}

export { sriOfFile };

async function sha1OfFile(file: string): Promise<string> {
  return (await fileDigest(file, 'sha1')).toString('hex');
}

/** The registry npm will publish to: --registry, then the package's publishConfig, then npm config. */
async function publishRegistry(checked: CheckedTarball, options: PublishOptions): Promise<{ ctx: RegistryContext; publishConfig: Record<string, unknown> }> {
  const artifact = await inspectTarball(checked.file, { secrets: false });
  const pc = artifact.manifest?.publishConfig;
  const publishConfig: Record<string, unknown> = pc && typeof pc === 'object' ? pc : {};
  const scope = checked.name.startsWith('@') ? checked.name.slice(0, checked.name.indexOf('/')) : undefined;
  const fromPackage = [scope && publishConfig[`${scope}:registry`], publishConfig.registry].find((v): v is string => typeof v === 'string');
  const ctx = registryContext(checked.name, { registry: options.registry ?? fromPackage, cwd: options.cwd, env: options.env });
  return { ctx, publishConfig };
}

/** Publishes `checked.file` and confirms the registry serves the checked bytes. Throws ShipgateError when it could not run. */
export async function publishCheckedTarball(checked: CheckedTarball, options: PublishOptions): Promise<PublishOutcome> {
  const id = `${checked.name}@${checked.version}`;
  const now = await sriOfFile(checked.file);
  if (now !== checked.integrity) {
    throw new ShipgateError('ECHANGED', `${checked.file} changed after it was checked (checked ${checked.integrity}, now ${now}); nothing was published`, 'run again; nothing may touch the tarball between check and publish');
  }
  const { ctx, publishConfig } = await publishRegistry(checked, options);
  const tag = options.tag ?? (typeof publishConfig.tag === 'string' ? publishConfig.tag : 'latest');
  const notes: string[] = [];

  // Before uploading: is the registry there, and is the version free? npm itself would retry a dead
  // registry for minutes, and its own version check ignores network errors.
  const before = await existingPackument(checked.name, ctx, options.dryRun === true, notes);
  if (before?.versions?.[checked.version]) {
    throw new ShipgateError('EPUBLISHCONFLICT', `${id} is already published on ${ctx.registry}`, 'bump the version in package.json; a published version can never be replaced');
  }

  const result = await npmPublishFile(checked.file, id, {
    registry: options.registry ?? ctx.registry,
    tag: options.tag,
    access: options.access,
    dryRun: options.dryRun,
    provenance: options.provenance,
    stage: options.stage,
    ...(checked.name.startsWith('@') ? { scope: checked.name.slice(0, checked.name.indexOf('/')) } : {}),
    cwd: options.cwd,
    env: options.env,
    onOutput: options.onOutput,
  });
  const outcome: PublishOutcome = {
    mode: options.dryRun ? 'dry-run' : options.stage ? 'staged' : 'published',
    name: checked.name,
    version: checked.version,
    file: checked.file,
    integrity: checked.integrity,
    registry: ctx.registry,
    tag,
    ...(options.access ? { access: options.access } : {}),
    npm: result.args.map((a) => (a === checked.file ? path.basename(a) : a)),
    lifecycleScripts: [],
    ...(result.integrity ? { npmIntegrity: result.integrity } : {}),
    ...(result.stageId ? { stageId: result.stageId } : {}),
    integrityConfirmed: false,
    notes,
  };
  if (result.integrity && result.integrity !== checked.integrity) {
    outcome.mismatch = `npm reports it ${outcome.mode === 'dry-run' ? 'would upload' : 'uploaded'} ${result.integrity}, but shipgate checked ${checked.integrity}`;
    return outcome;
  }

  if (outcome.mode === 'dry-run') {
    outcome.integrityConfirmed = result.integrity === checked.integrity;
    notes.push('dry run: npm uploaded nothing, so there is no registry copy to compare');
    return outcome;
  }
  if (outcome.mode === 'staged') {
    await confirmStaged(outcome, ctx, checked);
    return outcome;
  }
  await confirmPublished(outcome, ctx, options.confirm ?? { attempts: 6, delayMs: 1000 });
  return outcome;
}

async function existingPackument(name: string, ctx: RegistryContext, dryRun: boolean, notes: string[]): Promise<Packument | undefined> {
  try {
    return await fetchPackument(name, ctx);
  } catch (e) {
    if (isShipgateError(e) && e.code === 'E_REGISTRY_NOT_FOUND') return undefined; // a first publish
    if (dryRun && isShipgateError(e)) {
      notes.push(`could not read ${name} from ${ctx.registry} before the dry run: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

async function confirmPublished(outcome: PublishOutcome, ctx: RegistryContext, confirm: { attempts: number; delayMs: number }): Promise<void> {
  let wait = confirm.delayMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= Math.max(1, confirm.attempts); attempt++) {
    if (attempt > 1) {
      await delay(wait);
      wait *= 2;
    }
    let doc: Packument;
    try {
      doc = await fetchPackument(outcome.name, ctx);
    } catch (e) {
      lastError = e;
      continue;
    }
    const published = doc.versions?.[outcome.version];
    if (!published) continue;
    const integrity = published.dist?.integrity;
    outcome.registryIntegrity = integrity;
    if (integrity === outcome.integrity) {
      outcome.integrityConfirmed = true;
    } else {
      outcome.mismatch = `${ctx.registry} serves ${outcome.name}@${outcome.version} with dist.integrity ${integrity ?? '(none)'}, but shipgate checked ${outcome.integrity}`;
    }
    const tagged = doc['dist-tags']?.[outcome.tag];
    if (tagged !== outcome.version) outcome.notes.push(`dist-tag "${outcome.tag}" points at ${tagged ?? 'nothing'}, not ${outcome.version}, on ${ctx.registry}`);
    return;
  }
  const why = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new ShipgateError(
    'E_CONFIRM',
    `npm published ${outcome.name}@${outcome.version}, but ${ctx.registry} did not show that version after ${confirm.attempts} attempts${why}; its integrity is unconfirmed`,
    `check later with: shipgate verify ${outcome.name}@${outcome.version} --registry ${ctx.registry}`,
  );
}

/** A staged version is not in the packument; the stage record carries its shasum (npm 11 `npm stage view`). */
async function confirmStaged(outcome: PublishOutcome, ctx: RegistryContext, checked: CheckedTarball): Promise<void> {
  outcome.integrityConfirmed = outcome.npmIntegrity === checked.integrity;
  outcome.notes.push(`staged: not installable until a maintainer approves it with 2FA (npm stage approve ${outcome.stageId ?? '<stage-id>'})`);
  if (!outcome.stageId) return;
  try {
    const item = await fetchRegistryJson(`-/stage/${encodeURIComponent(outcome.stageId)}`, ctx, `staged ${outcome.name}@${outcome.version}`);
    const shasum = item && typeof item === 'object' ? (item as Record<string, unknown>).shasum : undefined;
    if (typeof shasum !== 'string') {
      outcome.notes.push('the stage record has no shasum to compare; confirm after approval with shipgate verify');
      return;
    }
    const expected = await sha1OfFile(checked.file);
    if (shasum !== expected) outcome.mismatch = `the staged version's shasum is ${shasum}, but the checked tarball's is ${expected}`;
    else outcome.notes.push(`the stage record's shasum ${shasum} matches the checked tarball`);
  } catch (e) {
    outcome.notes.push(`could not read the stage record (${(e as Error).message}); after approval confirm with: shipgate verify ${outcome.name}@${outcome.version}`);
  }
}
