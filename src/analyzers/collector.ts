// The single pass over an artifact's bytes: hash, sniff, and hand each entry to the analyses it
// needs (source-map scanning, reference finding, secret scanning, nested archives). Rules then
// look only at the facts gathered here.
import { createHash } from 'node:crypto';
import type { Limits } from '../policy/config.js';
import { readTarball } from '../readers/tarball.js';
import type { EntrySink, EntryVisitor } from '../readers/visitor.js';
import { readZip } from '../readers/zip.js';
import type { ArtifactFile, EntryHeader, PackageManifest, ReadAnomaly } from '../types.js';
import { analyseText, mapReader, type SecretEngine } from './content.js';
import { archiveFormat, isGeneratedCode, isSourceMapPath, looksBinary } from './sniff.js';
import { countNewlines } from './text-bytes.js';

export type { SecretEngine } from './content.js';

export interface CollectorOptions {
  limits: Limits;
  secrets?: SecretEngine;
}

const HEAD_BYTES = 4096;

/**
 * The entries and anomalies of one archive level. Nested archives are read concurrently with the
 * stream around them, so each level collects on its own and `finish()` lays them out depth-first:
 * the same order however the reads interleaved.
 */
interface Scope {
  files: ArtifactFile[];
  anomalies: ReadAnomaly[];
  nested: Map<ArtifactFile, Scope>;
}

const newScope = (): Scope => ({ files: [], anomalies: [], nested: new Map() });

/** Builds the facts of an artifact from the entries a reader feeds it. */
export class ArtifactCollector implements EntryVisitor {
  /** Every entry, members of nested archives right after their archive (complete after `finish()`). */
  readonly files: ArtifactFile[] = [];
  readonly anomalies: ReadAnomaly[] = [];
  manifest?: PackageManifest;
  manifestError?: string;
  private readonly root = newScope();
  private readonly pending: Promise<unknown>[] = [];

  constructor(private readonly options: CollectorOptions) {}

  onAnomaly(anomaly: ReadAnomaly): void {
    this.root.anomalies.push(anomaly);
  }

  onEntry(header: EntryHeader): EntrySink | undefined {
    return this.entryIn(this.root, header);
  }

  private entryIn(scope: Scope, header: EntryHeader): EntrySink | undefined {
    const file: ArtifactFile = { ...header, text: false, sourceMapRefs: [], sourceMaps: [], secrets: [] };
    scope.files.push(file);
    if (header.type !== 'file') return undefined;
    const { limits } = this.options;
    if (isSourceMapPath(header.path) && header.size <= limits.maxSourceMapBytes) return this.mapSink(file);
    if (header.size <= limits.maxTextBytes) return this.bufferSink(file, scope);
    return this.hashOnlySink(file, scope, `${formatMiB(header.size)} exceeds limits.maxTextBytes (${formatMiB(limits.maxTextBytes)}); not scanned for secrets or source-map references`);
  }

  /** Wait for nested archives still being read, then lay the entries out. */
  async finish(): Promise<void> {
    while (this.pending.length) await this.pending.shift();
    const files: ArtifactFile[] = [];
    const anomalies: ReadAnomaly[] = [];
    const layOut = (scope: Scope): void => {
      anomalies.push(...scope.anomalies);
      for (const file of scope.files) {
        files.push(file);
        const nested = scope.nested.get(file);
        if (nested) layOut(nested);
      }
    };
    layOut(this.root);
    // (not splice(...spread): an archive may hold more entries than a call takes arguments)
    this.files.length = 0;
    for (const f of files) this.files.push(f);
    this.anomalies.length = 0;
    for (const a of anomalies) this.anomalies.push(a);
  }

  private hashOnlySink(file: ArtifactFile, scope: Scope, reason: string): EntrySink {
    const hash = createHash('sha256');
    let head: Buffer | undefined;
    return {
      write: (chunk) => {
        hash.update(chunk);
        if (!head) head = Buffer.from(chunk.subarray(0, HEAD_BYTES));
      },
      end: () => {
        file.sha256 = hash.digest('hex');
        file.head = head;
        file.text = head ? !looksBinary(head) : true;
        file.uninspected = reason;
        scope.anomalies.push({ kind: 'entry-not-inspected', path: file.path, detail: reason });
      },
    };
  }

  /** A map is scanned as it streams; each sourcesContent string is decoded and scanned as it completes. */
  private mapSink(file: ArtifactFile): EntrySink {
    const hash = createHash('sha256');
    const map = mapReader(file.path, false, this.options.limits.maxTextBytes, this.options.secrets);
    let head: Buffer | undefined;
    let newlines = 0;
    return {
      write: (chunk) => {
        hash.update(chunk);
        if (!head) head = Buffer.from(chunk.subarray(0, HEAD_BYTES));
        newlines += countNewlines(chunk);
        map.write(chunk);
      },
      end: () => {
        file.sha256 = hash.digest('hex');
        file.head = head;
        file.text = head ? !looksBinary(head) : true;
        file.lines = newlines + 1;
        const { facts, secrets } = map.end();
        file.sourceMaps.push(facts);
        file.secrets.push(...secrets);
      },
    };
  }

  private bufferSink(file: ArtifactFile, scope: Scope): EntrySink {
    const chunks: Buffer[] = [];
    let bytes = 0;
    // Hashed as it arrives: a large entry's chunks come one per turn while inflate works on the
    // next, time this thread would otherwise spend waiting.
    const hash = createHash('sha256');
    return {
      write: (chunk) => {
        hash.update(chunk);
        chunks.push(chunk);
        bytes += chunk.length;
      },
      end: () => {
        file.sha256 = hash.digest('hex');
        this.analyseContent(file, scope, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes));
      },
    };
  }

  /** What one entry's bytes hold (file.sha256 is already set). */
  private analyseContent(file: ArtifactFile, scope: Scope, buf: Buffer): void {
    // A copy: a view would keep the whole decompressed chunk alive for the life of the report.
    file.head = Buffer.from(buf.subarray(0, HEAD_BYTES));
    const archive = archiveFormat(buf);
    if (archive) {
      this.openNested(file, scope, buf, archive);
      return;
    }
    if (looksBinary(buf)) {
      const hit = this.options.secrets?.detectBinarySecret(buf.subarray(0, 512), file.path);
      if (hit) file.secrets.push(hit);
      return;
    }
    file.text = true;
    if (file.path === 'package.json' && file.depth === 0) this.readManifest(buf.toString('utf8'));
    const facts = analyseText(buf, { path: file.path, generated: isGeneratedCode(file.path), maxStringBytes: this.options.limits.maxTextBytes }, this.options.secrets);
    file.lines = facts.lines;
    file.sourceMapRefs.push(...facts.sourceMapRefs);
    file.sourceMaps.push(...facts.sourceMaps);
    file.secrets.push(...facts.secrets);
  }

  private readManifest(text: string): void {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) this.manifest = parsed as PackageManifest;
      else this.manifestError = 'package.json is not a JSON object';
    } catch (e) {
      this.manifestError = `package.json is not valid JSON: ${(e as Error).message}`;
    }
  }

  private openNested(file: ArtifactFile, scope: Scope, buf: Buffer, format: 'zip' | 'tgz' | 'tar'): void {
    const { limits } = this.options;
    file.archive = { format, members: 0 };
    if (file.depth + 1 > limits.maxNestedDepth) {
      scope.anomalies.push({ kind: 'nested-archive-skipped', path: file.path, detail: `archive nested ${file.depth + 1} deep exceeds limits.maxNestedDepth (${limits.maxNestedDepth}); members not listed` });
      return;
    }
    if (buf.length > limits.maxNestedArchiveBytes) {
      scope.anomalies.push({ kind: 'nested-archive-skipped', path: file.path, detail: `${formatMiB(buf.length)} exceeds limits.maxNestedArchiveBytes (${formatMiB(limits.maxNestedArchiveBytes)}); members not listed` });
      return;
    }
    const nestedLimits: Limits = { ...limits, maxEntries: limits.maxNestedEntries, maxUnpackedBytes: Math.min(limits.maxUnpackedBytes, Math.max(buf.length, 1) * limits.maxNestedRatio) };
    const members = newScope();
    scope.nested.set(file, members);
    const visitor: EntryVisitor = {
      onEntry: (header) => this.entryIn(members, header),
      onAnomaly: (anomaly) => members.anomalies.push(anomaly),
    };
    const work = (async () => {
      try {
        if (format === 'zip') {
          await readZip(buf, visitor, { limits: nestedLimits, container: file.path, depth: file.depth + 1 });
        } else {
          await readTarball(buf, visitor, { limits: nestedLimits, stripTop: false, container: file.path, depth: file.depth + 1, label: file.path });
        }
      } catch (e) {
        members.anomalies.push({ kind: 'nested-archive-corrupt', path: file.path, detail: `cannot list members: ${(e as Error).message}` });
      }
      file.archive!.members = members.files.length;
    })();
    this.pending.push(work);
  }
}

export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
