// What source maps give away: embedded original sources that do not ship anyway, and paths or URLs
// of the build machine. Shared by the source-maps rule and the report headline.
import type { Artifact, ArtifactFile, MapSource, SourceMapFacts } from '../types.js';

export interface MapExposure {
  file: ArtifactFile;
  map: SourceMapFacts;
  /** Sources whose content is embedded and is not shipped byte-identical elsewhere. */
  exposed: MapSource[];
  exposedLines: number;
  exposedBytes: number;
  /** Sources with embedded content (exposed or not). */
  withContent: number;
  absolutePaths: string[];
  outsidePaths: string[];
  urls: string[];
}

export interface ExposureTotals {
  maps: MapExposure[];
  /** Distinct exposed sources across all maps. */
  files: number;
  lines: number;
}

const SCHEME_RE = /^([a-z][a-z0-9+.-]*):/i;
const ABSOLUTE_RE = /^(?:\/|[A-Za-z]:[\\/]|\\\\|file:)/;

export function computeExposure(artifact: Artifact): ExposureTotals {
  const shipped = new Set<string>();
  for (const f of artifact.files) if (f.sha256) shipped.add(f.sha256);
  const maps: MapExposure[] = [];
  const distinct = new Map<string, number>();
  for (const file of artifact.files) {
    for (const map of file.sourceMaps) {
      const e: MapExposure = { file, map, exposed: [], exposedLines: 0, exposedBytes: 0, withContent: 0, absolutePaths: [], outsidePaths: [], urls: [] };
      const root = map.sourceRoot ?? '';
      if (root && /^https?:/i.test(root)) e.urls.push(root);
      else if (root && ABSOLUTE_RE.test(root)) e.absolutePaths.push(root);
      for (const src of map.sources) {
        if (src.content) {
          e.withContent++;
          if (!src.content.sha256 || !shipped.has(src.content.sha256)) {
            e.exposed.push(src);
            e.exposedLines += src.content.lines;
            e.exposedBytes += src.content.bytes;
            distinct.set(src.content.sha256 || `${map.path}:${src.name}`, src.content.lines);
          }
        }
        const name = src.name;
        if (!name) continue;
        const full = root && !SCHEME_RE.test(name) && !ABSOLUTE_RE.test(name) ? `${root.replace(/\/$/, '')}/${name}` : name;
        if (/^https?:/i.test(full)) e.urls.push(full);
        else if (ABSOLUTE_RE.test(full)) e.absolutePaths.push(full);
        // Bundled dependencies from node_modules reveal nothing about the build machine.
        else if (!SCHEME_RE.test(full) && src.resolvedPath === undefined && !full.includes('node_modules/')) e.outsidePaths.push(full);
      }
      maps.push(e);
    }
  }
  let lines = 0;
  for (const l of distinct.values()) lines += l;
  return { maps, files: distinct.size, lines };
}
