import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Digest of a file, streamed. */
export async function fileDigest(file: string, algorithm: 'sha1' | 'sha512'): Promise<Buffer> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest();
}

/** The `sha512-…` SRI string npm records as `dist.integrity`. */
export async function sriOfFile(file: string): Promise<string> {
  return `sha512-${(await fileDigest(file, 'sha512')).toString('base64')}`;
}
