// The facts npm's unpublish policy turns on, as far as they can be fetched. The registry
// protocol has no download counts and no dependents endpoint: npmjs.org publishes weekly
// downloads on api.npmjs.org, and nobody publishes dependents as an API. What cannot be
// fetched stays unknown, with the reason; the user may supply it with a flag.
import { fetchRegistryJson, isObject, type Packument, type RegistryContext } from '../registry/fetch.js';
import type { Fact } from './unpublish.js';

export const NPMJS_REGISTRY_HOST = 'registry.npmjs.org';
export const NPMJS_DOWNLOADS_API = 'https://api.npmjs.org/downloads/point/last-week/';

export interface FactOverrides {
  dependents?: number;
  weeklyDownloads?: number;
  owners?: number;
}

export interface UnpublishFactSet {
  dependents: Fact;
  weeklyDownloads: Fact;
  owners: Fact;
}

/** Owners as the packument lists them (`maintainers`); pure. */
export function ownersFact(packument: Packument): Fact {
  const maintainers = packument.maintainers;
  if (Array.isArray(maintainers) && maintainers.length > 0) return { value: maintainers.length, source: 'the packument\'s maintainers' };
  return { source: 'this registry does not list maintainers in the packument' };
}

export async function gatherFacts(name: string, packument: Packument, ctx: RegistryContext, overrides: FactOverrides = {}): Promise<UnpublishFactSet> {
  const isNpmjs = new URL(ctx.registry).host === NPMJS_REGISTRY_HOST;
  const dependents: Fact =
    overrides.dependents !== undefined
      ? { value: overrides.dependents, source: '--dependents' }
      : {
          source: isNpmjs
            ? `the registry has no dependents API; see https://www.npmjs.com/package/${name}?activeTab=dependents and pass --dependents N`
            : `${new URL(ctx.registry).host} has no dependents endpoint; pass --dependents N if you know it`,
        };
  const owners: Fact = overrides.owners !== undefined ? { value: overrides.owners, source: '--owners' } : ownersFact(packument);
  let weeklyDownloads: Fact;
  if (overrides.weeklyDownloads !== undefined) weeklyDownloads = { value: overrides.weeklyDownloads, source: '--weekly-downloads' };
  else if (isNpmjs) weeklyDownloads = await npmjsWeeklyDownloads(name, ctx);
  else weeklyDownloads = { source: `${new URL(ctx.registry).host} has no download counts; pass --weekly-downloads N if you know it` };
  return { dependents, weeklyDownloads, owners };
}

async function npmjsWeeklyDownloads(name: string, ctx: RegistryContext): Promise<Fact> {
  try {
    const doc = await fetchRegistryJson(`${NPMJS_DOWNLOADS_API}${name}`, ctx, `weekly downloads of ${name}`);
    if (isObject(doc) && typeof doc.downloads === 'number') return { value: doc.downloads, source: 'api.npmjs.org, last week' };
    return { source: 'api.npmjs.org returned no download count' };
  } catch (err) {
    return { source: `api.npmjs.org could not be read (${(err as Error).message})` };
  }
}
