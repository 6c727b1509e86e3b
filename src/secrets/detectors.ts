// The secret formats shipgate recognises, as data. Each row says what it finds, which
// literals must be present for it to run (the prefilter), how the value is checked, where
// the owner rotates it, and why the row exists. Every quantifier is bounded so no pattern can
// backtrack catastrophically; test/secrets/redos.test.ts holds every row to that.

import type { Severity } from '../types.js';
import type { TextKind } from './kind.js';
import {
  hasJwtHeader,
  pemBody,
  pemBodyIsDer,
  validAtlassianCrc,
  validBase62Crc,
  validBech32,
  validDiscordBotToken,
  validGitlabRoutable,
  validGrafanaServiceAccount,
} from './checksums.js';
import { placeholderFor } from './placeholders.js';
import { characterClasses, redact, shannonEntropy } from './redact.js';

/** What a detector's `refine` sees of one match. */
export interface MatchContext {
  /** The secret value (the `secret` group, or the whole match). */
  value: string;
  /** Named groups of the match. */
  groups: Readonly<Record<string, string | undefined>>;
  /** The whole scanned text and the absolute offset of the value in it. */
  text: string;
  index: number;
  kind: TextKind;
  /** Path of the entry being scanned. */
  path: string;
}

export interface Detector {
  /** Stable id; part of every fingerprint, so never renamed. */
  id: string;
  /** Human name of the credential, used in messages. */
  description: string;
  /** Lower-case literals; the detector only runs near a case-insensitive occurrence of one. */
  keywords: readonly string[];
  /**
   * `prefix`: the keyword is the token's first characters; the pattern is tried once, anchored
   * at each occurrence. Otherwise the pattern is searched in the lines around each occurrence,
   * `before`/`after` characters either side.
   */
  anchor: 'prefix' | { before: number; after: number };
  /** The value is the `secret` named group when present, else the whole match. */
  pattern: RegExp;
  severity: Severity;
  /**
   * Checksum or structure check where the format carries one: false makes the hit `info`
   * (a lookalike or a typo'd token); undefined when this instance has nothing to check.
   */
  validate?: (value: string) => boolean | undefined;
  /** Context rules (pairing, local hosts, names): a severity, or null to drop the match. */
  refine?: (match: MatchContext) => Severity | null;
  /** Replaces the value-level placeholder table (for values where it does not fit, e.g. key bodies). */
  isPlaceholder?: (value: string) => boolean;
  /** Only run on these kinds of text. */
  kinds?: readonly TextKind[];
  /** Leading characters of the value that are public (a vendor prefix), shown in evidence. */
  publicPrefix?: RegExp;
  /** The form of the value that is fingerprinted, when one secret has several spellings (PEM with real or escaped newlines). */
  canonical?: (value: string) => string;
  /** Custom evidence; must not contain the value. */
  evidence?: (match: MatchContext) => string;
  /** Where the owner revokes or rotates it. */
  rotationUrl?: string;
  /** Why this row exists (and why it is shaped as it is). */
  reason: string;
}

const CONFIG_KINDS: readonly TextKind[] = ['env', 'npmrc', 'config', 'shell'];
/** Where an `.npmrc`-style line is what it looks like, whatever its value. */
const NPMRC_HOME: ReadonlySet<TextKind> = new Set<TextKind>(['npmrc', 'env', 'config', 'shell', 'other']);

// Left and right word boundaries for token alphabets (\b treats `-` as a boundary, tokens don't).
const L = '(?<![A-Za-z0-9_])';
const R = '(?![A-Za-z0-9_])';
const RD = '(?![A-Za-z0-9_-])';

function re(source: string, flags = ''): RegExp {
  return new RegExp(source, flags);
}

/** An assignment operator with optional quotes around the name and the value. */
const ASSIGN = `["']?[ \\t]{0,4}(?:=>|:=|=|:)[ \\t]{0,4}["']?`;

const LOCAL_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|host\.docker\.internal|[a-z0-9-]{1,63}\.(?:local|localhost|test|internal|invalid))$/i;
const EXAMPLE_HOST = /(?:^|\.)example\.(?:com|org|net)$|^(?:host|hostname|server|domain|your-host)$/i;

const TEMPLATE_FILE = /(?:^|[/.!_-])(?:example|sample|template|dist|tpl)(?:\.[a-z0-9]{1,8})?$/i;

/** Names that say the value is about a secret rather than the secret itself. */
const GENERIC_NAME_EXCLUDED =
  /(?:url|uri|file|path|name|type|length|size|_id|[a-z]Id|endpoint|header|field|env|var|enabled|hint|regex|pattern|prefix|suffix|format|label|placeholder|policy|method|mode|expiry|expires|expiration|ttl|timeout|count|max|min|dir|command|cmd|provider|store|storage|host|port|user|username|email|keyid|version|required|len|location|strategy|scheme|kind)$/;

function aws40Nearby(text: string, index: number): boolean {
  const from = Math.max(0, index - 600);
  const near = text.slice(from, Math.min(text.length, index + 600));
  const re40 = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
  for (let m = re40.exec(near); m; m = re40.exec(near)) {
    if (characterClasses(m[0]) >= 3 && shannonEntropy(m[0]) > 4) return true;
  }
  return false;
}

function githubToken(prefix: string, id: string, description: string, rotationUrl: string, reason: string): Detector {
  return {
    id,
    description,
    keywords: [prefix],
    anchor: 'prefix',
    pattern: re(`${L}${prefix}[A-Za-z0-9]{36}${R}`),
    severity: 'error',
    validate: validBase62Crc,
    publicPrefix: re(`^${prefix}`),
    rotationUrl,
    reason,
  };
}

const GITHUB_CHECKSUM =
  '30 random base62 characters and a 6-character base62 CRC32, so a failed checksum means a lookalike, not a token.';

export const DETECTORS: readonly Detector[] = [
  // ── Private keys: most specific first, so the generic PEM row does not claim them. ──
  {
    id: 'gcp-service-account-key',
    description: 'Google Cloud service-account key',
    keywords: ['service_account'],
    anchor: { before: 4000, after: 4000 },
    pattern: re(
      `"private_key"\\s{0,4}:\\s{0,4}"(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\\\\s]{64,12000}-----END (?:RSA )?PRIVATE KEY-----(?:\\\\n)?)"`,
    ),
    severity: 'error',
    canonical: pemBody,
    isPlaceholder: (v) => pemPlaceholder(v),
    refine: (m) => (pemBody(m.value).length >= 64 ? 'error' : null),
    publicPrefix: /^-----BEGIN (?:RSA )?PRIVATE KEY-----/,
    rotationUrl: 'https://console.cloud.google.com/iam-admin/serviceaccounts',
    reason: 'A service-account JSON (`"type": "service_account"`) with its private key grants the account\'s roles to anyone.',
  },
  {
    id: 'openssh-private-key',
    description: 'OpenSSH private key',
    keywords: ['-----begin '],
    anchor: 'prefix',
    pattern: re(`-----BEGIN OPENSSH PRIVATE KEY-----[A-Za-z0-9+/=\\s\\\\"'+,]{64,20000}-----END OPENSSH PRIVATE KEY-----`),
    severity: 'error',
    validate: (v) => pemBody(v).startsWith('b3BlbnNzaC1rZXktdjE'),
    canonical: pemBody,
    isPlaceholder: (v) => pemPlaceholder(v),
    refine: (m) => (pemBody(m.value).length >= 64 ? 'error' : null),
    publicPrefix: /^-----BEGIN OPENSSH PRIVATE KEY-----/,
    rotationUrl: 'https://docs.github.com/en/authentication/connecting-to-github-with-ssh/reviewing-your-ssh-keys',
    reason: 'An SSH key with a body; the body must decode to `openssh-key-v1`, and bare markers (in parsers) are not keys.',
  },
  {
    id: 'pgp-private-key',
    description: 'PGP private key block',
    keywords: ['-----begin '],
    anchor: 'prefix',
    pattern: re(`-----BEGIN PGP PRIVATE KEY BLOCK-----[A-Za-z0-9+/=\\s\\\\"'+,:.()]{64,40000}-----END PGP PRIVATE KEY BLOCK-----`),
    severity: 'error',
    canonical: pemBody,
    isPlaceholder: (v) => pemPlaceholder(v),
    refine: (m) => (pemBody(m.value).length >= 64 ? 'error' : null),
    publicPrefix: /^-----BEGIN PGP PRIVATE KEY BLOCK-----/,
    reason: 'An armored OpenPGP secret key; revoke it on keyservers and issue a new one.',
  },
  {
    id: 'private-key-pem',
    description: 'PEM private key',
    keywords: ['-----begin '],
    anchor: 'prefix',
    pattern: re(
      `-----BEGIN (?<label>(?:RSA |DSA |EC |ENCRYPTED )?)PRIVATE KEY-----` +
        `(?<dek>[\\s\\\\"'+n]{0,12}Proc-Type: ?4,ENCRYPTED[\\s\\\\"'+rn]{1,12}DEK-Info: ?[A-Z0-9-]{3,30},[0-9A-Fa-f]{8,64})?` +
        `[A-Za-z0-9+/=\\s\\\\"'+,]{64,20000}-----END (?:RSA |DSA |EC |ENCRYPTED )?PRIVATE KEY-----`,
    ),
    severity: 'error',
    // Unencrypted PKCS#1/#8/SEC1 bodies are DER; encrypted (Proc-Type) bodies are not.
    validate: (v) => (v.includes('Proc-Type') ? undefined : pemBodyIsDer(v)),
    canonical: pemBody,
    isPlaceholder: (v) => pemPlaceholder(v),
    refine: (m) => (pemBody(m.value).length >= 64 ? 'error' : null),
    publicPrefix: /^-----BEGIN (?:RSA |DSA |EC |ENCRYPTED )?PRIVATE KEY-----/,
    reason: 'PKCS#1, PKCS#8 or SEC1 key with a base64 body; a bare BEGIN/END pair in a PEM parser is not a key.',
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key',
    keywords: ['putty-user-key-file-'],
    anchor: 'prefix',
    pattern: re(
      `PuTTY-User-Key-File-[1-3]: [a-z0-9-]{3,40}(?:\\r?\\n|\\\\r?\\\\n)` +
        `Encryption: [a-z0-9-]{3,20}(?:\\r?\\n|\\\\r?\\\\n)` +
        `Comment: [^\\r\\n\\\\]{0,200}(?:\\r?\\n|\\\\r?\\\\n)` +
        `Public-Lines: [0-9]{1,3}(?:\\r?\\n|\\\\r?\\\\n)(?:[A-Za-z0-9+/=]{1,80}(?:\\r?\\n|\\\\r?\\\\n)){1,40}` +
        `(?:[A-Za-z0-9-]{3,30}: [^\\r\\n\\\\]{0,100}(?:\\r?\\n|\\\\r?\\\\n)){0,6}` +
        `Private-Lines: [0-9]{1,3}(?:\\r?\\n|\\\\r?\\\\n)(?<body>(?:[A-Za-z0-9+/=]{1,80}(?:\\r?\\n|\\\\r?\\\\n|$)){1,60})`,
    ),
    severity: 'error',
    isPlaceholder: (v) => pemPlaceholder(v),
    refine: (m) => ((m.groups.body ?? '').replace(/[^A-Za-z0-9+/=]/g, '').length >= 32 ? 'error' : null),
    publicPrefix: /^PuTTY-User-Key-File-[1-3]: /,
    reason: 'A .ppk with its Private-Lines; the header alone is not a finding.',
  },
  {
    id: 'age-secret-key',
    description: 'age encryption secret key',
    keywords: ['age-secret-key-1'],
    anchor: 'prefix',
    pattern: re(`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${R}`),
    severity: 'error',
    validate: validBech32,
    publicPrefix: /^AGE-SECRET-KEY-1/,
    rotationUrl: 'https://github.com/FiloSottile/age#readme',
    reason: 'Bech32 with a checksum; decrypts everything encrypted to its recipient.',
  },

  // ── Source hosting and package registries ──
  githubToken('ghp_', 'github-pat', 'GitHub personal access token', 'https://github.com/settings/tokens', `Classic PAT: ${GITHUB_CHECKSUM}`),
  githubToken('gho_', 'github-oauth-token', 'GitHub OAuth access token', 'https://github.com/settings/applications', `OAuth app token: ${GITHUB_CHECKSUM}`),
  githubToken('ghu_', 'github-user-to-server-token', 'GitHub App user-to-server token', 'https://github.com/settings/apps/authorizations', `GitHub App user token: ${GITHUB_CHECKSUM}`),
  githubToken('ghs_', 'github-server-to-server-token', 'GitHub App installation token', 'https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token', `Installation token (40-character form): ${GITHUB_CHECKSUM}`),
  githubToken('ghr_', 'github-refresh-token', 'GitHub App refresh token', 'https://github.com/settings/apps/authorizations', `GitHub App refresh token: ${GITHUB_CHECKSUM}`),
  {
    id: 'github-installation-token-jwt',
    description: 'GitHub App installation token (stateless form)',
    keywords: ['ghs_'],
    anchor: 'prefix',
    pattern: re(`${L}ghs_[0-9]{1,12}_eyJ[A-Za-z0-9_-]{8,1200}\\.[A-Za-z0-9_-]{8,2000}\\.[A-Za-z0-9_-]{8,1200}${RD}`),
    severity: 'error',
    refine: (m) => (hasJwtHeader(m.value.slice(m.value.indexOf('_', 4) + 1)) ? 'error' : null),
    publicPrefix: /^ghs_/,
    rotationUrl: 'https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token',
    reason: 'The ~520-character `ghs_<app id>_<JWT>` form GitHub rolled out in 2026; the JWT header must parse.',
  },
  {
    id: 'github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    anchor: 'prefix',
    pattern: re(`${L}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${R}`),
    severity: 'error',
    publicPrefix: /^github_pat_/,
    rotationUrl: 'https://github.com/settings/personal-access-tokens',
    reason: 'Fine-grained PATs have a fixed 93-character shape; no public checksum.',
  },
  {
    id: 'npm-access-token',
    description: 'npm access token',
    keywords: ['npm_'],
    anchor: 'prefix',
    pattern: re(`${L}npm_[A-Za-z0-9]{36}${R}`),
    severity: 'error',
    validate: validBase62Crc,
    publicPrefix: /^npm_/,
    rotationUrl: 'https://docs.npmjs.com/revoking-access-tokens',
    reason: 'Publishes as you. Same 30 + 6 base62 CRC32 scheme as GitHub, so lookalikes are told apart.',
  },
  {
    id: 'npmrc-auth-token',
    description: '.npmrc registry auth token',
    keywords: ['_authtoken'],
    anchor: { before: 320, after: 600 },
    pattern: re(`(?:^[ \\t]{0,20}|\\/\\/[^\\s=]{1,300}:)_authToken[ \\t]{0,4}=[ \\t]{0,4}["']?(?<secret>[A-Za-z0-9._~+/=:-]{8,500})(?![^\\s"'\`])`, 'im'),
    severity: 'error',
    // In code, `_authToken = options.token` is a variable, not an .npmrc line.
    refine: (m) => (NPMRC_HOME.has(m.kind) || looksLikeSecretValue(m.value) ? 'error' : null),
    rotationUrl: 'https://docs.npmjs.com/revoking-access-tokens',
    reason: 'Any registry token in .npmrc form (npm, GitHub Packages, Artifactory...); `${NPM_TOKEN}` is a placeholder.',
  },
  {
    id: 'npmrc-basic-auth',
    description: '.npmrc registry password',
    keywords: ['_auth', '_password'],
    anchor: { before: 320, after: 600 },
    pattern: re(`(?:^[ \\t]{0,20}|\\/\\/[^\\s=]{1,300}:)(?:_auth|_password)[ \\t]{0,4}=[ \\t]{0,4}["']?(?<secret>[A-Za-z0-9+/]{6,500}={0,2})(?![^\\s"'\`])`, 'im'),
    severity: 'error',
    refine: (m) => (NPMRC_HOME.has(m.kind) || looksLikeSecretValue(m.value) ? 'error' : null),
    rotationUrl: 'https://docs.npmjs.com/revoking-access-tokens',
    reason: '`_auth` (base64 user:password) and `_password` (base64 password) lines give registry access; only .npmrc syntax (line start or `//registry/:` scope), so `var _auth = require(...)` is not one.',
  },
  {
    id: 'gitlab-pat-routable',
    description: 'GitLab personal access token',
    keywords: ['glpat-'],
    anchor: 'prefix',
    pattern: re(`${L}glpat-[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}\\.[0-9a-z]{9}${R}`),
    severity: 'error',
    validate: validGitlabRoutable,
    publicPrefix: /^glpat-/,
    rotationUrl: 'https://gitlab.com/-/user_settings/personal_access_tokens',
    reason: 'Routable form: base64url payload, version, length and a base36 CRC32 over the rest.',
  },
  {
    id: 'gitlab-pat',
    description: 'GitLab personal access token (legacy)',
    keywords: ['glpat-'],
    anchor: 'prefix',
    pattern: re(`${L}glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_.-])`),
    severity: 'error',
    publicPrefix: /^glpat-/,
    rotationUrl: 'https://gitlab.com/-/user_settings/personal_access_tokens',
    reason: '20 random characters after the prefix; no checksum in this older form.',
  },
  {
    id: 'gitlab-token',
    description: 'GitLab token',
    keywords: ['glptt-', 'glrt-', 'glrtr-', 'gldt-', 'glft-', 'glsoat-', 'glcbt-', 'glimt-', 'gloas-', 'glagent-', 'glwt-', 'glffct-'],
    anchor: 'prefix',
    pattern: re(`${L}gl(?:ptt|rtr|rt|dt|ft|soat|cbt|imt|oas|agent|wt|ffct)-[A-Za-z0-9_-]{20,300}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?(?![A-Za-z0-9_.-])`),
    severity: 'error',
    validate: (v) => (/\.[0-9a-z]{2}\.[0-9a-z]{9}$/.test(v) ? validGitlabRoutable(v) : undefined),
    publicPrefix: /^gl[a-z]{1,6}-/,
    rotationUrl: 'https://docs.gitlab.com/security/tokens/',
    reason: 'Trigger, runner, deploy, feed, SCIM, CI job, mail, OAuth, agent, workspace and feature-flag tokens; routable ones are checksummed.',
  },
  {
    id: 'gitlab-runner-registration-token',
    description: 'GitLab runner registration token',
    keywords: ['gr1348941'],
    anchor: 'prefix',
    pattern: re(`${L}GR1348941[A-Za-z0-9_-]{20}${RD}`),
    severity: 'error',
    publicPrefix: /^GR1348941/,
    rotationUrl: 'https://docs.gitlab.com/ci/runners/',
    reason: 'Registers runners that receive CI jobs and their secrets.',
  },
  {
    id: 'pypi-token',
    description: 'PyPI API token',
    keywords: ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
    anchor: 'prefix',
    pattern: re(`${L}pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,400}${RD}`),
    severity: 'error',
    publicPrefix: /^pypi-/,
    rotationUrl: 'https://pypi.org/manage/account/token/',
    reason: 'Macaroon whose fixed head encodes `pypi.org` (or test.pypi.org); uploads packages.',
  },
  {
    id: 'dockerhub-token',
    description: 'Docker Hub access token',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    anchor: 'prefix',
    pattern: re(`${L}dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}${RD}`),
    severity: 'error',
    publicPrefix: /^dckr_[a-z]{3}_/,
    rotationUrl: 'https://app.docker.com/settings/personal-access-tokens',
    reason: 'Pushes images as the owner.',
  },
  {
    id: 'grafana-service-account-token',
    description: 'Grafana service-account token',
    keywords: ['glsa_'],
    anchor: 'prefix',
    pattern: re(`${L}glsa_[A-Za-z0-9]{32}_[0-9a-fA-F]{8}${R}`),
    severity: 'error',
    validate: validGrafanaServiceAccount,
    publicPrefix: /^glsa_/,
    rotationUrl: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/',
    reason: 'The last 8 hex digits are a little-endian CRC32 of the rest.',
  },
  {
    id: 'grafana-cloud-token',
    description: 'Grafana Cloud access policy token',
    keywords: ['glc_'],
    anchor: 'prefix',
    pattern: re(`${L}glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])`),
    severity: 'error',
    refine: (m) => (base64Json(m.value.slice(4)) ? 'error' : null),
    publicPrefix: /^glc_/,
    rotationUrl: 'https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/',
    reason: 'Base64 JSON after the prefix; it must decode to an object.',
  },
  {
    id: 'atlassian-api-token',
    description: 'Atlassian API token',
    keywords: ['atatt3', 'atctt3'],
    anchor: 'prefix',
    pattern: re(`${L}AT[AC]TT3[A-Za-z0-9_-]{100,300}=[0-9A-Fa-f]{8}${R}`),
    severity: 'error',
    validate: validAtlassianCrc,
    publicPrefix: /^AT[AC]TT3/,
    rotationUrl: 'https://id.atlassian.com/manage-profile/security/api-tokens',
    reason: 'Jira/Confluence/Bitbucket Cloud token; ends in `=` and a CRC32 (8 hex) of everything before it.',
  },
  {
    id: 'bitbucket-app-password',
    description: 'Bitbucket app password',
    keywords: ['atbb'],
    anchor: 'prefix',
    pattern: re(`${L}ATBB[A-Za-z0-9]{24,32}[0-9A-Fa-f]{8}${R}`),
    severity: 'error',
    validate: validAtlassianCrc,
    publicPrefix: /^ATBB/,
    rotationUrl: 'https://bitbucket.org/account/settings/app-passwords/',
    reason: 'Random characters and a CRC32 (8 hex digits) of the prefixed value.',
  },

  // ── Cloud providers ──
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    anchor: 'prefix',
    pattern: re(`(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])`),
    severity: 'error',
    // The id alone cannot sign requests: error only when a secret-looking 40-char value is near.
    refine: (m) => (aws40Nearby(m.text, m.index) ? 'error' : 'warning'),
    publicPrefix: /^(?:AKIA|ASIA|ABIA|ACCA|A3T)/,
    rotationUrl: 'https://console.aws.amazon.com/iam/home#/security_credentials',
    reason: 'Key ids name an IAM credential; with the secret key nearby they are the credential.',
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'awssecret'],
    anchor: { before: 60, after: 200 },
    pattern: re(`(?:aws)?[_-]?secret[_-]?(?:access[_-]?)?key${ASSIGN}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'i'),
    severity: 'error',
    refine: (m) => (characterClasses(m.value) >= 2 && shannonEntropy(m.value) > 3.5 ? 'error' : null),
    rotationUrl: 'https://console.aws.amazon.com/iam/home#/security_credentials',
    reason: 'Forty base64 characters assigned to a secret-access-key name: the signing half of an AWS key.',
  },
  {
    id: 'google-api-key',
    description: 'Google API key',
    keywords: ['aiza'],
    anchor: 'prefix',
    pattern: re(`${L}AIza[0-9A-Za-z_-]{35}${RD}`),
    // Browser keys (Firebase, Maps) are public by design and must be restricted, not hidden.
    severity: 'warning',
    publicPrefix: /^AIza/,
    rotationUrl: 'https://console.cloud.google.com/apis/credentials',
    reason: 'Server keys bill and read data; browser keys are meant to be public, hence warning: check its restrictions.',
  },
  {
    id: 'google-oauth-client-secret',
    description: 'Google OAuth client secret',
    keywords: ['gocspx-'],
    anchor: 'prefix',
    pattern: re(`${L}GOCSPX-[A-Za-z0-9_-]{28}${RD}`),
    severity: 'error',
    publicPrefix: /^GOCSPX-/,
    rotationUrl: 'https://console.cloud.google.com/apis/credentials',
    reason: 'Lets anyone impersonate the OAuth client.',
  },
  {
    id: 'azure-storage-account-key',
    description: 'Azure storage account key',
    keywords: ['accountkey='],
    anchor: { before: 0, after: 120 },
    pattern: re(`AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)`, 'i'),
    severity: 'error',
    rotationUrl: 'https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage',
    reason: 'The 64-byte key in a connection string is full control of the storage account.',
  },
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature',
    keywords: ['sig='],
    anchor: { before: 800, after: 160 },
    pattern: re(`(?<![A-Za-z0-9])sv=[0-9]{4}-[0-9]{2}-[0-9]{2}[^\\s"'<>]{0,600}?[?&]sig=(?<secret>[A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})`, 'i'),
    severity: 'error',
    rotationUrl: 'https://learn.microsoft.com/azure/storage/common/storage-sas-overview',
    reason: 'A signed URL (`sv=` version and `sig=` signature) grants whatever it was signed for until it expires.',
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID client secret',
    keywords: ['q~'],
    anchor: { before: 8, after: 48 },
    pattern: re(`(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])`),
    severity: 'error',
    rotationUrl: 'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials',
    reason: 'App registration secrets carry `Q~` at a fixed place.',
  },
  {
    id: 'digitalocean-token',
    description: 'DigitalOcean token',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    anchor: 'prefix',
    pattern: re(`${L}do[opr]_v1_[a-f0-9]{64}${R}`),
    severity: 'error',
    publicPrefix: /^do[opr]_v1_/,
    rotationUrl: 'https://cloud.digitalocean.com/account/api/tokens',
    reason: 'Personal, OAuth and refresh tokens; account control.',
  },
  {
    id: 'heroku-api-key',
    description: 'Heroku API key',
    keywords: ['hrku-'],
    anchor: 'prefix',
    pattern: re(`${L}HRKU-[A-Za-z0-9_-]{40,80}${RD}`),
    severity: 'error',
    publicPrefix: /^HRKU-/,
    rotationUrl: 'https://dashboard.heroku.com/account/applications',
    reason: 'Prefixed Heroku platform keys (2024 format).',
  },
  {
    id: 'hashicorp-vault-token',
    description: 'HashiCorp Vault token',
    keywords: ['hvs.', 'hvb.'],
    anchor: 'prefix',
    pattern: re(`${L}hv[sb]\\.[A-Za-z0-9_-]{90,400}${RD}`),
    severity: 'error',
    publicPrefix: /^hv[sb]\./,
    rotationUrl: 'https://developer.hashicorp.com/vault/docs/commands/token/revoke',
    reason: 'Service and batch tokens (Vault 1.10+ format).',
  },
  {
    id: 'terraform-cloud-token',
    description: 'Terraform Cloud / HCP Terraform token',
    keywords: ['.atlasv1.'],
    anchor: { before: 16, after: 80 },
    pattern: re(`(?<![A-Za-z0-9])(?<secret>[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])`),
    severity: 'error',
    rotationUrl: 'https://app.terraform.io/app/settings/tokens',
    reason: 'User, team and organization tokens carry `.atlasv1.`.',
  },
  {
    id: 'doppler-token',
    description: 'Doppler token',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    anchor: 'prefix',
    pattern: re(`${L}dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_-]{2,35}\\.)?[A-Za-z0-9]{40,44}${R}`),
    severity: 'error',
    publicPrefix: /^dp\.[a-z]{2,5}\./,
    rotationUrl: 'https://docs.doppler.com/docs/service-tokens',
    reason: 'Reads every secret of a Doppler project or workplace.',
  },
  {
    id: 'datadog-api-key',
    description: 'Datadog API or application key',
    keywords: ['datadog', 'dd_api_key', 'dd_app_key', 'dd-api-key', 'dd-application-key'],
    anchor: { before: 300, after: 300 },
    pattern: re(`(?:api|app|application)[_-]?key${ASSIGN}(?<secret>[a-f0-9]{40}|[a-f0-9]{32})(?![a-f0-9])`, 'i'),
    severity: 'error',
    rotationUrl: 'https://app.datadoghq.com/organization-settings/api-keys',
    reason: 'Datadog keys are bare hex, so only hex assigned to an api/app key near `datadog`/`DD_` counts.',
  },
  {
    id: 'supabase-token',
    description: 'Supabase access or secret key',
    keywords: ['sbp_', 'sb_secret_'],
    anchor: 'prefix',
    pattern: re(`${L}(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,64})${RD}`),
    severity: 'error',
    publicPrefix: /^sb(?:p_|_secret_)/,
    rotationUrl: 'https://supabase.com/dashboard/account/tokens',
    reason: 'Management tokens and secret API keys (not the publishable `sb_publishable_`).',
  },

  // ── Messaging and communication ──
  {
    id: 'slack-token',
    description: 'Slack token',
    keywords: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-', 'xoxe.'],
    anchor: 'prefix',
    pattern: re(`${L}xox(?:e\\.xox)?[abposre]-[0-9]{1,15}-[A-Za-z0-9-]{10,250}${RD}`),
    severity: 'error',
    publicPrefix: /^xox(?:e\.xox)?[a-z]-/,
    rotationUrl: 'https://api.slack.com/authentication/rotation',
    reason: 'Bot, user, workspace, refresh and configuration tokens.',
  },
  {
    id: 'slack-app-token',
    description: 'Slack app-level token',
    keywords: ['xapp-'],
    anchor: 'prefix',
    pattern: re(`${L}xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,15}-[a-f0-9]{40,80}${R}`),
    severity: 'error',
    publicPrefix: /^xapp-/,
    rotationUrl: 'https://api.slack.com/apps',
    reason: 'Socket-mode app tokens.',
  },
  {
    id: 'slack-webhook',
    description: 'Slack incoming webhook',
    keywords: ['hooks.slack.com/'],
    anchor: { before: 8, after: 160 },
    pattern: re(`https://hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[A-Z0-9]{6,15}/[A-Za-z0-9]{20,40}${R}`),
    severity: 'error',
    publicPrefix: /^https:\/\/hooks\.slack\.com\//,
    rotationUrl: 'https://api.slack.com/apps',
    reason: 'Anyone can post to the channel with the URL.',
  },
  {
    id: 'discord-bot-token',
    description: 'Discord bot token',
    keywords: ['discord'],
    anchor: { before: 2000, after: 2000 },
    pattern: re(`(?<![A-Za-z0-9_-])(?<secret>[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_.-])`),
    severity: 'error',
    validate: validDiscordBotToken,
    rotationUrl: 'https://discord.com/developers/applications',
    reason: 'No fixed prefix, so only searched near "discord"; the first part must decode to a numeric bot id.',
  },
  {
    id: 'discord-webhook',
    description: 'Discord webhook',
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    anchor: { before: 24, after: 120 },
    pattern: re(`https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,70}${RD}`),
    severity: 'error',
    publicPrefix: /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\//,
    rotationUrl: 'https://support.discord.com/hc/en-us/articles/228383668',
    reason: 'Anyone can post to the channel with the URL.',
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram bot token',
    keywords: [':aa'],
    anchor: { before: 12, after: 40 },
    pattern: re(`(?<![0-9A-Za-z_])(?<secret>[0-9]{8,10}:AA[A-Za-z0-9_-]{33})${RD}`),
    severity: 'error',
    rotationUrl: 'https://core.telegram.org/bots/features#botfather',
    reason: 'Bot id, colon, then a secret that starts with `AA`; revoke with /revoke in @BotFather.',
  },
  {
    id: 'twilio-api-key',
    description: 'Twilio API key SID',
    keywords: ['sk'],
    anchor: 'prefix',
    pattern: re(`${L}SK[0-9a-f]{32}${R}`),
    severity: 'warning',
    publicPrefix: /^SK/,
    rotationUrl: 'https://console.twilio.com/us1/account/keys-credentials/api-keys',
    reason: 'An API key SID is half a credential; its secret is usually next to it.',
  },
  {
    id: 'twilio-auth-token',
    description: 'Twilio auth token',
    keywords: ['twilio'],
    anchor: { before: 300, after: 300 },
    pattern: re(`auth[_-]?token${ASSIGN}(?<secret>[0-9a-f]{32})(?![0-9a-f])`, 'i'),
    severity: 'error',
    rotationUrl: 'https://console.twilio.com/us1/account/keys-credentials/api-keys',
    reason: 'Bare hex, so only counted when assigned to an auth-token name near "twilio".',
  },
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    keywords: ['sg.'],
    anchor: 'prefix',
    pattern: re(`${L}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${RD}`),
    severity: 'error',
    publicPrefix: /^SG\./,
    rotationUrl: 'https://app.sendgrid.com/settings/api_keys',
    reason: 'Sends mail as the account.',
  },
  {
    id: 'mailgun-api-key',
    description: 'Mailgun API key',
    keywords: ['key-'],
    anchor: 'prefix',
    pattern: re(`${L}key-[0-9a-f]{32}(?![A-Za-z0-9_-])`),
    severity: 'error',
    publicPrefix: /^key-/,
    rotationUrl: 'https://app.mailgun.com/settings/api_security',
    reason: 'Legacy Mailgun private API keys are `key-` and 32 hex digits.',
  },
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp API key',
    keywords: ['-us'],
    anchor: { before: 34, after: 4 },
    pattern: re(`(?<![0-9A-Za-z])(?<secret>[0-9a-f]{32}-us[0-9]{1,2})(?![0-9A-Za-z])`),
    severity: 'error',
    rotationUrl: 'https://mailchimp.com/help/about-api-keys/',
    reason: '32 hex digits and the data-centre suffix (`-us14`).',
  },
  {
    id: 'postman-api-key',
    description: 'Postman API key',
    keywords: ['pmak-'],
    anchor: 'prefix',
    pattern: re(`${L}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${R}`),
    severity: 'error',
    publicPrefix: /^PMAK-/,
    rotationUrl: 'https://go.postman.co/settings/me/api-keys',
    reason: 'Reads workspaces, which often hold other credentials.',
  },
  {
    id: 'linear-api-key',
    description: 'Linear API key',
    keywords: ['lin_api_', 'lin_oauth_'],
    anchor: 'prefix',
    pattern: re(`${L}(?:lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64})${R}`),
    severity: 'error',
    publicPrefix: /^lin_(?:api|oauth)_/,
    rotationUrl: 'https://linear.app/settings/account/security',
    reason: 'Personal API keys and OAuth tokens.',
  },
  {
    id: 'notion-token',
    description: 'Notion integration token',
    keywords: ['ntn_', 'secret_'],
    anchor: 'prefix',
    pattern: re(`${L}(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})${R}`),
    severity: 'error',
    publicPrefix: /^(?:ntn_|secret_)/,
    rotationUrl: 'https://www.notion.so/my-integrations',
    reason: 'Internal integration tokens (`ntn_` since 2024, `secret_` before).',
  },
  {
    id: 'sentry-token',
    description: 'Sentry auth token',
    keywords: ['sntryu_', 'sntrys_'],
    anchor: 'prefix',
    pattern: re(`${L}(?:sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_-]{40,600})(?![A-Za-z0-9+/=_-])`),
    severity: 'error',
    publicPrefix: /^sntry[us]_/,
    rotationUrl: 'https://sentry.io/settings/account/api/auth-tokens/',
    reason: 'User and organization tokens; organization tokens upload source maps, among others.',
  },
  {
    id: 'newrelic-user-key',
    description: 'New Relic user API key',
    keywords: ['nrak-'],
    anchor: 'prefix',
    pattern: re(`${L}NRAK-[A-Z0-9]{27}${R}`),
    severity: 'error',
    publicPrefix: /^NRAK-/,
    rotationUrl: 'https://one.newrelic.com/api-keys',
    reason: 'NerdGraph access as the user.',
  },

  // ── Payments and AI ──
  {
    id: 'stripe-secret-key',
    description: 'Stripe live secret key',
    keywords: ['sk_live_', 'rk_live_'],
    anchor: 'prefix',
    pattern: re(`${L}[sr]k_live_[0-9A-Za-z]{20,250}${R}`),
    severity: 'error',
    publicPrefix: /^[sr]k_live_/,
    rotationUrl: 'https://dashboard.stripe.com/apikeys',
    reason: 'Secret and restricted live keys move money; publishable `pk_` keys are public by design and not matched.',
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe webhook signing secret',
    keywords: ['whsec_'],
    anchor: 'prefix',
    pattern: re(`${L}whsec_[A-Za-z0-9+/=]{32,100}(?![A-Za-z0-9+/=_])`),
    severity: 'error',
    publicPrefix: /^whsec_/,
    rotationUrl: 'https://dashboard.stripe.com/webhooks',
    reason: 'Lets anyone forge webhook events the receiver will trust (Stripe, Svix).',
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key',
    keywords: ['sk-'],
    anchor: 'prefix',
    pattern: re(`${L}sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}${RD}`),
    severity: 'error',
    publicPrefix: /^sk-(?:(?:proj|svcacct|admin)-)?/,
    rotationUrl: 'https://platform.openai.com/api-keys',
    reason: 'Every OpenAI key embeds `T3BlbkFJ` (base64 of "OpenAI"), which separates them from other `sk-` strings.',
  },
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    keywords: ['sk-ant-api03-'],
    anchor: 'prefix',
    pattern: re(`${L}sk-ant-api03-[A-Za-z0-9_-]{80,120}AA${RD}`),
    severity: 'error',
    publicPrefix: /^sk-ant-api03-/,
    rotationUrl: 'https://console.anthropic.com/settings/keys',
    reason: 'Fixed prefix and trailing `AA`.',
  },
  {
    id: 'anthropic-admin-key',
    description: 'Anthropic admin API key',
    keywords: ['sk-ant-admin01-'],
    anchor: 'prefix',
    pattern: re(`${L}sk-ant-admin01-[A-Za-z0-9_-]{80,120}AA${RD}`),
    severity: 'error',
    publicPrefix: /^sk-ant-admin01-/,
    rotationUrl: 'https://console.anthropic.com/settings/admin-keys',
    reason: 'Administers the whole organization.',
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access token',
    keywords: ['hf_', 'api_org_'],
    anchor: 'prefix',
    pattern: re(`${L}(?:hf_|api_org_)[A-Za-z]{34}${R}`),
    severity: 'error',
    publicPrefix: /^(?:hf_|api_org_)/,
    rotationUrl: 'https://huggingface.co/settings/tokens',
    reason: 'User and organization tokens (34 letters).',
  },
  {
    id: 'shopify-token',
    description: 'Shopify access token',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    anchor: 'prefix',
    pattern: re(`${L}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${R}`),
    severity: 'error',
    publicPrefix: /^shp[a-z]{2}_/,
    rotationUrl: 'https://help.shopify.com/en/manual/apps/app-types/custom-apps',
    reason: 'Admin API, custom app, private app tokens and shared secrets.',
  },

  // ── Shapes rather than vendors ──
  {
    id: 'url-credentials',
    description: 'URL with embedded credentials',
    keywords: ['://'],
    anchor: { before: 40, after: 400 },
    pattern: re(
      `(?<![A-Za-z0-9+.-])(?<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30})://(?<user>[^\\s:/?#@"'\`<>\\\\]{1,100}):(?<secret>[^\\s:/?#@"'\`<>\\\\]{3,200})@(?<host>[A-Za-z0-9._-]{1,253})`,
    ),
    severity: 'error',
    refine: (m) => {
      const host = m.groups.host ?? '';
      if (EXAMPLE_HOST.test(host) || placeholderFor(decodeURIComponentSafe(m.groups.user ?? ''))) return null;
      // Default credentials of a local development database are a smell, not a leak.
      if (LOCAL_HOST.test(host) || m.value === m.groups.user) return 'info';
      return 'error';
    },
    evidence: (m) => `${m.groups.scheme ?? ''}://…:${redact(m.value, '')}@${m.groups.host ?? ''}`,
    reason: 'postgres://user:pass@host, https://user:token@host: the password travels with the URL.',
  },
  {
    id: 'generic-secret-assignment',
    description: 'Secret-named value in a config file',
    keywords: [
      'password', 'passwd', 'pwd', 'secret', 'token', 'api_key', 'api-key', 'apikey',
      'access_key', 'accesskey', 'private_key', 'privatekey', 'credential', 'auth',
    ],
    anchor: { before: 80, after: 300 },
    pattern: re(
      `(?<![A-Za-z0-9_/@.-])(?<name>[A-Za-z0-9_.-]{0,40}(?:password|passwd|pwd|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?|auth(?!or))[A-Za-z0-9_.-]{0,30})` +
        `["']?[ \\t]{0,8}(?:=>|:=|=|:)[ \\t]{0,8}(?<q>["']?)(?<secret>[^\\s"'\`,;#]{8,200})(?![^\\s"'\`,;#])\\k<q>`,
      'i',
    ),
    severity: 'warning',
    kinds: CONFIG_KINDS,
    refine: (m) => {
      const name = m.groups.name ?? '';
      if (GENERIC_NAME_EXCLUDED.test(name) || GENERIC_NAME_EXCLUDED.test(name.toLowerCase())) return null;
      if (!looksLikeSecretValue(m.value)) return null;
      // `.env.example` and friends document the shape of a config; their values are samples.
      return TEMPLATE_FILE.test(m.path) ? 'info' : 'warning';
    },
    reason:
      'Config-like files only (.env, .npmrc, JSON/YAML/INI, shell): a password/secret/token/api_key name with a high-entropy value. Never in code or minified bundles, where such names are everywhere.',
  },
];

/** High-entropy, not a reference to something else. */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 8) return false;
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(value)) return false; // a path
  if (value.includes('://')) return false; // a URL; url-credentials judges those
  if (/^[0-9.:-]+$/.test(value)) return false; // numbers, times
  if (/^[~^<>=v]{0,2}\d{1,6}\.\d{1,6}(?:\.\d{1,6})?(?:[-+][0-9A-Za-z.-]{1,60})?$/.test(value)) return false; // a version range
  if (/^[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$/.test(value)) return false; // an e-mail address
  if (/^(?:process\.env|env\.|os\.environ|import\.meta)/.test(value)) return false;
  if (/[()]/.test(value)) return false; // a call
  const classes = characterClasses(value);
  // Letters only: a word or an identifier unless long and mixed case.
  if (/^[A-Za-z]+$/.test(value) && !(value.length >= 20 && classes >= 2)) return false;
  if (/^[a-z]+(?:[_.-][a-z0-9]+)+$/.test(value)) return false; // snake/kebab identifier
  return classes >= 2 && shannonEntropy(value) >= 2.5;
}

/** Key material with a filler body (`MIIE...`, `AAAA…`) or the word EXAMPLE is documentation. */
function pemPlaceholder(block: string): boolean {
  const body = pemBody(block);
  return /(.)\1{15}|EXAMPLE|\.\.\./i.test(body) || /\.\.\.|…|<[^>]{1,40}>/.test(block);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function base64Json(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

/** Binary formats recognised by their first bytes (called with at most 512 bytes). */
export interface BinaryDetector {
  id: string;
  description: string;
  severity: Severity;
  test: (head: Uint8Array) => boolean;
  rotationUrl?: string;
  reason: string;
}

const PKCS7_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

/** Offset just past a DER SEQUENCE header at 0, or -1. */
function afterSequenceHeader(head: Uint8Array): number {
  if (head[0] !== 0x30 || head.length < 4) return -1;
  const len = head[1];
  if (len === 0x80) return 2; // BER indefinite length, common in PKCS#12 from Java
  if (len < 0x80) return 2;
  const n = len & 0x7f;
  return n >= 1 && n <= 4 ? 2 + n : -1;
}

function startsAt(head: Uint8Array, at: number, bytes: readonly number[]): boolean {
  if (at < 0 || at + bytes.length > head.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[at + i] !== bytes[i]) return false;
  return true;
}

function contains(head: Uint8Array, bytes: readonly number[], limit: number): boolean {
  for (let i = 0; i + bytes.length <= Math.min(head.length, limit); i++) if (startsAt(head, i, bytes)) return true;
  return false;
}

export const BINARY_DETECTORS: readonly BinaryDetector[] = [
  {
    id: 'pkcs12-keystore',
    description: 'PKCS#12 keystore (.p12/.pfx)',
    severity: 'error',
    test: (h) => {
      const at = afterSequenceHeader(h);
      return startsAt(h, at, [0x02, 0x01, 0x03]) && contains(h, PKCS7_DATA_OID, 64);
    },
    reason: 'A SEQUENCE with version 3 and PKCS#7 data: a certificate with its private key, protected only by a password.',
  },
  {
    id: 'java-keystore',
    description: 'Java keystore (JKS/JCEKS)',
    severity: 'error',
    test: (h) => startsAt(h, 0, [0xfe, 0xed, 0xfe, 0xed]) || startsAt(h, 0, [0xce, 0xce, 0xce, 0xce]),
    reason: 'Magic 0xFEEDFEED (JKS) or 0xCECECECE (JCEKS); keystores hold private keys behind a (often default) password.',
  },
  {
    id: 'der-private-key',
    description: 'DER-encoded private key',
    severity: 'error',
    test: (h) => {
      const at = afterSequenceHeader(h);
      if (!startsAt(h, at, [0x02, 0x01, 0x00])) return false;
      const next = h[at + 3];
      // PKCS#8: AlgorithmIdentifier SEQUENCE; PKCS#1 RSA: INTEGER modulus; SEC1 EC: version 1 differs, so not here.
      return (next === 0x30 && contains(h, [0x04], 40)) || (next === 0x02 && (h[at + 4] ?? 0) >= 0x81);
    },
    reason: 'Unencrypted PKCS#8 or PKCS#1 key in binary form (.der, .key).',
  },
  {
    id: 'keepass-database',
    description: 'KeePass password database',
    severity: 'warning',
    test: (h) => startsAt(h, 0, [0x03, 0xd9, 0xa2, 0x9a]) && (h[4] === 0x67 || h[4] === 0x65 || h[4] === 0x66),
    reason: 'Encrypted, but a password database has no place in a package and invites offline guessing.',
  },
];
