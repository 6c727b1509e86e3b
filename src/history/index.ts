// Public surface of `shipgate history`, for src/index.ts to re-export.
export { DEFAULT_CONCURRENCY, inspectHistory, inspectPublishedTarball, MAX_CONCURRENCY } from './history.js';
export type { HistoryOptions, HistoryProgress, InspectedVersion } from './history.js';
export { TarballCache } from './cache.js';
export { listVersions } from './versions.js';
export type * from './model.js';
export { HISTORY_REPORTERS } from './reporters/index.js';
