// Generators for secret-shaped test data. Every positive sample is built here from a seeded
// random source, with a valid checksum where the format has one; nothing is a real token.
// The checksum code below is written independently of src/secrets/checksums.ts on purpose,
// so a bug there cannot hide behind the same bug here.

import type { TextKind } from '../../src/secrets/index.js';

/** A deterministic PRNG (mulberry32), so failures reproduce. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const B64URL = ALNUM + '-_';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class Gen {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = makeRandom(seed);
  }
  pick(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    // Generated values must not trip the placeholder table by chance (runs, sequences).
    if (/(.)\1{3}|xxxx|0000|example|sample|dummy|fake|insert|test/i.test(out)) return this.pick(alphabet, n);
    return out;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.next() * 256);
    return b;
  }
  digits(n: number): string {
    return String(1 + Math.floor(this.next() * 9)) + this.pick('0123456789', n - 1);
  }
}

/** Bitwise CRC-32 (IEEE), deliberately not table-driven. */
export function refCrc32(text: string): number {
  let crc = ~0;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function base62(n: number, width: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = alphabet[v % 62] + out;
  return out.padStart(width, '0');
}

/** `prefix` + 30 random base62 + base62(crc32(random)) padded to 6: GitHub and npm tokens. */
export function base62CrcToken(g: Gen, prefix: string): string {
  const body = g.pick(ALNUM, 30);
  return prefix + body + base62(refCrc32(body), 6);
}

export function gitlabRoutable(g: Gen, prefix: string): string {
  const payload = `o:${g.pick('0123456789abcdefghijklmnopqrstuvwxyz', 5)}`;
  const raw = Buffer.concat([g.bytes(16), Buffer.from(payload), Buffer.from([payload.length])]);
  const b64 = raw.toString('base64url');
  const head = `${prefix}${b64}.01.${b64.length.toString(36).padStart(2, '0')}`;
  return head + refCrc32(head).toString(36).padStart(7, '0');
}

function hexLE(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b.toString('hex');
}

function hexBE(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk = (chk ^ gen[i]) >>> 0;
  }
  return chk;
}

export function ageSecretKey(g: Gen): string {
  const hrp = 'age-secret-key-';
  const bytes = g.bytes(32);
  const data: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const mod = polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return (hrp + '1' + [...data, ...checksum].map((d) => BECH32[d]).join('')).toUpperCase();
}

/** Base64 lines of a DER-looking body (starts with a SEQUENCE), as PEM carries. */
function pemLines(body: Buffer, width = 64): string[] {
  return body.toString('base64').match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
}

function derBody(g: Gen, n: number): Buffer {
  return Buffer.concat([Buffer.from([0x30, 0x82, (n >> 8) & 0xff, n & 0xff, 0x02, 0x01, 0x00]), g.bytes(n)]);
}

export function pemKey(g: Gen, label = 'RSA '): string {
  return [`-----BEGIN ${label}PRIVATE KEY-----`, ...pemLines(derBody(g, 600)), `-----END ${label}PRIVATE KEY-----`].join('\n');
}

export function opensshKey(g: Gen): string {
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), g.bytes(380)]);
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...pemLines(body, 70), '-----END OPENSSH PRIVATE KEY-----'].join('\n');
}

export function pgpKey(g: Gen): string {
  return [
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    'Version: GnuPG v2',
    '',
    ...pemLines(Buffer.concat([Buffer.from([0x95, 0x03, 0xc6, 0x04]), g.bytes(500)])),
    '=' + g.pick(ALNUM, 4),
    '-----END PGP PRIVATE KEY BLOCK-----',
  ].join('\n');
}

export function puttyKey(g: Gen): string {
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    'Comment: deploy@build',
    'Public-Lines: 2',
    ...pemLines(Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519'), g.bytes(40)])),
    'Private-Lines: 1',
    pemLines(g.bytes(48))[0],
    'Private-MAC: ' + g.pick(HEX, 64),
  ].join('\n');
}

function b64url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

/** One positive case: a text, where the secret is in it, and what the hit must say. */
export interface Sample {
  text: string;
  /** The substring the hit reports (the secret value). */
  value: string;
  kind: TextKind;
  path: string;
  severity: 'error' | 'warning';
  validated?: boolean;
}

function inCode(value: string, name = 'key'): Pick<Sample, 'text' | 'value' | 'kind' | 'path'> {
  return { text: `// config\nconst ${name} = "${value}";\nmodule.exports = { ${name} };\n`, value, kind: 'code', path: 'lib/config.js' };
}

function err(s: Pick<Sample, 'text' | 'value' | 'kind' | 'path'>, validated?: boolean): Sample {
  return { ...s, severity: 'error', validated };
}

/** A positive sample per detector id. Tests require one for every detector. */
export const POSITIVES: Record<string, (g: Gen) => Sample> = {
  'gcp-service-account-key': (g) => {
    const key = pemKey(g, '').replace(/\n/g, '\\n') + '\\n';
    const text = `{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${g.pick(HEX, 40)}",\n  "private_key": "${key}",\n  "client_email": "svc@acme-prod.iam.gserviceaccount.com"\n}\n`;
    return err({ text, value: key, kind: 'config', path: 'creds/sa.json' });
  },
  'openssh-private-key': (g) => {
    const key = opensshKey(g);
    return err({ text: key + '\n', value: key, kind: 'other', path: 'deploy/id_ed25519' }, true);
  },
  'pgp-private-key': (g) => {
    const key = pgpKey(g);
    return err({ text: key + '\n', value: key, kind: 'other', path: 'keys/signing.asc' });
  },
  'private-key-pem': (g) => {
    const key = pemKey(g);
    const escaped = key.replace(/\n/g, '\\n');
    // In a JS string literal, as bundlers inline it.
    return err({ text: `const KEY = "${escaped}";\n`, value: escaped, kind: 'code', path: 'dist/sign.js' }, true);
  },
  'putty-private-key': (g) => {
    const key = puttyKey(g);
    return err({ text: key + '\n', value: key.slice(0, key.indexOf('Private-MAC')), kind: 'other', path: 'keys/deploy.ppk' });
  },
  'age-secret-key': (g) => {
    const key = ageSecretKey(g);
    return err({ text: `# created: 2024-01-01\n# public key: age1${g.pick('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n${key}\n`, value: key, kind: 'other', path: 'keys.txt' }, true);
  },
  'github-pat': (g) => err(inCode(base62CrcToken(g, 'ghp_'), 'token'), true),
  'github-oauth-token': (g) => err(inCode(base62CrcToken(g, 'gho_')), true),
  'github-user-to-server-token': (g) => err(inCode(base62CrcToken(g, 'ghu_')), true),
  'github-server-to-server-token': (g) => err(inCode(base62CrcToken(g, 'ghs_')), true),
  'github-refresh-token': (g) => err(inCode(base62CrcToken(g, 'ghr_')), true),
  'github-installation-token-jwt': (g) => {
    const header = b64url('{"alg":"RS256","typ":"JWT"}');
    const payload = b64url(JSON.stringify({ iss: 'github', inst: Number(g.digits(8)), app: Number(g.digits(6)), exp: 1893456000, n: g.pick(ALNUM, 180) }));
    return err(inCode(`ghs_${g.digits(6)}_${header}.${payload}.${g.pick(B64URL, 342)}`));
  },
  'github-fine-grained-pat': (g) => err(inCode(`github_pat_${g.pick(ALNUM, 22)}_${g.pick(ALNUM, 59)}`)),
  'npm-access-token': (g) => {
    const token = base62CrcToken(g, 'npm_');
    return err({ text: `//registry.npmjs.org/:_authToken=${token}\n`, value: token, kind: 'npmrc', path: '.npmrc' }, true);
  },
  'npmrc-auth-token': (g) => {
    const token = `${g.pick(HEX, 8)}-${g.pick(HEX, 4)}-${g.pick(HEX, 4)}-${g.pick(HEX, 4)}-${g.pick(HEX, 12)}`;
    return err({ text: `registry=https://npm.acme.io/\n//npm.acme.io/:_authToken=${token}\nalways-auth=true\n`, value: token, kind: 'npmrc', path: '.npmrc' });
  },
  'npmrc-basic-auth': (g) => {
    const auth = Buffer.from(`ci-bot:${g.pick(ALNUM, 18)}`).toString('base64');
    return err({ text: `registry=https://npm.acme.io/\n_auth=${auth}\n`, value: auth, kind: 'npmrc', path: '.npmrc' });
  },
  'gitlab-pat-routable': (g) => err(inCode(gitlabRoutable(g, 'glpat-')), true),
  'gitlab-pat': (g) => err(inCode(`glpat-${g.pick(B64URL, 20)}`)),
  'gitlab-token': (g) => err(inCode(`glptt-${g.pick(HEX, 40)}`)),
  'gitlab-runner-registration-token': (g) => err(inCode(`GR1348941${g.pick(B64URL, 20)}`)),
  'pypi-token': (g) => err(inCode(`pypi-AgEIcHlwaS5vcmc${g.pick(B64URL, 160)}`)),
  'dockerhub-token': (g) => err(inCode(`dckr_pat_${g.pick(B64URL, 27)}`)),
  'grafana-service-account-token': (g) => {
    const head = `glsa_${g.pick(ALNUM, 32)}`;
    return err(inCode(`${head}_${hexLE(refCrc32(head))}`), true);
  },
  'grafana-cloud-token': (g) => {
    const json = JSON.stringify({ o: g.digits(6), n: 'stack-' + g.digits(6) + '-hm-read', k: g.pick(ALNUM, 24), m: { r: 'prod-eu-west-2' } });
    return err(inCode(`glc_${Buffer.from(json).toString('base64')}`));
  },
  'atlassian-api-token': (g) => {
    const head = `ATATT3xFfGF0${g.pick(B64URL, 170)}=`;
    return err(inCode(head + hexBE(refCrc32(head))), true);
  },
  'bitbucket-app-password': (g) => {
    const head = `ATBB${g.pick(ALNUM, 32)}`;
    return err(inCode(head + hexBE(refCrc32(head))), true);
  },
  'aws-access-key-id': (g) => {
    const id = `AKIA${g.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const secret = g.pick(ALNUM + '/+', 40);
    return err({ text: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`, value: id, kind: 'config', path: 'credentials' });
  },
  'aws-secret-access-key': (g) => {
    const id = `AKIA${g.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const secret = g.pick(ALNUM + '/+', 40);
    return err({ text: `module.exports = {\n  accessKeyId: "${id}",\n  secretAccessKey: "${secret}",\n};\n`, value: secret, kind: 'code', path: 'lib/aws.js' });
  },
  'google-api-key': (g) => ({ ...inCode(`AIza${g.pick(B64URL, 35)}`), severity: 'warning' }),
  'google-oauth-client-secret': (g) => err(inCode(`GOCSPX-${g.pick(B64URL, 28)}`)),
  'azure-storage-account-key': (g) => {
    const key = g.bytes(64).toString('base64');
    return err({ text: `AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${key};EndpointSuffix=core.windows.net\n`, value: key, kind: 'env', path: '.env' });
  },
  'azure-sas-token': (g) => {
    const sig = encodeURIComponent(g.bytes(32).toString('base64'));
    const url = `https://acmeprod.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=${sig}`;
    return err({ ...inCode(url, 'url'), value: sig });
  },
  'azure-ad-client-secret': (g) => err(inCode(`${g.pick(ALNUM, 3)}${g.pick('0123456789', 1)}Q~${g.pick(ALNUM + '_~.-', 34).replace(/^[.-]/, 'a').replace(/[.-]$/, 'b')}`)),
  'digitalocean-token': (g) => err(inCode(`dop_v1_${g.pick(HEX, 64)}`)),
  'heroku-api-key': (g) => err(inCode(`HRKU-AA${g.pick(B64URL, 58)}`)),
  'hashicorp-vault-token': (g) => err(inCode(`hvs.CAESI${g.pick(B64URL, 91)}`)),
  'terraform-cloud-token': (g) => err(inCode(`${g.pick(ALNUM, 14)}.atlasv1.${g.pick(ALNUM, 67)}`)),
  'doppler-token': (g) => err(inCode(`dp.st.prd.${g.pick(ALNUM, 43)}`)),
  'datadog-api-key': (g) => {
    const key = g.pick(HEX, 32);
    return err({ text: `DD_SITE=datadoghq.eu\nDD_API_KEY=${key}\n`, value: key, kind: 'env', path: '.env.production' });
  },
  'supabase-token': (g) => err(inCode(`sbp_${g.pick(HEX, 40)}`)),
  'slack-token': (g) => err(inCode(`xoxb-${g.digits(12)}-${g.digits(13)}-${g.pick(ALNUM, 24)}`)),
  'slack-app-token': (g) => err(inCode(`xapp-1-A${g.pick(UPPER_ALNUM, 10)}-${g.digits(13)}-${g.pick(HEX, 64)}`)),
  'slack-webhook': (g) => err(inCode(`https://hooks.slack.com/services/T${g.pick(UPPER_ALNUM, 8)}/B${g.pick(UPPER_ALNUM, 10)}/${g.pick(ALNUM, 24)}`, 'hook')),
  'discord-bot-token': (g) => {
    const id = Buffer.from(g.digits(18)).toString('base64url');
    const token = `${id}.${g.pick(B64URL, 6)}.${g.pick(B64URL, 38)}`;
    return err({ text: `const { Client } = require("discord.js");\nconst client = new Client();\nclient.login("${token}");\n`, value: token, kind: 'code', path: 'bot.js' }, true);
  },
  'discord-webhook': (g) => err(inCode(`https://discord.com/api/webhooks/${g.digits(18)}/${g.pick(B64URL, 68)}`, 'hook')),
  'telegram-bot-token': (g) => err(inCode(`${g.digits(10)}:AA${g.pick(B64URL, 33)}`)),
  'twilio-api-key': (g) => ({ ...inCode(`SK${g.pick(HEX, 32)}`), severity: 'warning' }),
  'twilio-auth-token': (g) => {
    const token = g.pick(HEX, 32);
    return err({ text: `TWILIO_ACCOUNT_SID=AC${g.pick(HEX, 32)}\nTWILIO_AUTH_TOKEN=${token}\n`, value: token, kind: 'env', path: '.env' });
  },
  'sendgrid-api-key': (g) => err(inCode(`SG.${g.pick(B64URL, 22)}.${g.pick(B64URL, 43)}`)),
  'mailgun-api-key': (g) => err(inCode(`key-${g.pick(HEX, 32)}`)),
  'mailchimp-api-key': (g) => err(inCode(`${g.pick(HEX, 32)}-us14`)),
  'postman-api-key': (g) => err(inCode(`PMAK-${g.pick(HEX, 24)}-${g.pick(HEX, 34)}`)),
  'linear-api-key': (g) => err(inCode(`lin_api_${g.pick(ALNUM, 40)}`)),
  'notion-token': (g) => err(inCode(`ntn_${g.digits(11)}${g.pick(ALNUM, 35)}`)),
  'sentry-token': (g) => err(inCode(`sntryu_${g.pick(HEX, 64)}`)),
  'newrelic-user-key': (g) => err(inCode(`NRAK-${g.pick(UPPER_ALNUM, 27)}`)),
  'stripe-secret-key': (g) => err(inCode(`sk_live_${g.pick(ALNUM, 99)}`)),
  'stripe-webhook-secret': (g) => err(inCode(`whsec_${g.pick(ALNUM, 32)}`)),
  'openai-api-key': (g) => err(inCode(`sk-proj-${g.pick(B64URL, 74)}T3BlbkFJ${g.pick(B64URL, 74)}`.replace(/-$/, 'a'))),
  'anthropic-api-key': (g) => err(inCode(`sk-ant-api03-${g.pick(B64URL, 93)}AA`)),
  'anthropic-admin-key': (g) => err(inCode(`sk-ant-admin01-${g.pick(B64URL, 93)}AA`)),
  'huggingface-token': (g) => err(inCode(`hf_${g.pick(LETTERS, 34)}`)),
  'shopify-token': (g) => err(inCode(`shpat_${g.pick(HEX, 32)}`)),
  'url-credentials': (g) => {
    const password = g.pick(ALNUM, 20);
    return err({ text: `DATABASE_URL=postgres://app_user:${password}@db.acme-prod.net:5432/app\n`, value: password, kind: 'env', path: '.env' });
  },
  'generic-secret-assignment': (g) => {
    const password = `${g.pick(ALNUM, 10)}!${g.pick(ALNUM, 5)}`;
    return { text: `DB_HOST=db.acme-prod.net\nDB_PASSWORD=${password}\n`, value: password, kind: 'env', path: '.env', severity: 'warning' };
  },
};

/** A near miss: must produce nothing (`none`) or only an `info` hit from `detector`. */
export interface NearMiss {
  name: string;
  text: string;
  kind: TextKind;
  path?: string;
  expect: 'none' | 'info';
}

function breakLast(value: string): string {
  const last = value[value.length - 1];
  return value.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

/** Change one character at `at` to another of the same class, keeping the shape. */
function breakAt(value: string, at: number): string {
  const i = at < 0 ? value.length + at : at;
  const c = value[i];
  const swap = /[0-9]/.test(c) ? (c === '1' ? '2' : '1') : /[a-z]/.test(c) ? (c === 'q' ? 'r' : 'q') : c === 'Q' ? 'R' : 'Q';
  return value.slice(0, i) + swap + value.slice(i + 1);
}

function code(text: string): string {
  return `const v = "${text}";\n`;
}

/** Near misses per detector id. Tests require at least one for every detector. */
export const NEGATIVES: Record<string, (g: Gen) => NearMiss[]> = {
  'gcp-service-account-key': () => [
    { name: 'service account without key body', text: '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}', kind: 'config', expect: 'none' },
  ],
  'openssh-private-key': (g) => [
    { name: 'bare markers in a parser', text: "if (s.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----')) return parse(s.replace('-----END OPENSSH PRIVATE KEY-----', ''));", kind: 'code', expect: 'none' },
    { name: 'body not openssh-key-v1', text: opensshKey(g).replace(/b3BlbnNzaC1rZXktdjE/, 'QUJDREVGR0hJSktMTU5P'), kind: 'other', expect: 'info' },
  ],
  'pgp-private-key': () => [
    { name: 'armor markers only', text: 'const HEAD = "-----BEGIN PGP PRIVATE KEY BLOCK-----";\nconst TAIL = "-----END PGP PRIVATE KEY BLOCK-----";', kind: 'code', expect: 'none' },
  ],
  'private-key-pem': (g) => [
    { name: 'bare markers in a parser', text: 'const re = /-----BEGIN RSA PRIVATE KEY-----([\\s\\S]*?)-----END RSA PRIVATE KEY-----/;', kind: 'code', expect: 'none' },
    { name: 'markers glued around a variable', text: 'const pem = "-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----";', kind: 'code', expect: 'none' },
    { name: 'ellipsis body in docs', text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n...\n-----END RSA PRIVATE KEY-----', kind: 'other', expect: 'none' },
    { name: 'body is not DER', text: pemKey(g).replace(/\nMII/, '\nQUJ'), kind: 'other', expect: 'info' },
    { name: 'public key', text: pemKey(g).replace(/RSA PRIVATE/g, 'PUBLIC'), kind: 'other', expect: 'none' },
  ],
  'putty-private-key': () => [
    { name: 'header only', text: 'const MAGIC = "PuTTY-User-Key-File-3: ";', kind: 'code', expect: 'none' },
  ],
  'age-secret-key': (g) => [
    { name: 'bad checksum', text: breakLast(ageSecretKey(g)), kind: 'other', expect: 'info' },
    { name: 'placeholder', text: 'AGE-SECRET-KEY-1' + 'Q'.repeat(58), kind: 'other', expect: 'none' },
  ],
  'github-pat': (g) => [
    { name: 'bad checksum', text: code(breakLast(base62CrcToken(g, 'ghp_'))), kind: 'code', expect: 'info' },
    { name: 'placeholder x', text: code('ghp_' + 'x'.repeat(36)), kind: 'code', expect: 'none' },
    { name: 'too short', text: code('ghp_' + g.pick(ALNUM, 20)), kind: 'code', expect: 'none' },
  ],
  'github-oauth-token': (g) => [{ name: 'bad checksum', text: code(breakLast(base62CrcToken(g, 'gho_'))), kind: 'code', expect: 'info' }],
  'github-user-to-server-token': (g) => [{ name: 'bad checksum', text: code(breakLast(base62CrcToken(g, 'ghu_'))), kind: 'code', expect: 'info' }],
  'github-server-to-server-token': (g) => [{ name: 'bad checksum', text: code(breakLast(base62CrcToken(g, 'ghs_'))), kind: 'code', expect: 'info' }],
  'github-refresh-token': (g) => [{ name: 'bad checksum', text: code(breakLast(base62CrcToken(g, 'ghr_'))), kind: 'code', expect: 'info' }],
  'github-installation-token-jwt': (g) => [
    { name: 'not a JWT header', text: code(`ghs_123456_eyJ${g.pick(B64URL, 40)}.${g.pick(B64URL, 200)}.${g.pick(B64URL, 200)}`), kind: 'code', expect: 'none' },
  ],
  'github-fine-grained-pat': () => [{ name: 'placeholder', text: code('github_pat_' + 'X'.repeat(22) + '_' + 'X'.repeat(59)), kind: 'code', expect: 'none' }],
  'npm-access-token': (g) => [
    { name: 'bad checksum', text: code(breakLast(base62CrcToken(g, 'npm_'))), kind: 'code', expect: 'info' },
    { name: 'env reference in .npmrc', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', kind: 'npmrc', expect: 'none' },
  ],
  'npmrc-auth-token': () => [
    { name: 'template variable', text: '//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\n', kind: 'npmrc', expect: 'none' },
    { name: 'code building an npmrc', text: 'fs.writeFileSync(".npmrc", `//registry.npmjs.org/:_authToken=${token}`);', kind: 'code', expect: 'none' },
    { name: 'a variable in code', text: '  _authToken = options.token\nlet _authToken = getToken();\n', kind: 'code', expect: 'none' },
  ],
  'npmrc-basic-auth': () => [
    { name: 'placeholder', text: '_auth=<base64 user:password>\n', kind: 'npmrc', expect: 'none' },
    { name: 'a variable in code', text: 'var _auth = require("./auth");\nconst _password = req.headers.authorization;\n', kind: 'code', expect: 'none' },
  ],
  'gitlab-pat-routable': (g) => [{ name: 'bad checksum', text: code(breakAt(gitlabRoutable(g, 'glpat-'), 'glpat-'.length + 3)), kind: 'code', expect: 'info' }],
  'gitlab-pat': () => [{ name: 'placeholder', text: code('glpat-xxxxxxxxxxxxxxxxxxxx'), kind: 'code', expect: 'none' }],
  'gitlab-token': (g) => [{ name: 'routable with bad checksum', text: code(breakAt(gitlabRoutable(g, 'glrt-'), 'glrt-'.length + 3)), kind: 'code', expect: 'info' }],
  'gitlab-runner-registration-token': () => [{ name: 'prefix alone', text: 'const RUNNERS_TOKEN_PREFIX = "GR1348941";', kind: 'code', expect: 'none' }],
  'pypi-token': () => [{ name: 'prefix only', text: 'token.startsWith("pypi-AgEIcHlwaS5vcmc")', kind: 'code', expect: 'none' }],
  'dockerhub-token': () => [{ name: 'placeholder', text: code('dckr_pat_' + 'x'.repeat(27)), kind: 'code', expect: 'none' }],
  'grafana-service-account-token': (g) => [{ name: 'bad checksum', text: code(`glsa_${g.pick(ALNUM, 32)}_${g.pick(HEX, 8)}`), kind: 'code', expect: 'info' }],
  'grafana-cloud-token': (g) => [{ name: 'not base64 JSON', text: code(`glc_${g.pick(ALNUM, 60)}`), kind: 'code', expect: 'none' }],
  'atlassian-api-token': (g) => [{ name: 'bad checksum', text: code(`ATATT3xFfGF0${g.pick(B64URL, 170)}=${g.pick('0123456789ABCDEF', 8)}`), kind: 'code', expect: 'info' }],
  'bitbucket-app-password': (g) => [{ name: 'bad checksum', text: code(`ATBB${g.pick(ALNUM, 32)}${g.pick('0123456789ABCDEF', 8)}`), kind: 'code', expect: 'info' }],
  'aws-access-key-id': () => [
    { name: 'documented example pair', text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', kind: 'config', expect: 'none' },
    { name: 'time zone name', text: 'const tz = "Asia/Kolkata"; const ASIAN = "ASIANCUISINEISGOOD";', kind: 'code', expect: 'none' },
  ],
  'aws-secret-access-key': () => [{ name: 'env reference', text: 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}\n', kind: 'config', expect: 'none' }],
  'google-api-key': () => [{ name: 'placeholder', text: code('AIza' + 'X'.repeat(35)), kind: 'code', expect: 'none' }],
  'google-oauth-client-secret': () => [{ name: 'placeholder', text: code('GOCSPX-your-client-secret-here-000'), kind: 'code', expect: 'none' }],
  'azure-storage-account-key': () => [{ name: 'emulator docs placeholder', text: 'AccountKey=<your-account-key>;', kind: 'config', expect: 'none' }],
  'azure-sas-token': () => [{ name: 'sig without a SAS', text: code('https://example.org/?sig=abc'), kind: 'code', expect: 'none' }],
  'azure-ad-client-secret': () => [{ name: 'tilde in prose', text: 'Q~ is a key combo; abc1Q~ short', kind: 'other', expect: 'none' }],
  'digitalocean-token': () => [{ name: 'too short', text: code('dop_v1_abc123'), kind: 'code', expect: 'none' }],
  'heroku-api-key': () => [{ name: 'prefix only', text: 'if (k.startsWith("HRKU-")) {}', kind: 'code', expect: 'none' }],
  'hashicorp-vault-token': () => [{ name: 'short', text: code('hvs.abc'), kind: 'code', expect: 'none' }],
  'terraform-cloud-token': () => [{ name: 'placeholder', text: code('xxxxxxxxxxxxxx.atlasv1.' + 'x'.repeat(67)), kind: 'code', expect: 'none' }],
  'doppler-token': () => [{ name: 'placeholder', text: code('dp.st.dev.' + 'X'.repeat(43)), kind: 'code', expect: 'none' }],
  'datadog-api-key': (g) => [
    { name: 'hex without datadog context', text: `API_KEY_CHECKSUM=${g.pick(HEX, 32)}\n`, kind: 'code', expect: 'none' },
  ],
  'supabase-token': () => [{ name: 'publishable key', text: code('sb_publishable_abcdefghijklmnopqrstuvwx'), kind: 'code', expect: 'none' }],
  'slack-token': () => [{ name: 'placeholder', text: code('xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx'), kind: 'code', expect: 'none' }],
  'slack-app-token': () => [{ name: 'prefix only', text: code('xapp-'), kind: 'code', expect: 'none' }],
  'slack-webhook': () => [{ name: 'placeholder', text: code('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'), kind: 'code', expect: 'none' }],
  'discord-bot-token': (g) => [
    { name: 'first part not a bot id', text: `// discord\nconst t = "${Buffer.from('4bcdefghijklmnopqr').toString('base64url')}.${g.pick(B64URL, 6)}.${g.pick(B64URL, 38)}";`, kind: 'code', expect: 'info' },
  ],
  'discord-webhook': () => [{ name: 'docs', text: code('https://discord.com/api/webhooks/{webhook.id}/{webhook.token}'), kind: 'code', expect: 'none' }],
  'telegram-bot-token': () => [{ name: 'placeholder', text: code('123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), kind: 'code', expect: 'none' }],
  'twilio-api-key': (g) => [{ name: 'upper-case hex', text: code('SK' + g.pick('0123456789ABCDEF', 32)), kind: 'code', expect: 'none' }],
  'twilio-auth-token': () => [{ name: 'env reference', text: 'TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}\n', kind: 'env', expect: 'none' }],
  'sendgrid-api-key': () => [{ name: 'placeholder', text: code('SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), kind: 'code', expect: 'none' }],
  'mailgun-api-key': () => [{ name: 'too short', text: code('key-abc123'), kind: 'code', expect: 'none' }],
  'mailchimp-api-key': () => [{ name: 'locale', text: code('en-us'), kind: 'code', expect: 'none' }],
  'postman-api-key': () => [{ name: 'placeholder', text: code('PMAK-<your-key>'), kind: 'code', expect: 'none' }],
  'linear-api-key': () => [{ name: 'placeholder', text: code('lin_api_' + 'x'.repeat(40)), kind: 'code', expect: 'none' }],
  'notion-token': () => [{ name: 'identifier', text: 'const secret_key_name = "x";', kind: 'code', expect: 'none' }],
  'sentry-token': () => [{ name: 'placeholder', text: code('sntryu_' + '0'.repeat(64)), kind: 'code', expect: 'none' }],
  'newrelic-user-key': () => [{ name: 'placeholder', text: code('NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX'), kind: 'code', expect: 'none' }],
  'stripe-secret-key': (g) => [
    { name: 'publishable key', text: code(`pk_live_${g.pick(ALNUM, 99)}`), kind: 'code', expect: 'none' },
    { name: 'test key', text: code(`sk_test_${g.pick(ALNUM, 99)}`), kind: 'code', expect: 'none' },
  ],
  'stripe-webhook-secret': () => [{ name: 'placeholder', text: code('whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), kind: 'code', expect: 'none' }],
  'openai-api-key': (g) => [{ name: 'sk- without marker', text: code(`sk-${g.pick(ALNUM, 48)}`), kind: 'code', expect: 'none' }],
  'anthropic-api-key': () => [{ name: 'placeholder', text: code('sk-ant-api03-' + 'x'.repeat(93) + 'AA'), kind: 'code', expect: 'none' }],
  'anthropic-admin-key': () => [{ name: 'prefix only', text: code('sk-ant-admin01-...'), kind: 'code', expect: 'none' }],
  'huggingface-token': () => [{ name: 'placeholder', text: code('hf_' + 'x'.repeat(34)), kind: 'code', expect: 'none' }],
  'shopify-token': () => [{ name: 'placeholder', text: code('shpat_' + '0'.repeat(32)), kind: 'code', expect: 'none' }],
  'url-credentials': () => [
    { name: 'template password', text: 'postgres://app:${DB_PASSWORD}@db.acme-prod.net/app', kind: 'code', expect: 'none' },
    { name: 'example host', text: 'https://user:s3cr3tPassw0rd@example.com/repo.git', kind: 'other', expect: 'none' },
    { name: 'local dev database', text: 'postgres://postgres:postgres@localhost:5432/dev', kind: 'env', expect: 'info' },
    { name: 'no password', text: 'git+ssh://git@github.com/acme/repo.git', kind: 'config', expect: 'none' },
  ],
  'generic-secret-assignment': (g) => [
    { name: 'in minified code', text: `var a={password:"${g.pick(ALNUM, 16)}!x"};` + 'x=1;'.repeat(400), kind: 'minified', expect: 'none' },
    { name: 'in regular code', text: `const password = "${g.pick(ALNUM, 16)}!x";`, kind: 'code', expect: 'none' },
    { name: 'placeholder', text: 'DB_PASSWORD=changeme\nAPI_TOKEN=your-token-here\nSECRET=${SECRET}\n', kind: 'env', expect: 'none' },
    { name: 'low entropy word', text: 'password: hunter\ntoken_url: https://auth.acme.io/token\n', kind: 'config', expect: 'none' },
    { name: 'names about secrets', text: 'SECRET_NAME=prod-db-credentials-v2\nTOKEN_PATH=/var/run/secrets/token\n', kind: 'env', expect: 'none' },
  ],
};
