import path from 'node:path';
import { ShipgateError } from '../../errors.js';
import { verifyVersion, type IdentityPolicy, type VerifyOptions, type VerifyResult } from '../../registry/verify.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from '../command.js';

const USAGE = `verify <spec> [options]

Checks a published npm version: the registry signature over its integrity, its sigstore
provenance and publish attestations (verified offline against the shipped trusted root),
the provenance identity against a policy, and the tarball bytes against dist.integrity.

  <spec>                     name, name@version, name@range or name@tag

Options:
  --registry <url>           registry to read (default: npm config, else registry.npmjs.org)
  --format <text|json>       output format (default text)
  --repository <owner/repo>  provenance must come from this source repository
  --workflow <path>          ... built by this workflow (a bare file name means .github/workflows/<name>)
  --ref <glob>               ... from a git ref matching this glob, e.g. 'refs/tags/*'
  --github-hosted            ... on a GitHub-hosted runner
  --issuer <url>             OIDC issuer of the signing certificate (default GitHub Actions when
                             any of the above is given)
  --require-provenance       a version without provenance fails (the default)
  --allow-missing-provenance a version without provenance passes if everything else does
  --require-signature        a version without a registry signature fails
  --skip-tarball             do not download the tarball to compare it with dist.integrity
  --trusted-root <file>      sigstore trusted_root.json to use instead of the shipped one
  --keys <file>              registry keys to use (the /-/npm/v1/keys body or the sigstore
                             registry.npmjs.org/keys.json target)

Exit codes: 0 verified, 1 verification failed, 2 could not run.`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'verify a published version: registry signature, provenance, identity, tarball',
  usage: USAGE,
  options: {
    registry: { type: 'string' },
    format: { type: 'string', default: 'text' },
    repository: { type: 'string' },
    workflow: { type: 'string' },
    ref: { type: 'string' },
    'github-hosted': { type: 'boolean' },
    issuer: { type: 'string' },
    'require-provenance': { type: 'boolean' },
    'allow-missing-provenance': { type: 'boolean' },
    'require-signature': { type: 'boolean' },
    'skip-tarball': { type: 'boolean' },
    'trusted-root': { type: 'string' },
    keys: { type: 'string' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const spec = args.positionals[0];
    if (!spec || args.positionals.length > 1) {
      throw new ShipgateError('E_USAGE', spec ? `verify takes one spec, got ${args.positionals.length}` : 'verify needs a package spec', 'usage: shipgate verify <name@version> [--repository owner/repo]');
    }
    const v = args.values;
    const format = stringOption(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') {
      throw new ShipgateError('E_USAGE', `unknown --format ${format}`, 'use --format text or --format json');
    }
    if (v['require-provenance'] === true && v['allow-missing-provenance'] === true) {
      throw new ShipgateError('E_USAGE', '--require-provenance and --allow-missing-provenance contradict each other', 'pass one of them');
    }
    const policy: IdentityPolicy = {
      repository: stringOption(args, 'repository'),
      workflow: stringOption(args, 'workflow'),
      ref: stringOption(args, 'ref'),
      githubHosted: v['github-hosted'] === true ? true : undefined,
      issuer: stringOption(args, 'issuer'),
      requireProvenance: v['allow-missing-provenance'] !== true,
      requireSignature: v['require-signature'] === true,
    };
    const file = (f: string | undefined) => (f ? path.resolve(io.cwd, f) : undefined);
    const options: VerifyOptions = {
      registry: stringOption(args, 'registry'),
      cwd: io.cwd,
      env: io.env,
      policy,
      tarball: v['skip-tarball'] !== true,
      trustedRoot: file(stringOption(args, 'trusted-root')),
      keys: file(stringOption(args, 'keys')),
    };
    const result = await verifyVersion(spec, options);
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderVerifyText(result));
    return result.passed ? 0 : 1;
  },
};

/** Plain text, one fact per line; the verdict first. */
export function renderVerifyText(r: VerifyResult): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(21)}${value}`);
  lines.push(`${r.name}@${r.version}  ${r.passed ? 'VERIFIED' : 'FAILED'}  (${r.registry})`);
  if (r.integrity) row('integrity', r.integrity);
  row('published', r.publishTime.value ? `${r.publishTime.value} (from ${r.publishTime.source.replace('-', ' ')})` : 'unknown');
  row('registry signature', `${r.signature.status}${r.signature.keyid ? ` (${r.signature.keyid}${r.signature.keySource ? `, ${r.signature.keySource} key` : ''})` : ''}`);
  if (r.signature.status !== 'valid') row('', r.signature.detail);
  row('provenance', `${r.provenance.status}${r.provenance.predicateType ? ` (${r.provenance.predicateType})` : ''}`);
  const p = r.provenance;
  if (p.status === 'invalid') row('', 'the facts below are unverified claims');
  const facts: Array<[string, string | undefined]> = [
    ['  repository', p.repository],
    ['  workflow', p.workflow],
    ['  ref', p.ref],
    ['  commit', p.commit],
    ['  builder', p.builder],
    ['  runner', p.githubHosted === undefined ? (p.status === 'missing' ? undefined : 'not recorded') : p.githubHosted ? 'GitHub-hosted' : 'self-hosted'],
    ['  signed by', p.signer],
    ['  run', p.invocation],
  ];
  for (const [label, value] of facts) if (value) row(label, value);
  row('publish attestation', `${r.publishAttestation.status}${r.publishAttestation.keyid ? ` (${r.publishAttestation.keyid})` : ''}`);
  row('trusted publishing', `${r.trustedPublishing}: ${r.trustedPublishingDetail}`);
  row('tarball', `${r.tarball.status}${r.tarball.status === 'match' ? '' : `: ${r.tarball.detail}`}`);
  if (r.problems.length) {
    lines.push('', 'Problems:');
    for (const problem of r.problems) lines.push(`  - ${problem}`);
  }
  if (r.notes.length) {
    lines.push('', 'Notes:');
    for (const note of r.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
