// Checksums that token formats carry, so a scanner can tell a real token from a lookalike.
// Each function is pure and documented with the scheme it implements.

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as zlib) of a string's Latin-1 bytes; token alphabets are ASCII. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Digits then upper then lower case: the alphabet GitHub and npm use for their checksums. */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function toBase62(value: number, width: number): string {
  let out = '';
  let n = value;
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

/**
 * GitHub (`ghp_` `gho_` `ghu_` `ghs_` `ghr_`) and npm (`npm_`) tokens: prefix, 30 random
 * base62 characters, then base62(crc32(random part)) left-padded with `0` to 6 characters.
 * The prefix is not part of the checksummed data.
 */
export function validBase62Crc(token: string): boolean {
  const underscore = token.indexOf('_');
  const body = token.slice(underscore + 1);
  if (body.length < 7) return false;
  return toBase62(crc32(body.slice(0, -6)), 6) === body.slice(-6);
}

/**
 * GitLab routable tokens: `<prefix><base64url payload>.<version, 2 base36>.<payload length,
 * 2 base36><crc32 of everything before it, 7 base36>`.
 */
export function validGitlabRoutable(token: string): boolean {
  const m = /^(.*\.([0-9a-z]{2})\.)([0-9a-z]{2})([0-9a-z]{7})$/.exec(token);
  if (!m) return false;
  const head = m[1] + m[3];
  const payload = head.slice(head.indexOf('-') + 1, head.indexOf('.'));
  if (parseInt(m[3], 36) !== payload.length) return false;
  return crc32(head).toString(36).padStart(7, '0') === m[4];
}

/** Grafana service-account tokens: `glsa_<32 alnum>_<8 hex>`, the hex being crc32 of the first 37 characters, little-endian. */
export function validGrafanaServiceAccount(token: string): boolean {
  if (token.length !== 46) return false;
  return littleEndianHex(crc32(token.slice(0, 37))) === token.slice(38).toLowerCase();
}

export function littleEndianHex(value: number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += ((value >>> (8 * i)) & 0xff).toString(16).padStart(2, '0');
  return out;
}

/** Atlassian API tokens (`ATATT…=XXXXXXXX`) and Bitbucket app passwords (`ATBB…XXXXXXXX`): last 8 hex = crc32 of the rest. */
export function validAtlassianCrc(token: string): boolean {
  const hex = token.slice(-8);
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return false;
  return crc32(token.slice(0, -8)) === parseInt(hex, 16);
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Bech32 (BIP-173) checksum, as used by age secret keys (`AGE-SECRET-KEY-1…`). */
export function validBech32(value: string): boolean {
  const lower = value.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return false;
  const hrp = lower.slice(0, sep);
  const data: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const d = BECH32_CHARSET.indexOf(ch);
    if (d < 0) return false;
    data.push(d);
  }
  const values: number[] = [];
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < hrp.length; i++) values.push(hrp.charCodeAt(i) & 31);
  return bech32Polymod([...values, ...data]) === 1;
}

export function bech32Polymod(values: readonly number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ gen[i]) >>> 0;
  }
  return chk;
}

/** Discord bot tokens start with the bot's numeric user id (a snowflake) in base64. */
export function validDiscordBotToken(token: string): boolean {
  const first = token.slice(0, token.indexOf('.'));
  const decoded = Buffer.from(first, 'base64').toString('latin1');
  return /^\d{17,20}$/.test(decoded);
}

/** A JWT-shaped string whose header decodes to a JSON object with an `alg`. */
export function hasJwtHeader(jwt: string): boolean {
  const header = jwt.slice(0, jwt.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && 'alg' in parsed;
  } catch {
    return false;
  }
}

/** The body of a PEM block decodes to DER (a SEQUENCE), as PKCS#1, PKCS#8 and SEC1 keys do. */
export function pemBodyIsDer(block: string): boolean {
  const body = pemBody(block);
  if (body.length < 64) return false;
  const bytes = Buffer.from(body.slice(0, 8), 'base64');
  return bytes[0] === 0x30;
}

/** Base64 characters between a PEM block's header and footer, escapes and string glue removed. */
export function pemBody(block: string): string {
  const start = block.indexOf('-----', 5) + 5;
  let end = block.lastIndexOf('-----END');
  if (end < start) end = block.length;
  return block
    .slice(start, end)
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .replace(/^(?:Proc-Type|DEK-Info|Comment|Version|Hash):.*$/gm, '')
    .replace(/[^A-Za-z0-9+/=]/g, '');
}
