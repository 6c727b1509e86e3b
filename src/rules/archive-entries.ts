import type { ReadAnomalyKind, RuleFinding, Severity } from '../types.js';
import type { Rule } from './rule.js';

const RULE = 'archive-entries';

/** How each structural oddity of a tar or zip is judged. */
const SEVERITY: Partial<Record<ReadAnomalyKind, Severity>> = {
  'path-traversal': 'error',
  'absolute-path': 'error',
  'duplicate-path': 'error',
  'size-mismatch': 'error',
  'special-entry': 'error',
  symlink: 'warning',
  hardlink: 'warning',
  'no-common-root': 'warning',
};

export const archiveEntriesRule: Rule = {
  id: RULE,
  defaultSeverity: 'error',
  rationale: 'Entries that escape the package, links, duplicates and disagreeing headers make what installs differ from what was reviewed.',
  check(artifact) {
    const findings: RuleFinding[] = [];
    for (const a of artifact.anomalies) {
      const severity = SEVERITY[a.kind];
      if (severity) findings.push({ rule: RULE, severity, path: a.path, message: `${a.kind}: ${a.detail}`, data: { kind: a.kind } });
    }
    return findings;
  },
};
