// Baselines: compare a candidate with the last release, an approved file list, growth limits.
export { diffArtifacts, diffManifests, installScripts, sizeDelta, INSTALL_SCRIPTS, type ArtifactDiff, type FileChange, type FileSize, type ManifestChange, type ManifestChangeKind, type MapSummary, type SizeDelta } from './diff.js';
export { APPROVED_MANIFEST_FILE, approvedManifestOf, compareManifests, parseApprovedManifest, readApprovedManifest, serializeApprovedManifest, type ManifestComparison } from './approved.js';
export { cacheDir, fetchRelease, NotPublishedError, parseRegistrySpec, type FetchedRelease, type ReleaseFetchOptions } from './registry.js';
export { inspectSide, resolveSide, type ResolvedSide, type SideKind, type SideOptions } from './side.js';
export { compareArtifacts, summarise, type Comparison, type SideSummary } from './compare.js';
export { loadBaseline, type BaselineLoadOptions } from './load.js';
export { DEFAULT_PATCH_LIMITS, lineDiff, patchBetween, unifiedDiff, type PatchLimits, type PatchResult } from './patch.js';
