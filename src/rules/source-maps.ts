import { computeExposure, type MapExposure } from '../analyzers/exposure.js';
import type { RuleFinding } from '../types.js';
import { plural } from '../util/format.js';
import { fingerprint } from './fingerprint.js';
import type { Rule } from './rule.js';

const RULE = 'source-maps';

function sample(list: string[], n = 3): string {
  const shown = list.slice(0, n).join(', ');
  return list.length > n ? `${shown}, …` : shown;
}

function revealed(e: MapExposure): string[] {
  const parts: string[] = [];
  if (e.absolutePaths.length) parts.push(`${plural(e.absolutePaths.length, 'absolute build path')} (${sample(e.absolutePaths)})`);
  if (e.outsidePaths.length) parts.push(`${plural(e.outsidePaths.length, 'path')} outside the package (${sample(e.outsidePaths)})`);
  if (e.urls.length) parts.push(`${plural(e.urls.length, 'URL')} (${sample(e.urls)})`);
  return parts;
}

export const sourceMapsRule: Rule = {
  id: RULE,
  defaultSeverity: 'error',
  rationale: 'A source map with sourcesContent ships the original source; one with absolute paths or URLs reveals the build machine and internal hosts.',
  check(artifact, { config }) {
    const policy = config.sourceMaps;
    if (policy === 'allow') return [];
    const findings: RuleFinding[] = [];
    const exposure = computeExposure(artifact);
    for (const e of exposure.maps) {
      const where = e.map.inline ? `inline source map in ${e.file.path}` : 'source map';
      const data = {
        inline: e.map.inline,
        sources: e.map.sources.length,
        sourcesWithContent: e.withContent,
        exposedFiles: e.exposed.length,
        exposedLines: e.exposedLines,
        exposedBytes: e.exposedBytes,
        exposedSample: e.exposed.slice(0, 10).map((s) => s.resolvedPath ?? s.name),
        absolutePaths: e.absolutePaths.slice(0, 10),
        outsidePaths: e.outsidePaths.slice(0, 10),
        urls: e.urls.slice(0, 10),
      };
      const fp = fingerprint(RULE, e.file.path, e.map.inline ? 'inline' : 'map');
      if (e.map.error) {
        findings.push({ rule: RULE, severity: policy === 'deny' ? 'error' : 'warning', path: e.file.path, message: `${where} cannot be read (${e.map.error}); its exposure cannot be assessed`, fingerprint: fp, data });
        continue;
      }
      const paths = revealed(e);
      if (e.exposed.length > 0) {
        const names = sample(e.exposed.map((s) => s.resolvedPath ?? s.name));
        findings.push({
          rule: RULE,
          severity: 'error',
          path: e.file.path,
          message: `${where} exposes ${plural(e.exposed.length, 'original file')}, ${plural(e.exposedLines, 'line')} not otherwise in this package (${names})${paths.length ? `; also reveals ${paths.join(', ')}` : ''}`,
          fingerprint: fp,
          data,
        });
      } else if (policy === 'deny') {
        findings.push({ rule: RULE, severity: 'error', path: e.file.path, message: `${where} ships, and the source-map policy is "deny"`, fingerprint: fp, data });
      } else if (paths.length) {
        findings.push({ rule: RULE, severity: 'warning', path: e.file.path, message: `${where} reveals ${paths.join(', ')}`, fingerprint: fp, data });
      }
    }
    const present = new Set(artifact.files.map((f) => f.path));
    for (const file of artifact.files) {
      for (const ref of file.sourceMapRefs) {
        if (ref.inline) continue;
        if (ref.resolved !== undefined && present.has(ref.resolved)) continue;
        const target = ref.resolved ?? ref.url;
        findings.push({
          rule: RULE,
          severity: 'info',
          path: file.path,
          line: ref.line,
          message: ref.resolved === undefined ? `sourceMappingURL points outside the package (${ref.url}); whoever serves it serves your source` : `sourceMappingURL references ${target}, which is not in this package`,
          fingerprint: fingerprint(RULE, file.path, `ref:${ref.url}`),
          data: { url: ref.url, legacy: ref.legacy },
        });
      }
    }
    return findings;
  },
};
