// The single pass over an artifact's bytes: hash, sniff, and hand each entry to the analyses it
// needs (source-map scanning, reference finding, secret scanning, nested archives). Rules then
// look only at the facts gathered here.
import { createHash } from 'node:crypto';
import type { Limits } from '../policy/config.js';
import { readTarball } from '../readers/tarball.js';
import type { EntrySink, EntryVisitor } from '../readers/visitor.js';
import { readZip } from '../readers/zip.js';
import type { ArtifactFile, EntryHeader, PackageManifest, ReadAnomaly, SecretHit, SourceMapFacts } from '../types.js';
import { archiveFormat, isGeneratedCode, isSourceMapPath, looksBinary } from './sniff.js';
import { countLines, SourceMapScanner } from './sourcemap-scanner.js';
import { findSourceMapRefs } from './sourcemap-url.js';

/** The secret engine as the collector sees it (src/secrets implements it; tests may pass their own). */
export interface SecretEngine {
  textKindFor(path: string, sample: string): string;
  scanSecrets(text: string, options: { path: string; kind: string; source?: string }): SecretHit[];
  detectBinarySecret(head: Uint8Array, path: string): SecretHit | undefined;
}

export interface CollectorOptions {
  limits: Limits;
  secrets?: SecretEngine;
}

const HEAD_BYTES = 4096;

/** Builds the facts of an artifact from the entries a reader feeds it. */
export class ArtifactCollector implements EntryVisitor {
  readonly files: ArtifactFile[] = [];
  readonly anomalies: ReadAnomaly[] = [];
  manifest?: PackageManifest;
  manifestError?: string;
  private readonly pending: Promise<unknown>[] = [];

  constructor(private readonly options: CollectorOptions) {}

  onAnomaly(anomaly: ReadAnomaly): void {
    this.anomalies.push(anomaly);
  }

  onEntry(header: EntryHeader): EntrySink | undefined {
    const file: ArtifactFile = { ...header, text: false, sourceMapRefs: [], sourceMaps: [], secrets: [] };
    this.files.push(file);
    if (header.type !== 'file') return undefined;
    const { limits } = this.options;
    if (isSourceMapPath(header.path) && header.size <= limits.maxSourceMapBytes) return this.mapSink(file);
    if (header.size <= limits.maxTextBytes) return this.bufferSink(file);
    return this.hashOnlySink(file, `${formatMiB(header.size)} exceeds limits.maxTextBytes (${formatMiB(limits.maxTextBytes)}); not scanned for secrets or source-map references`);
  }

  /** Wait for nested archives still being read. */
  async finish(): Promise<void> {
    while (this.pending.length) await this.pending.shift();
  }

  private hashOnlySink(file: ArtifactFile, reason: string): EntrySink {
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
        this.anomalies.push({ kind: 'entry-not-inspected', path: file.path, detail: reason });
      },
    };
  }

  private mapSink(file: ArtifactFile): EntrySink {
    const hash = createHash('sha256');
    const { scanner, finish } = this.scanMap(file.path, false);
    let head: Buffer | undefined;
    let newlines = 0;
    return {
      write: (chunk) => {
        hash.update(chunk);
        if (!head) head = Buffer.from(chunk.subarray(0, HEAD_BYTES));
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) newlines++;
        scanner.write(chunk);
      },
      end: () => {
        file.sha256 = hash.digest('hex');
        file.head = head;
        file.text = head ? !looksBinary(head) : true;
        file.lines = newlines + 1;
        const { facts, secrets } = finish();
        file.sourceMaps.push(facts);
        file.secrets.push(...secrets);
      },
    };
  }

  /** A scanner whose sourcesContent strings go to the secret engine, named once the map is read. */
  private scanMap(path: string, inline: boolean): { scanner: SourceMapScanner; finish: () => { facts: SourceMapFacts; secrets: SecretHit[] } } {
    const engine = this.options.secrets;
    const found: Array<{ hits: SecretHit[]; builder: number; index: number }> = [];
    // The original's name (when `sources` came first, as bundlers write it) lets a map-embedded
    // `.env` or `.npmrc` get the config-file checks too.
    const listener = engine
      ? (text: string, builder: number, index: number) => {
          const hits = engine.scanSecrets(text, { path, kind: 'map-source', source: scanner.knownSourceName(builder, index) });
          if (hits.length) found.push({ hits, builder, index });
        }
      : undefined;
    const scanner: SourceMapScanner = new SourceMapScanner(path, inline, listener, this.options.limits.maxTextBytes);
    return {
      scanner,
      finish: () => {
        const facts = scanner.end();
        const secrets: SecretHit[] = [];
        for (const f of found) {
          const source = scanner.sourceName(f.builder, f.index);
          for (const h of f.hits) secrets.push({ ...h, source });
        }
        return { facts, secrets };
      },
    };
  }

  private bufferSink(file: ArtifactFile): EntrySink {
    const chunks: Buffer[] = [];
    let bytes = 0;
    return {
      write: (chunk) => {
        chunks.push(chunk);
        bytes += chunk.length;
      },
      end: () => this.analyseContent(file, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes)),
    };
  }

  private analyseContent(file: ArtifactFile, buf: Buffer): void {
    file.sha256 = createHash('sha256').update(buf).digest('hex');
    file.head = buf.subarray(0, HEAD_BYTES);
    const engine = this.options.secrets;
    const archive = archiveFormat(buf);
    if (archive) {
      this.openNested(file, buf, archive);
      return;
    }
    if (looksBinary(buf)) {
      const hit = engine?.detectBinarySecret(buf.subarray(0, 512), file.path);
      if (hit) file.secrets.push(hit);
      return;
    }
    file.text = true;
    const text = buf.toString('utf8');
    file.lines = countLines(text);
    if (file.path === 'package.json' && file.depth === 0) this.readManifest(text);
    if (isGeneratedCode(file.path)) {
      for (const ref of findSourceMapRefs(text, file.path)) {
        const { data, dataError, ...plain } = ref;
        file.sourceMapRefs.push(plain);
        if (!ref.inline) continue;
        if (!data) {
          file.sourceMaps.push({ path: file.path, inline: true, error: dataError ?? 'cannot decode data: URL', sections: 0, sources: [] });
          continue;
        }
        const { scanner, finish } = this.scanMap(file.path, true);
        scanner.write(data);
        const { facts, secrets } = finish();
        file.sourceMaps.push(facts);
        file.secrets.push(...secrets);
      }
    }
    if (engine) {
      const kind = engine.textKindFor(file.path, text.slice(0, 4096));
      file.secrets.push(...engine.scanSecrets(text, { path: file.path, kind }));
    }
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

  private openNested(file: ArtifactFile, buf: Buffer, format: 'zip' | 'tgz' | 'tar'): void {
    const { limits } = this.options;
    file.archive = { format, members: 0 };
    if (file.depth + 1 > limits.maxNestedDepth) {
      this.anomalies.push({ kind: 'nested-archive-skipped', path: file.path, detail: `archive nested ${file.depth + 1} deep exceeds limits.maxNestedDepth (${limits.maxNestedDepth}); members not listed` });
      return;
    }
    if (buf.length > limits.maxNestedArchiveBytes) {
      this.anomalies.push({ kind: 'nested-archive-skipped', path: file.path, detail: `${formatMiB(buf.length)} exceeds limits.maxNestedArchiveBytes (${formatMiB(limits.maxNestedArchiveBytes)}); members not listed` });
      return;
    }
    const nestedLimits: Limits = { ...limits, maxEntries: limits.maxNestedEntries, maxUnpackedBytes: Math.min(limits.maxUnpackedBytes, Math.max(buf.length, 1) * limits.maxNestedRatio) };
    const work = (async () => {
      try {
        if (format === 'zip') {
          await readZip(buf, this, { limits: nestedLimits, container: file.path, depth: file.depth + 1 });
        } else {
          await readTarball(buf, this, { limits: nestedLimits, stripTop: false, container: file.path, depth: file.depth + 1, label: file.path });
        }
      } catch (e) {
        this.anomalies.push({ kind: 'nested-archive-corrupt', path: file.path, detail: `cannot list members: ${(e as Error).message}` });
      }
      file.archive!.members = this.files.filter((f) => f.container === file.path).length;
    })();
    this.pending.push(work);
  }
}

export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
