import type { RuleFinding, SecretHit } from '../types.js';
import type { Rule } from './rule.js';

const RULE = 'secrets';

/** What to do about a hit, in one clause: rotation comes before removal. */
function advice(hit: SecretHit): string {
  if (hit.validated === false) return 'the checksum does not match, so it is probably not a live token';
  return hit.rotationUrl ? `rotate at ${hit.rotationUrl}` : 'revoke it and issue a new one, then remove it';
}

export function secretMessage(hit: SecretHit): string {
  return `${hit.description} (${hit.redacted}) — ${advice(hit)}`;
}

/** Turns the secret engine's hits (already redacted and fingerprinted by the reader) into findings. */
export const secretsRule: Rule = {
  id: RULE,
  defaultSeverity: 'error',
  rationale: 'A credential published in a package is public: anyone can download it from the registry, forever.',
  check(artifact) {
    const findings: RuleFinding[] = [];
    for (const file of artifact.files) {
      for (const hit of file.secrets) {
        const finding: RuleFinding = {
          rule: RULE,
          severity: hit.severity,
          path: file.path,
          line: hit.line,
          column: hit.column,
          evidence: hit.redacted,
          // The engine's fingerprint hashes detector and value, not path: one allow entry per known value.
          fingerprint: hit.fingerprint,
          message: secretMessage(hit),
          data: { detector: hit.detector, validated: hit.validated, rotationUrl: hit.rotationUrl },
        };
        if (hit.source !== undefined) finding.source = hit.source;
        findings.push(finding);
      }
    }
    return findings;
  },
};
