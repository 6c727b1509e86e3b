import type { SuppressedFinding } from '../report.js';
import { fingerprint } from '../rules/fingerprint.js';
import { severityRank, type Finding, type RuleFinding, type Severity } from '../types.js';
import type { AllowEntry, ShipgateConfig } from './config.js';
import { compareStrings } from '../util/compare.js';
import { globMatcher } from '../util/glob.js';

export interface PolicyResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  notes: string[];
}

/** Numbers in messages change between runs (sizes, counts); the default fingerprint ignores them. */
function defaultFingerprint(f: RuleFinding): string {
  return fingerprint(f.rule, f.path, `${f.source ?? ''}:${f.message.replace(/\d[\d,.]*/g, '#')}`);
}

function expired(entry: AllowEntry, now: Date): boolean {
  if (!entry.until) return false;
  return now.getTime() > Date.parse(`${entry.until}T23:59:59.999Z`);
}

/** Applied once, after every rule ran: severity overrides, allowlist (with expiry), ordering. */
export function applyPolicy(raw: RuleFinding[], config: ShipgateConfig, now: Date = new Date()): PolicyResult {
  const notes: string[] = [];
  const matchers = config.allow.map((entry) => ({
    entry,
    path: entry.path ? globMatcher(entry.path) : undefined,
    expired: expired(entry, now),
  }));
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const expiredUsed = new Set<AllowEntry>();
  for (const r of raw) {
    const setting = config.rules[r.rule];
    if (setting === 'off') continue;
    const f: Finding = { ...r, severity: setting ?? r.severity, fingerprint: r.fingerprint ?? defaultFingerprint(r) };
    const match = matchers.find(
      (m) => (!m.entry.rule || m.entry.rule === f.rule) && (!m.path || m.path(f.path)) && (!m.entry.fingerprint || m.entry.fingerprint === f.fingerprint),
    );
    if (match && !match.expired) {
      suppressed.push({ finding: f, reason: match.entry.reason, until: match.entry.until });
      continue;
    }
    if (match?.expired) expiredUsed.add(match.entry);
    findings.push(f);
  }
  for (const e of expiredUsed) {
    notes.push(`allow entry (${[e.rule, e.path, e.fingerprint].filter(Boolean).join(', ')}) expired on ${e.until}; its findings are back: "${e.reason}"`);
  }
  findings.sort(compareFindings);
  return { findings, suppressed, notes };
}

export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || compareStrings(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message);
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function failsAt(findings: Finding[], failOn: Severity): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
}
