import { createHash } from 'node:crypto';
import { diffArtifacts, type ManifestChange, type ManifestChangeKind } from '../baseline/diff.js';
import type { BaselineSettings } from '../policy/config.js';
import type { Artifact, RuleFinding, Severity } from '../types.js';
import { formatBytes, plural } from '../util/format.js';
import { fingerprint } from './fingerprint.js';
import type { Rule } from './rule.js';

const RULE = 'baseline';

/** Severity of a package.json change, by kind and direction. Every row says why. */
const MANIFEST_SEVERITY: Record<ManifestChangeKind, { added: Severity | undefined; changed: Severity | undefined; removed: Severity | undefined; why: string }> = {
  // Runs on every user's machine at install time: the classic way a hijacked release does harm.
  'install-script': { added: 'error', changed: 'error', removed: 'info', why: 'runs on every machine that installs this package' },
  // New code pulled onto every user's machine; range changes are routine.
  dependency: { added: 'warning', changed: undefined, removed: undefined, why: 'installs new code for every user' },
  'optional-dependency': { added: 'warning', changed: undefined, removed: undefined, why: 'installs new code for every user' },
  // Peers are installed by the user, not by us.
  'peer-dependency': { added: 'info', changed: undefined, removed: undefined, why: 'asks users to install another package' },
  // Bundled code ships inside the tarball without a lockfile entry anyone reviews.
  'bundled-dependencies': { added: 'warning', changed: 'warning', removed: undefined, why: 'ships third-party code inside the tarball' },
  // A new command on users' PATH.
  bin: { added: 'warning', changed: 'warning', removed: 'info', why: 'puts a command on users\' PATH' },
  'entry-point': { added: 'info', changed: 'info', removed: 'info', why: 'changes what require/import load' },
  files: { added: 'info', changed: 'info', removed: 'info', why: 'changes what ships' },
  // Can send the publish to another registry or with other access.
  'publish-config': { added: 'warning', changed: 'warning', removed: 'warning', why: 'changes where and how this package is published' },
};

function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'undefined';
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function sha(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v) ?? '').digest('hex').slice(0, 16);
}

function manifestFinding(c: ManifestChange, since: string): RuleFinding | undefined {
  const row = MANIFEST_SEVERITY[c.kind];
  const severity = row[c.change];
  if (!severity) return undefined;
  const what = c.change === 'added' ? `added ${short(c.after)}` : c.change === 'removed' ? `removed (was ${short(c.before)})` : `changed from ${short(c.before)} to ${short(c.after)}`;
  return {
    rule: RULE,
    severity,
    path: 'package.json',
    message: `${c.field} ${what} since ${since}: ${row.why}`,
    // Keyed by the new value, so allowing one reviewed install script does not allow the next change.
    fingerprint: fingerprint(RULE, 'package.json', `${c.change}:${c.field}:${sha(c.after)}`),
    data: { kind: c.kind, field: c.field, change: c.change, before: c.before, after: c.after },
  };
}

function pct(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)} %`;
}

/** Growth worth a finding: above the floor, and above the percentage or the byte threshold. */
export function growthExceeds(before: number, after: number, s: BaselineSettings): boolean {
  const delta = after - before;
  if (delta < s.minGrowthBytes) return false;
  if (delta > s.maxGrowthBytes) return true;
  return before === 0 || (delta / before) * 100 > s.maxGrowthPercent;
}

export function baselineFindings(artifact: Artifact, baseline: Artifact, since: string, settings: BaselineSettings): RuleFinding[] {
  const d = diffArtifacts(baseline, artifact);
  const findings: RuleFinding[] = [];
  // With an approved manifest, new files are that rule's business (approved ones are not news).
  if (!artifact.approved) {
    for (const f of d.files.added) {
      findings.push({ rule: RULE, severity: 'warning', path: f.path, message: `new file since ${since} (${formatBytes(f.size)}); make sure it is meant to ship`, fingerprint: fingerprint(RULE, f.path, 'new-file'), data: { change: 'added', size: f.size } });
    }
  }
  const u = d.unpacked;
  if (u.before !== undefined && u.after !== undefined && growthExceeds(u.before, u.after, settings)) {
    const percent = u.percent === undefined ? '' : ` (${pct(u.percent)})`;
    findings.push({
      rule: RULE,
      severity: 'warning',
      path: '',
      message: `unpacked size grew from ${formatBytes(u.before)} to ${formatBytes(u.after)}${percent} since ${since}, beyond baseline.maxGrowthPercent ${settings.maxGrowthPercent} % / baseline.maxGrowthBytes ${formatBytes(settings.maxGrowthBytes)}`,
      fingerprint: fingerprint(RULE, '', 'growth'),
      data: { before: u.before, after: u.after, delta: u.delta, percent: u.percent },
    });
  }
  for (const m of d.sourceMaps.added) {
    const exposes = m.exposedFiles > 0;
    findings.push({
      rule: RULE,
      severity: exposes ? 'error' : 'warning',
      path: m.path,
      message: exposes
        ? `new ${m.inline ? 'inline ' : ''}source map since ${since} exposes ${plural(m.exposedFiles, 'original file')} (${plural(m.exposedLines, 'line')})`
        : `new ${m.inline ? 'inline ' : ''}source map since ${since} (no original source embedded)`,
      fingerprint: fingerprint(RULE, m.path, `new-map:${m.inline}`),
      data: { ...m },
    });
  }
  for (const m of d.sourceMaps.moreExposed) {
    findings.push({
      rule: RULE,
      severity: 'error',
      path: m.path,
      message: `source map now exposes ${plural(m.exposedFiles, 'original file')} (was ${m.exposedBefore} in ${since})`,
      fingerprint: fingerprint(RULE, m.path, `more-exposed:${m.inline}`),
      data: { ...m },
    });
  }
  for (const c of d.manifest) {
    const f = manifestFinding(c, since);
    if (f) findings.push(f);
  }
  return findings;
}

export const baselineRule: Rule = {
  id: RULE,
  defaultSeverity: 'warning',
  rationale: 'A release should differ from the last one only as intended: new files, growth, new maps, install scripts and dependencies are what leaks and hijacks look like.',
  check(artifact, { config }) {
    const b = artifact.baseline;
    if (!b || 'missing' in b) return [];
    const m = b.artifact.manifest;
    const since = typeof m?.name === 'string' && typeof m.version === 'string' ? `${m.name}@${m.version}` : b.label;
    return baselineFindings(artifact, b.artifact, since, config.baseline);
  },
};
