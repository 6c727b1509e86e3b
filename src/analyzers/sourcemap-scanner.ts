// A streaming reader for source-map JSON. A leaked map can be 60 MB of sourcesContent; parsing it
// with JSON.parse would hold it (and its decoded strings) in memory at once. This scanner walks the
// bytes once, keeps only the structure it needs, and hands each sourcesContent string out as it
// completes, so memory is bounded by the largest single original source, not by the map.
import type { MapSource, SourceMapFacts } from '../types.js';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { dirname, resolveInPackage } from '../util/paths.js';
import { CHUNK_BYTES, decodeJsonStringBody, decodeLoadedString, loadChunk, type DecodedString } from './text-bytes.js';

type Role = 'map' | 'sections' | 'section' | 'sources' | 'contents' | 'other';

interface Frame {
  kind: 'object' | 'array';
  role: Role;
  /** Index into `builders` when role is `map`. */
  builder: number;
  /** Current key (objects). */
  key: string;
  /** Number of values seen (arrays). */
  count: number;
}

type ContentFacts = NonNullable<MapSource['content']>;

interface MapBuilder {
  sourceRoot?: string;
  names: Array<string | null>;
  /** By index in `sourcesContent`: the facts and the byte offset where the string began. */
  contents: Map<number, { facts: ContentFacts; offset: number }>;
  keys: Set<string>;
}

type Capture =
  | { what: 'key' }
  | { what: 'skip' }
  | { what: 'sourceRoot'; builder: number }
  | { what: 'name'; builder: number; index: number }
  | { what: 'content'; builder: number; index: number };

type State = 'value' | 'after' | 'key' | 'colon' | 'string' | 'scalar' | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SCALAR_RE = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** Where one `sourcesContent` string sits: its map (builder), its index, and its byte offset. */
export interface ContentRef {
  builder: number;
  index: number;
  offset: number;
}

/**
 * Receives each `sourcesContent` string as it completes, still JSON-escaped (without the quotes),
 * with the kernel's decoding when it made one (valid only during the call), and calls
 * `setContent` with what `describeMapSource` makes of them (before `end()`), so the caller decides
 * what else the text goes through (the secret engine). The raw view is valid until `end()`.
 */
export type ContentHandler = (raw: Buffer, ref: ContentRef, decoded: DecodedString | undefined) => void;

/** A `sourcesContent` string decoded: its text and the facts kept about it. */
export interface DecodedSource {
  /**
   * The text, or for ASCII text its bytes (character offsets are byte offsets), which are valid
   * only until the next call: scan them at once.
   */
  content: string | Uint8Array;
  /** The text as a string (for ASCII, made from `content` on demand: read it before the next call). */
  readonly text: string;
  facts: ContentFacts;
}

/**
 * Decodes one escaped `sourcesContent` string (or takes what the kernel decoded already);
 * undefined when it is not a valid JSON string.
 */
export function describeMapSource(raw: Uint8Array, decoded?: DecodedString): DecodedSource | undefined {
  const fast = decoded ?? decodeJsonStringBody(raw);
  if (fast) {
    const { utf8, ascii, newlines } = fast;
    // Bytes that are not valid UTF-8 hash as the text holds them (U+FFFD), like every other path.
    const text = ascii ? undefined : utf8.toString('utf8');
    const exact = ascii || isUtf8(utf8);
    const sha256 = createHash('sha256').update(exact ? utf8 : Buffer.from(text!, 'utf8')).digest('hex');
    const bytes = exact ? utf8.byteLength : Buffer.byteLength(text!, 'utf8');
    const lines = utf8.byteLength === 0 ? 0 : newlines + (utf8[utf8.byteLength - 1] === 0x0a ? 0 : 1);
    const facts = { sha256, bytes, lines };
    if (text !== undefined) return { content: text, text, facts };
    return {
      content: utf8,
      get text() {
        return utf8.toString('latin1');
      },
      facts,
    };
  }
  let text: string;
  try {
    text = JSON.parse(`"${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')}"`) as string;
  } catch {
    return undefined;
  }
  // update(text) encodes without a JavaScript buffer: half the cost of Buffer.from here.
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  return { content: text, text, facts: { sha256, bytes: Buffer.byteLength(text, 'utf8'), lines: countLines(text) } };
}

const INVALID_STRING = 'invalid string escape or control character';

export class SourceMapScanner {
  private readonly stack: Frame[] = [];
  private readonly builders: MapBuilder[] = [];
  private state: State = 'value';
  private capture: Capture = { what: 'skip' };
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private oversize = false;
  private trailingBackslashes = 0;
  private scalar = '';
  private offset = 0;
  private stringStart = 0;
  private error: string | undefined;
  /** Where the reported error was found (for structural errors: the start of the chunk holding it). */
  private errorOffset = Infinity;
  /** Contents from here on are dropped: the first invalid `sourcesContent` string. */
  private dropFrom = Infinity;
  /** The piece being consumed is in the kernel (strings are found and decoded there). */
  private loaded = false;
  /** The string being finished, decoded by the kernel when it lay whole in one piece. */
  private decoded: DecodedString | undefined;

  /** Without a handler, contents are decoded in place. */
  constructor(
    private readonly path: string,
    private readonly inline: boolean,
    private readonly onContent: ContentHandler | undefined,
    private readonly maxStringBytes: number,
  ) {}

  /** Records what a handed-out `sourcesContent` string held (undefined: not a valid JSON string). */
  setContent(ref: ContentRef, facts: ContentFacts | undefined): void {
    if (!facts) {
      if (ref.offset < this.errorOffset) {
        this.errorOffset = ref.offset;
        this.error = `invalid JSON at byte ${ref.offset}: ${INVALID_STRING}`;
      }
      this.dropFrom = Math.min(this.dropFrom, ref.offset);
      return;
    }
    this.builders[ref.builder]?.contents.set(ref.index, { facts, offset: ref.offset });
  }

  /** False for contents at or after the first error: a reader that stops at the error never sees them. */
  isBeforeError(ref: ContentRef): boolean {
    return ref.offset < this.dropFrom;
  }

  write(chunk: Buffer): void {
    // In pieces the kernel can hold (an inline map arrives as one buffer).
    for (let at = 0; at < chunk.length && this.error === undefined; at += CHUNK_BYTES) {
      const piece = chunk.length <= CHUNK_BYTES ? chunk : chunk.subarray(at, at + CHUNK_BYTES);
      this.loaded = loadChunk(piece);
      try {
        this.consume(piece);
      } catch (e) {
        this.fail((e as Error).message);
      }
      this.offset += piece.length;
    }
  }

  /** The source's name if `sources` has been read that far, else undefined. */
  knownSourceName(builder: number, index: number): string | undefined {
    return this.builders[builder]?.names[index] ?? undefined;
  }

  /** Original source name for a (builder, index) pair handed to the content listener. */
  sourceName(builder: number, index: number): string {
    return this.builders[builder]?.names[index] ?? `sources[${index}]`;
  }

  end(): SourceMapFacts {
    if (this.error === undefined) {
      if (this.state === 'scalar') this.finishScalar();
      if (this.error === undefined && this.state !== 'done') this.fail('unexpected end of JSON');
    }
    const root = this.builders[0];
    if (this.error === undefined && root && !root.keys.has('mappings') && !root.keys.has('sections')) {
      this.error = 'not a source map (no "mappings" or "sections")';
    }
    const sources: MapSource[] = [];
    for (const b of this.builders) {
      for (const [index, c] of b.contents) if (c.offset >= this.dropFrom) b.contents.delete(index);
      const total = Math.max(b.names.length, b.contents.size ? Math.max(...b.contents.keys()) + 1 : 0);
      for (let i = 0; i < total; i++) {
        const name = b.names[i] ?? '';
        sources.push({ name, resolvedPath: this.resolve(b.sourceRoot, name), content: b.contents.get(i)?.facts });
      }
    }
    return {
      path: this.path,
      inline: this.inline,
      error: this.error,
      sourceRoot: root?.sourceRoot,
      sections: Math.max(0, this.builders.length - 1),
      sources,
    };
  }

  private resolve(sourceRoot: string | undefined, name: string): string | undefined {
    const joined = sourceRoot ? (sourceRoot.endsWith('/') ? sourceRoot + name : `${sourceRoot}/${name}`) : name;
    if (!joined || /^[a-z][a-z0-9+.-]*:/i.test(joined) || joined.startsWith('/')) return undefined;
    // A generated file's map lives beside it; inline maps resolve against the generated file.
    return resolveInPackage(this.path, joined);
  }

  private fail(message: string, at = this.offset): void {
    if (this.error !== undefined) return;
    this.error = `invalid JSON at byte ${at}: ${message}`;
    this.errorOffset = at;
  }

  private consume(buf: Buffer): void {
    let i = 0;
    const n = buf.length;
    while (i < n && this.error === undefined) {
      if (this.state === 'string') {
        i = this.readString(buf, i);
        continue;
      }
      if (this.state === 'scalar') {
        const start = i;
        while (i < n && !isDelimiter(buf[i]!)) i++;
        this.scalar += buf.toString('latin1', start, i);
        if (this.scalar.length > 64) return this.fail('malformed value');
        if (i < n) this.finishScalar();
        continue;
      }
      const c = buf[i]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      switch (this.state) {
        case 'done':
          return this.fail('trailing data after the top-level value');
        case 'colon':
          if (c !== 0x3a) return this.fail('expected ":"');
          this.state = 'value';
          i++;
          break;
        case 'key':
          if (c === QUOTE) {
            this.beginString({ what: 'key' }, i);
            i++;
          } else if (c === 0x7d && this.top()?.count === 0) {
            this.close('object');
            i++;
          } else return this.fail('expected a property name');
          break;
        case 'after': {
          const frame = this.top();
          if (!frame) return this.fail('unexpected data');
          if (c === 0x2c) {
            this.state = frame.kind === 'object' ? 'key' : 'value';
            if (frame.kind === 'object') frame.count++;
            i++;
          } else if (c === 0x7d && frame.kind === 'object') {
            this.close('object');
            i++;
          } else if (c === 0x5d && frame.kind === 'array') {
            this.close('array');
            i++;
          } else return this.fail(`unexpected "${String.fromCharCode(c)}"`);
          break;
        }
        case 'value':
          if (c === 0x5d && this.top()?.kind === 'array' && this.top()!.count === 0) {
            this.close('array');
            i++;
            break;
          }
          this.beginValue(c, i);
          i++;
          break;
      }
    }
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** The role a value gets from where it sits, and the capture for strings. */
  private beginValue(c: number, at: number): void {
    const parent = this.top();
    let role: Role = 'other';
    let capture: Capture = { what: 'skip' };
    if (!parent) {
      if (c !== 0x7b) return this.fail('top-level value is not an object');
      role = 'map';
    } else if (parent.kind === 'array') {
      const index = parent.count;
      parent.count++;
      if (parent.role === 'sections' && c === 0x7b) role = 'section';
      else if (parent.role === 'sources') {
        if (c === QUOTE) capture = { what: 'name', builder: parent.builder, index };
        else this.builders[parent.builder]!.names[index] = null;
      } else if (parent.role === 'contents' && c === QUOTE) capture = { what: 'content', builder: parent.builder, index };
    } else {
      const key = parent.key;
      if (parent.role === 'map') {
        this.builders[parent.builder]!.keys.add(key);
        if (key === 'sources' && c === 0x5b) role = 'sources';
        else if (key === 'sourcesContent' && c === 0x5b) role = 'contents';
        else if (key === 'sections' && c === 0x5b) role = 'sections';
        else if (key === 'sourceRoot' && c === QUOTE) capture = { what: 'sourceRoot', builder: parent.builder };
      } else if (parent.role === 'section' && key === 'map' && c === 0x7b) role = 'map';
    }
    if (c === 0x7b || c === 0x5b) {
      let builder = parent?.builder ?? 0;
      if (role === 'map') {
        builder = this.builders.length;
        this.builders.push({ names: [], contents: new Map(), keys: new Set() });
      }
      this.stack.push({ kind: c === 0x7b ? 'object' : 'array', role, builder, key: '', count: 0 });
      this.state = c === 0x7b ? 'key' : 'value';
      return;
    }
    if (c === QUOTE) {
      this.beginString(capture, at);
      return;
    }
    if (c === 0x7d || c === 0x5d || c === 0x2c || c === 0x3a) return this.fail(`unexpected "${String.fromCharCode(c)}"`);
    this.scalar = String.fromCharCode(c);
    this.state = 'scalar';
  }

  private finishScalar(): void {
    if (!SCALAR_RE.test(this.scalar)) return this.fail(`invalid literal "${this.scalar.slice(0, 20)}"`);
    this.scalar = '';
    this.afterValue();
  }

  private afterValue(): void {
    this.state = this.stack.length === 0 ? 'done' : 'after';
  }

  private close(kind: 'object' | 'array'): void {
    const frame = this.stack.pop();
    if (!frame || frame.kind !== kind) return this.fail('mismatched brackets');
    this.afterValue();
  }

  private beginString(capture: Capture, at: number): void {
    this.capture = capture;
    this.stringStart = this.offset + at;
    this.parts = [];
    this.partsBytes = 0;
    this.oversize = false;
    this.trailingBackslashes = 0;
    this.state = 'string';
  }

  /** Reads string bytes from `start`; returns the next unread index. */
  private readString(buf: Buffer, start: number): number {
    // The kernel finds the closing quote and decodes on the way, unless an escape from the
    // previous piece is pending, or the string is not one it decodes (then the loop below does).
    if (this.loaded && this.trailingBackslashes % 2 === 0) {
      const found = decodeLoadedString(start, buf.length);
      if (found) {
        if (found.end < 0) {
          this.keep(buf, start, buf.length);
          this.trailingBackslashes = 0;
          return buf.length;
        }
        if (this.partsBytes === 0) this.decoded = found.decoded;
        this.keep(buf, start, found.end);
        this.finishString();
        return found.end + 1;
      }
    }
    let from = start;
    for (;;) {
      const q = buf.indexOf(QUOTE, from);
      if (q < 0) {
        this.keep(buf, start, buf.length);
        this.trailingBackslashes = countBackslashes(buf, start, buf.length, this.trailingBackslashes);
        return buf.length;
      }
      const run = countBackslashes(buf, start, q, this.trailingBackslashes);
      if (run % 2 === 1) {
        from = q + 1;
        continue;
      }
      this.keep(buf, start, q);
      this.finishString();
      return q + 1;
    }
  }

  // Strings the scanner does not need (mappings, names) are only checked structurally; the fields
  // it reads (sources, sourcesContent, sourceRoot, keys) are fully validated by JSON.parse.
  private keep(buf: Buffer, start: number, end: number): void {
    if (this.capture.what === 'skip' || end <= start) return;
    if (this.partsBytes + (end - start) > this.maxStringBytes) {
      this.oversize = true;
      this.partsBytes += end - start;
      this.parts = [];
      return;
    }
    if (this.oversize) {
      this.partsBytes += end - start;
      return;
    }
    // Chunks from the decompressor are not reused, so a view is safe to keep until the string ends.
    this.parts.push(buf.subarray(start, end));
    this.partsBytes += end - start;
  }

  private finishString(): void {
    const capture = this.capture;
    const decoded = this.decoded;
    this.decoded = undefined;
    this.state = 'after';
    if (capture.what === 'skip') return this.afterValue();
    const ref: ContentRef | undefined = capture.what === 'content' ? { builder: capture.builder, index: capture.index, offset: this.stringStart } : undefined;
    if (this.oversize) {
      if (ref) this.setContent(ref, { sha256: '', bytes: this.partsBytes, lines: 0 });
      return this.afterValue();
    }
    const raw = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsBytes);
    this.parts = [];
    if (ref) {
      if (this.onContent) this.onContent(raw, ref, decoded);
      else this.setContent(ref, describeMapSource(raw, decoded)?.facts);
      return this.afterValue();
    }
    let text: string;
    try {
      text = JSON.parse(`"${raw.toString('utf8')}"`) as string;
    } catch {
      return this.fail(INVALID_STRING, this.stringStart);
    }
    switch (capture.what) {
      case 'key': {
        const frame = this.top()!;
        frame.key = text;
        this.state = 'colon';
        return;
      }
      case 'sourceRoot':
        this.builders[capture.builder]!.sourceRoot = text;
        break;
      case 'name':
        this.builders[capture.builder]!.names[capture.index] = text;
        break;
    }
    this.afterValue();
  }
}

function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a;
}

/** Length of the run of backslashes ending just before `end` (continuing a run carried from the previous chunk). */
function countBackslashes(buf: Buffer, start: number, end: number, carried: number): number {
  let k = end - 1;
  while (k >= start && buf[k] === BACKSLASH) k--;
  const run = end - 1 - k;
  return k < start ? run + carried : run;
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 0;
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1) lines++;
  return text.endsWith('\n') ? lines : lines + 1;
}

/** The directory a map's relative sources resolve against. */
export function mapBaseDir(mapPath: string): string {
  return dirname(mapPath);
}
