// Lists and streams the members of a zip held in memory (a nested archive, already size-bounded).
import type Yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { Limits } from '../policy/config.js';
import type { EntryType } from '../types.js';
import { memberPath, normaliseEntryPath } from '../util/paths.js';
import type { EntryVisitor } from './visitor.js';
import { requireCjs } from '../util/lazy.js';

const yauzl = requireCjs<typeof Yauzl>('yauzl');

export interface ZipReadOptions {
  limits: Limits;
  container: string;
  depth: number;
}

export interface ZipReadResult {
  members: number;
  unpackedSize: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Rejects (with a plain Error) when the zip structure itself is unreadable; the caller reports that. */
export async function readZip(buffer: Buffer, visitor: EntryVisitor, options: ZipReadOptions): Promise<ZipReadResult> {
  const { limits, container, depth } = options;
  // decodeStrings off: yauzl would refuse `..` and absolute names, which we want to report, not abort on.
  const zip: ZipFile = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  let members = 0;
  let unpacked = 0;
  return new Promise<ZipReadResult>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve({ members, unpackedSize: unpacked }));
    zip.on('entry', (entry: Entry) => {
      members++;
      if (members > limits.maxNestedEntries) {
        visitor.onAnomaly({ kind: 'nested-archive-skipped', path: container, detail: `more than ${limits.maxNestedEntries} members; the rest were not listed (limits.maxNestedEntries)` });
        zip.close();
        resolve({ members: members - 1, unpackedSize: unpacked });
        return;
      }
      const utf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
      const rawPath = entry.fileNameRaw.toString(utf8 ? 'utf8' : 'latin1');
      const norm = normaliseEntryPath(rawPath);
      const path = memberPath(container, norm.path);
      const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
      let type: EntryType = rawPath.endsWith('/') ? 'directory' : 'file';
      if ((unixMode & S_IFMT) === S_IFLNK) type = 'symlink';
      if (norm.traversal) visitor.onAnomaly({ kind: 'path-traversal', path, detail: `zip member "${rawPath}" contains ".." (zip slip)` });
      if (norm.absolute) visitor.onAnomaly({ kind: 'absolute-path', path, detail: `zip member "${rawPath}" is absolute` });
      if (type === 'symlink') visitor.onAnomaly({ kind: 'symlink', path, detail: 'symlink inside a nested zip (reported, not followed)' });

      const size = type === 'file' ? entry.uncompressedSize : 0;
      const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize > 0 ? Infinity : 1;
      let skip: string | undefined;
      if (type === 'file') {
        if (entry.isEncrypted()) skip = 'encrypted member; content cannot be inspected';
        else if (!entry.canDecodeFileData()) skip = `unsupported compression method ${entry.compressionMethod}`;
        else if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxNestedRatio) skip = `compression ratio ${Math.round(ratio)}:1 exceeds limits.maxNestedRatio (${limits.maxNestedRatio}); possible zip bomb`;
        else if (unpacked + entry.uncompressedSize > limits.maxUnpackedBytes) skip = 'nested archive content exceeds limits.maxUnpackedBytes';
      }
      const sink = visitor.onEntry({ path, rawPath, type, size, mode: unixMode & 0o7777, depth, container });
      if (skip) visitor.onAnomaly({ kind: 'nested-archive-skipped', path, detail: skip });
      if (!sink || type !== 'file' || skip) {
        if (sink && type === 'file') sink.end();
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) {
          visitor.onAnomaly({ kind: 'nested-archive-corrupt', path, detail: `cannot read member: ${err.message}` });
          sink.end();
          zip.readEntry();
          return;
        }
        let finished = false;
        const finish = (): void => {
          if (finished) return;
          finished = true;
          sink.end();
          zip.readEntry();
        };
        stream.on('data', (chunk: Buffer) => {
          unpacked += chunk.length;
          sink.write(chunk);
        });
        stream.on('error', (e: Error) => {
          visitor.onAnomaly({ kind: 'nested-archive-corrupt', path, detail: `cannot read member: ${e.message}` });
          finish();
        });
        stream.on('end', finish);
      });
    });
    zip.readEntry();
  });
}
