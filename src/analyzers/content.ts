// The per-entry content work that needs no other entry: decoding text, counting lines, finding
// source-map references (and reading inline maps), decoding `sourcesContent` strings and scanning
// all of it for secrets. Pure functions of bytes.
import type { SecretHit, SourceMapFacts, SourceMapRef } from '../types.js';
import { isAscii } from 'node:buffer';
import { describeMapSource, SourceMapScanner, type ContentRef } from './sourcemap-scanner.js';
import { countLines, type DecodedString } from './text-bytes.js';
import { findSourceMapRefs } from './sourcemap-url.js';

/** The secret engine as the analysis sees it (src/secrets implements it; tests may pass their own). */
export interface SecretEngine {
  textKindFor(path: string, sample: string): string;
  /** `text` is a string, or ASCII text as its bytes (then byte offsets are character offsets). */
  scanSecrets(text: string | Uint8Array, options: { path: string; kind: string; source?: string }): SecretHit[];
  detectBinarySecret(head: Uint8Array, path: string): SecretHit | undefined;
}

export interface TextJob {
  path: string;
  /** Look for `sourceMappingURL` comments (generated code). */
  generated: boolean;
  /** Largest `sourcesContent` string an inline map may hold (limits.maxTextBytes). */
  maxStringBytes: number;
}

export interface TextFacts {
  lines: number;
  sourceMapRefs: SourceMapRef[];
  /** Inline maps. */
  sourceMaps: SourceMapFacts[];
  secrets: SecretHit[];
}

/** Everything learned from one text entry's bytes. */
export function analyseText(bytes: Uint8Array, job: TextJob, engine: SecretEngine | undefined): TextFacts {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ASCII text (most code) is scanned as bytes and needs no string unless something is found:
  // decoding a whole entry and dropping it is most of what the garbage collector would do here.
  const ascii = isAscii(buf);
  let decoded: string | undefined;
  const text = (): string => (decoded ??= buf.toString(ascii ? 'latin1' : 'utf8'));
  const facts: TextFacts = { lines: countLines(buf), sourceMapRefs: [], sourceMaps: [], secrets: [] };
  if (job.generated) {
    for (const ref of findSourceMapRefs(buf, job.path)) {
      const { data, dataError, ...plain } = ref;
      facts.sourceMapRefs.push(plain);
      if (!ref.inline) continue;
      if (!data) {
        facts.sourceMaps.push({ path: job.path, inline: true, error: dataError ?? 'cannot decode data: URL', sections: 0, sources: [] });
        continue;
      }
      const map = mapReader(job.path, true, job.maxStringBytes, engine);
      map.write(data);
      const read = map.end();
      facts.sourceMaps.push(read.facts);
      facts.secrets.push(...read.secrets);
    }
  }
  if (engine) {
    const sample = ascii ? buf.toString('latin1', 0, SAMPLE) : text().slice(0, SAMPLE);
    const kind = engine.textKindFor(job.path, sample);
    facts.secrets.push(...engine.scanSecrets(ascii ? buf : text(), { path: job.path, kind }));
  }
  return facts;
}

/** How much of a text decides its kind (a shebang, long minified lines). */
const SAMPLE = 4096;

/** A source map read as it streams, its `sourcesContent` strings decoded and scanned as they complete. */
export interface MapReader {
  write(chunk: Buffer): void;
  /** The map's facts, and the secrets in its contents, in map order, each named by its original source. */
  end(): { facts: SourceMapFacts; secrets: SecretHit[] };
}

export function mapReader(path: string, inline: boolean, maxStringBytes: number, engine: SecretEngine | undefined): MapReader {
  const found: Array<{ ref: ContentRef; hits: SecretHit[] }> = [];
  const scanner: SourceMapScanner = new SourceMapScanner(
    path,
    inline,
    (raw, ref, decoded) => {
      const source = analyseMapSource(raw, path, scanner.knownSourceName(ref.builder, ref.index), engine, decoded);
      scanner.setContent(ref, source.facts);
      if (source.secrets.length) found.push({ ref, hits: source.secrets });
    },
    maxStringBytes,
  );
  return {
    write: (chunk) => scanner.write(chunk),
    end: () => {
      const facts = scanner.end();
      // Names read after their content (`sources` after `sourcesContent`) are only known now.
      const secrets: SecretHit[] = [];
      for (const { ref, hits } of found.sort((a, b) => a.ref.offset - b.ref.offset)) {
        if (!scanner.isBeforeError(ref)) continue;
        const source = scanner.sourceName(ref.builder, ref.index);
        for (const h of hits) secrets.push({ ...h, source });
      }
      return { facts, secrets };
    },
  };
}

export interface MapSourceFacts {
  /** Undefined when the string is not valid JSON. */
  facts?: { sha256: string; bytes: number; lines: number };
  secrets: SecretHit[];
}

/**
 * One escaped `sourcesContent` string: its facts, and the secrets in it. `source` is the original's
 * name when `sources` came first (as bundlers write it), so a map-embedded `.env` or `.npmrc` gets
 * the config-file checks too.
 */
export function analyseMapSource(raw: Uint8Array, path: string, source: string | undefined, engine: SecretEngine | undefined, decoded?: DecodedString): MapSourceFacts {
  const described = describeMapSource(raw, decoded);
  if (!described) return { secrets: [] };
  const secrets = engine ? engine.scanSecrets(described.content, { path, kind: 'map-source', source }) : [];
  return { facts: described.facts, secrets };
}
