import type { RuleFinding } from '../types.js';
import { formatBytes } from '../util/format.js';
import type { Rule } from './rule.js';

const RULE = 'size';

export const sizeRule: Rule = {
  id: RULE,
  defaultSeverity: 'warning',
  rationale: 'A sudden giant file or package is how a 60 MB source map slips out; budgets make size a reviewed decision.',
  check(artifact, { config }) {
    const { size } = config;
    const findings: RuleFinding[] = [];
    if (size.maxPackedBytes !== undefined && artifact.packedSize !== undefined && artifact.packedSize > size.maxPackedBytes) {
      findings.push({ rule: RULE, severity: 'warning', path: '', message: `packed size ${formatBytes(artifact.packedSize)} exceeds the budget of ${formatBytes(size.maxPackedBytes)} (size.maxPackedBytes)`, data: { packedSize: artifact.packedSize, budget: size.maxPackedBytes } });
    }
    if (size.maxUnpackedBytes !== undefined && artifact.unpackedSize > size.maxUnpackedBytes) {
      findings.push({ rule: RULE, severity: 'warning', path: '', message: `unpacked size ${formatBytes(artifact.unpackedSize)} exceeds the budget of ${formatBytes(size.maxUnpackedBytes)} (size.maxUnpackedBytes)`, data: { unpackedSize: artifact.unpackedSize, budget: size.maxUnpackedBytes } });
    }
    for (const file of artifact.files) {
      if (file.type === 'file' && file.depth === 0 && file.size > size.maxFileBytes) {
        findings.push({ rule: RULE, severity: 'warning', path: file.path, message: `${formatBytes(file.size)} file exceeds the per-file budget of ${formatBytes(size.maxFileBytes)} (size.maxFileBytes)`, data: { size: file.size, budget: size.maxFileBytes } });
      }
    }
    for (const a of artifact.anomalies) {
      if (a.kind === 'entry-not-inspected') findings.push({ rule: RULE, severity: 'warning', path: a.path, message: `not fully inspected: ${a.detail}` });
    }
    return findings;
  },
};
