import type { ShipgateConfig } from '../policy/config.js';
import { DEFAULT_FORBIDDEN_PATHS, type ContentCondition, type ForbiddenRow } from '../policy/forbidden-paths.js';
import type { ArtifactFile, RuleFinding, Severity } from '../types.js';
import type { Rule } from './rule.js';
import { globMatcher } from '../util/glob.js';

interface CompiledRow extends ForbiddenRow {
  match: (path: string) => boolean;
}

const PRIVATE_KEY_RE = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const REGISTRY_AUTH_RE = /(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent|_token)\s*[=:]/;

function holds(file: ArtifactFile, condition: ContentCondition): boolean {
  const head = file.head ? Buffer.from(file.head) : Buffer.alloc(0);
  switch (condition) {
    case 'private-key':
      return PRIVATE_KEY_RE.test(head.toString('latin1')) || file.secrets.some((s) => s.detector.includes('private-key'));
    case 'registry-auth':
      return REGISTRY_AUTH_RE.test(head.toString('utf8'));
    case 'core-dump':
      // ELF magic and e_type ET_CORE (4), little- or big-endian.
      return head.length > 18 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46 && (head[16] === 4 || head[17] === 4);
  }
}

const compiledFor = new WeakMap<ShipgateConfig, CompiledRow[]>();

/** The default table with the config's overrides applied: rows re-severitied or removed by id, rows added. */
export function effectiveForbiddenRows(config: ShipgateConfig): CompiledRow[] {
  const cached = compiledFor.get(config);
  if (cached) return cached;
  const rows: ForbiddenRow[] = [];
  for (const row of DEFAULT_FORBIDDEN_PATHS) {
    const override = config.forbiddenPaths.rows[row.id];
    if (override === 'off') continue;
    rows.push(override ? { ...row, severity: override, otherwise: row.otherwise ? override : undefined } : row);
  }
  rows.push(...config.forbiddenPaths.add);
  const compiled = rows.map((row) => {
    const include = globMatcher(row.patterns);
    const exclude = row.except?.length ? globMatcher(row.except) : () => false;
    return { ...row, match: (p: string) => include(p) && !exclude(p) };
  });
  compiledFor.set(config, compiled);
  return compiled;
}

export const forbiddenPathsRule: Rule = {
  id: 'forbidden-paths',
  defaultSeverity: 'error',
  rationale: 'Some files must never be public: env files, keys, credentials, VCS folders, dumps; others (archives, logs, coverage, local tool settings) rarely belong in a package.',
  check(artifact, { config }) {
    const rows = effectiveForbiddenRows(config);
    const findings: RuleFinding[] = [];
    for (const file of artifact.files) {
      if (file.type === 'directory') continue;
      // Members of nested archives are matched on their own path too: `a.zip!x/.env` is an env file.
      const member = file.path.includes('!') ? file.path.slice(file.path.lastIndexOf('!') + 1) : file.path;
      const row = rows.find((r) => r.match(file.path) || (member !== file.path && r.match(member)));
      if (!row) continue;
      let severity: Severity | undefined = row.severity;
      let detail = '';
      if (row.when) {
        if (holds(file, row.when)) detail = row.when === 'private-key' ? ' (holds a private key)' : row.when === 'registry-auth' ? ' (holds a registry auth token)' : '';
        else severity = row.otherwise;
      }
      if (!severity) continue;
      findings.push({
        rule: 'forbidden-paths',
        severity,
        path: file.path,
        message: `${row.id}${detail}: ${row.reason}`,
        data: { row: row.id },
        fingerprint: undefined,
      });
    }
    return findings;
  },
};
