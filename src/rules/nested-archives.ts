import type { RuleFinding } from '../types.js';
import type { Rule } from './rule.js';

const RULE = 'nested-archives';

export const nestedArchivesRule: Rule = {
  id: RULE,
  defaultSeverity: 'warning',
  rationale: 'Archives inside a package are opened and their members scanned; one that cannot be opened is content nobody reviewed.',
  check(artifact) {
    const findings: RuleFinding[] = [];
    for (const a of artifact.anomalies) {
      if (a.kind === 'nested-archive-skipped' || a.kind === 'nested-archive-corrupt') {
        findings.push({ rule: RULE, severity: 'warning', path: a.path, message: `${a.kind === 'nested-archive-corrupt' ? 'unreadable archive' : 'not inspected'}: ${a.detail}`, data: { kind: a.kind } });
      }
    }
    return findings;
  },
};
