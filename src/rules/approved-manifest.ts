import { approvedManifestOf, compareManifests } from '../baseline/approved.js';
import type { RuleFinding } from '../types.js';
import { formatBytes } from '../util/format.js';
import { fingerprint } from './fingerprint.js';
import type { Rule } from './rule.js';

const RULE = 'approved-manifest';

/** How many changed paths a message names before "and N more". */
const NAMED = 5;

export const approvedManifestRule: Rule = {
  id: RULE,
  defaultSeverity: 'error',
  rationale: 'Every shipped file should have been seen once by a person: a path that was never approved is how a stray .env or a 60 MB map ships.',
  check(artifact) {
    const approved = artifact.approved;
    if (!approved) return [];
    const { manifest, source } = approved;
    const current = approvedManifestOf(artifact);
    const findings: RuleFinding[] = [];
    if (manifest.package && current.package && manifest.package !== current.package) {
      findings.push({
        rule: RULE,
        severity: 'error',
        path: '',
        message: `${source} approves package "${manifest.package}", but this is "${current.package}"; point --manifest at the right file, or run "shipgate approve" here`,
        fingerprint: fingerprint(RULE, '', `package:${manifest.package}`),
      });
      return findings;
    }
    const cmp = compareManifests(manifest, current);
    for (const f of cmp.added) {
      findings.push({
        rule: RULE,
        severity: 'error',
        path: f.path,
        message: `not in the approved manifest (${source}); review it, then run "shipgate approve" to approve it`,
        // Keyed by content: allowing these bytes does not allow whatever replaces them.
        fingerprint: fingerprint(RULE, f.path, `unapproved:${f.sha256}`),
        data: { size: f.size, sha256: f.sha256 },
      });
    }
    for (const f of cmp.removed) {
      findings.push({ rule: RULE, severity: 'info', path: f.path, message: `approved in ${source} but no longer shipped; run "shipgate approve" to update the manifest`, fingerprint: fingerprint(RULE, f.path, 'removed'), data: { size: f.size } });
    }
    if (cmp.changed.length) {
      // Content changes between releases are normal; one summary line, not one per file.
      const names = cmp.changed.slice(0, NAMED).map((c) => `${c.path} (${formatBytes(c.before.size)} → ${formatBytes(c.after.size)})`);
      const more = cmp.changed.length > NAMED ? ` and ${cmp.changed.length - NAMED} more` : '';
      findings.push({
        rule: RULE,
        severity: 'info',
        path: '',
        message: `${cmp.changed.length} approved file${cmp.changed.length === 1 ? '' : 's'} changed content since ${manifest.package}@${manifest.version}: ${names.join(', ')}${more}`,
        fingerprint: fingerprint(RULE, '', 'changed'),
        data: { changed: cmp.changed.map((c) => ({ path: c.path, before: c.before.size, after: c.after.size })) },
      });
    }
    return findings;
  },
};
