// An in-memory tree read through the same visitor as a tarball: what tests (and later, other
// sources) use to look like an artifact to the rules.
import { createHash } from 'node:crypto';
import type { EntryType } from '../types.js';
import { normaliseEntryPath } from '../util/paths.js';
import type { EntryVisitor, ReadSummary } from './visitor.js';

export type MemoryEntry =
  | string
  | Uint8Array
  | { type: 'symlink' | 'hardlink'; target: string }
  | { type: 'directory' };

/** Feeds `tree` (path → content) to `visitor` in small chunks, so streaming code paths are exercised. */
export function readMemoryTree(tree: Record<string, MemoryEntry>, visitor: EntryVisitor, chunkSize = 4096): ReadSummary {
  const integrity = createHash('sha512');
  let unpacked = 0;
  let entryCount = 0;
  for (const [rawPath, value] of Object.entries(tree)) {
    entryCount++;
    const { path } = normaliseEntryPath(rawPath);
    let type: EntryType = 'file';
    let content: Buffer | undefined;
    let linkTarget: string | undefined;
    if (typeof value === 'string') content = Buffer.from(value, 'utf8');
    else if (value instanceof Uint8Array) content = Buffer.from(value);
    else if (value.type === 'directory') type = 'directory';
    else {
      type = value.type;
      linkTarget = value.target;
      visitor.onAnomaly({ kind: value.type, path, detail: `${value.type} to "${value.target}" (reported, not followed)` });
    }
    const sink = visitor.onEntry({ path, rawPath, type, size: content?.length ?? 0, linkTarget, depth: 0 });
    if (!content) continue;
    integrity.update(content);
    unpacked += content.length;
    if (!sink) continue;
    for (let i = 0; i < content.length; i += chunkSize) sink.write(content.subarray(i, i + chunkSize));
    sink.end();
  }
  return { integrity: `sha512-${integrity.digest('base64')}`, packedSize: unpacked, unpackedSize: unpacked, entryCount, rootPrefix: 'package/' };
}
