// From one version's artifact and report to the row `history` shows: pure.
import { computeExposure } from '../analyzers/exposure.js';
import type { Report } from '../report.js';
import { BINARY_DETECTORS, DETECTORS } from '../secrets/index.js';
import type { Artifact, Finding } from '../types.js';
import type { ForbiddenFile, LeakedSecret, VersionExposure, VersionInspection } from './model.js';
import { compareStrings } from '../util/compare.js';

let descriptions: Map<string, string> | undefined;

/** Human name of a detector id, from the detector tables. */
export function detectorDescription(id: string | undefined): string | undefined {
  if (!id) return undefined;
  descriptions ??= new Map([...DETECTORS, ...BINARY_DETECTORS].map((d) => [d.id, d.description]));
  return descriptions.get(id);
}

export function secretOf(f: Finding): LeakedSecret {
  const data = f.data ?? {};
  const detector = typeof data.detector === 'string' ? data.detector : undefined;
  const secret: LeakedSecret = {
    path: f.path,
    detector,
    // The message starts with the description; the table is the better source when it knows the id.
    description: detectorDescription(detector) ?? f.message.replace(/ \(.*$/s, ''),
    redacted: f.evidence ?? '(redacted)',
    fingerprint: f.fingerprint,
    severity: f.severity,
  };
  if (f.line !== undefined) secret.line = f.line;
  if (f.source !== undefined) secret.source = f.source;
  if (typeof data.validated === 'boolean') secret.validated = data.validated;
  if (typeof data.rotationUrl === 'string') secret.rotationUrl = data.rotationUrl;
  return secret;
}

export function forbiddenOf(f: Finding): ForbiddenFile {
  const row = f.data && typeof f.data.row === 'string' ? f.data.row : undefined;
  return { path: f.path, severity: f.severity, ...(row ? { row } : {}), message: f.message };
}

export function exposureOf(artifact: Artifact): VersionExposure {
  const totals = computeExposure(artifact);
  const exposing = totals.maps
    .filter((m) => m.exposed.length > 0)
    .map((m) => ({ path: m.map.path, exposedFiles: m.exposed.length, exposedLines: m.exposedLines }))
    .sort((a, b) => b.exposedLines - a.exposedLines || compareStrings(a.path, b.path));
  return { maps: totals.maps.length, files: totals.files, lines: totals.lines, exposing };
}

export function summariseInspection(artifact: Artifact, report: Report, fromCache: boolean): VersionInspection {
  const inspection: VersionInspection = {
    integrity: artifact.integrity,
    fromCache,
    files: report.entryCount,
    unpackedSize: report.unpackedSize,
    exposure: exposureOf(artifact),
    secrets: report.findings.filter((f) => f.rule === 'secrets').map(secretOf),
    forbidden: report.findings.filter((f) => f.rule === 'forbidden-paths').map(forbiddenOf),
    summary: report.summary,
    passed: report.passed,
    findings: report.findings,
  };
  if (report.packedSize !== undefined) inspection.packedSize = report.packedSize;
  return inspection;
}
