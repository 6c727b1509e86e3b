import { createHash } from 'node:crypto';

/**
 * Evidence safe to print: the public prefix (at most a quarter of the value, never more than
 * 40 characters) and the length. `ghp_…(40 chars)`.
 */
export function redact(value: string, publicPrefix: string): string {
  const shown = value.startsWith(publicPrefix) ? publicPrefix.slice(0, Math.min(40, Math.floor(value.length / 4))) : '';
  return `${shown}…(${value.length} chars)`;
}

/**
 * `sec_` + the first 32 hex digits of sha256(detector id, NUL, value). Stable across runs,
 * paths and machines, so one allow entry covers a known value wherever it appears.
 */
export function secretFingerprint(detector: string, value: string): string {
  return 'sec_' + createHash('sha256').update(`${detector}\0${value}`).digest('hex').slice(0, 32);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower case, upper case, digits and other characters the value uses. */
export function characterClasses(value: string): number {
  return (
    Number(/[a-z]/.test(value)) +
    Number(/[A-Z]/.test(value)) +
    Number(/[0-9]/.test(value)) +
    Number(/[^A-Za-z0-9]/.test(value))
  );
}
