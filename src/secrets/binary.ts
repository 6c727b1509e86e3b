import type { SecretHit } from '../types.js';
import { BINARY_DETECTORS } from './detectors.js';
import { secretFingerprint } from './redact.js';

/**
 * Binary keystores by content (PKCS#12 / JKS magic, etc.); called with the first ≤512 bytes of binary entries.
 * The path is not consulted: a keystore renamed to `logo.png` is still a keystore (file names are the forbidden-paths rule's business).
 */
export function detectBinarySecret(head: Uint8Array, path: string): SecretHit | undefined {
  for (const d of BINARY_DETECTORS) {
    if (!d.test(head)) continue;
    // The head is key material too: fingerprint it, never echo it.
    const hex = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('hex');
    const hit: SecretHit = {
      detector: d.id,
      description: d.description,
      severity: d.severity,
      line: 1,
      column: 1,
      redacted: `<binary, ${head.byteLength}+ bytes>`,
      fingerprint: secretFingerprint(d.id, hex),
    };
    if (d.rotationUrl) hit.rotationUrl = d.rotationUrl;
    return hit;
  }
  return undefined;
}
