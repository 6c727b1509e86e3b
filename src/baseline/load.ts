// `--baseline <spec|tarball|dir|latest>` for check and scan: resolve it to an artifact the
// baseline rule compares with, or to a one-line reason there is none (a first release).
import { ShipgateError } from '../errors.js';
import type { ShipgateConfig } from '../policy/config.js';
import type { Artifact, BaselineFacts } from '../types.js';
import { NotPublishedError } from './registry.js';
import { inspectSide, resolveSide, type SideOptions } from './side.js';

export interface BaselineLoadOptions extends SideOptions {
  config: ShipgateConfig;
}

function candidateName(candidate: Artifact): string {
  const name = candidate.manifest?.name;
  if (typeof name !== 'string' || !name) {
    throw new ShipgateError('EBASELINE', `--baseline latest needs the package's name, but ${candidate.target} has no package.json name`, 'pass --baseline name@version, a tarball or a directory instead');
  }
  return name;
}

/** The registry the package publishes to, when the user did not name one: `publishConfig.registry`. */
function publishRegistry(candidate: Artifact): string | undefined {
  const r = candidate.manifest?.publishConfig?.registry;
  return typeof r === 'string' && /^https?:\/\//i.test(r) ? r : undefined;
}

/**
 * `latest` (and `latest` only) means this package's `latest` dist-tag, read from `--registry`,
 * else `publishConfig.registry`, else npm config. When that package or tag does not exist the
 * result is a "no baseline" fact, not an error; a version the user named must exist.
 */
export async function loadBaseline(spec: string, candidate: Artifact, options: BaselineLoadOptions): Promise<BaselineFacts> {
  const auto = spec === 'latest';
  const target = auto ? `${candidateName(candidate)}@latest` : spec;
  const registry = options.registry ?? (auto ? publishRegistry(candidate) : undefined);
  let side;
  try {
    side = await resolveSide(target, { ...options, registry });
  } catch (e) {
    if (e instanceof NotPublishedError && (e.missing === 'package' || (auto && e.missing === 'version'))) {
      return { target: spec, missing: `${e.message}; nothing to compare with (a first release?), so baseline checks were skipped` };
    }
    throw e;
  }
  try {
    // The baseline's own secrets are not this release's findings; skip that work.
    const artifact = await inspectSide(side, options.config, false);
    return { target: spec, label: side.label, artifact };
  } finally {
    await side.cleanup();
  }
}
