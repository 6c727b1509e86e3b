// The secret engine: find credentials in text and binary heads, redacted and fingerprinted.

import type { SecretHit } from '../types.js';
import type { TextKind } from './kind.js';
import { scanSecrets as scan } from './scan.js';

export type { TextKind } from './kind.js';
export { textKindFor } from './kind.js';
export { detectBinarySecret } from './binary.js';
export { DETECTORS, BINARY_DETECTORS } from './detectors.js';
export type { Detector, BinaryDetector, MatchContext } from './detectors.js';
export { PLACEHOLDERS } from './placeholders.js';
export type { PlaceholderMarker } from './placeholders.js';
export { secretFingerprint } from './redact.js';

/**
 * Scan one text: a string, or ASCII text as its bytes. line/column in hits are 1-based relative
 * to the text. `source` is copied into hits (original source name when text is a source map's
 * sourcesContent entry). Never returns the secret value in full anywhere.
 */
export function scanSecrets(text: string | Uint8Array, options: { path: string; kind: TextKind; source?: string }): SecretHit[] {
  return scan(text, options);
}
