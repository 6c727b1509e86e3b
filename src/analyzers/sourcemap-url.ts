// Finds `sourceMappingURL` comments: `//# …` (current), `//@ …` (legacy) and CSS `/*# … */`.
//
// Works on the entry's bytes: each occurrence of the word is found with indexOf and the comment
// around it is read outwards from there, so an 8 MB bundle with one comment at its end costs one
// byte search and one line count, not a regular expression over a decoded string and a loop per
// line. The grammar is the regular expression below (the reference the tests compare against):
//   (?:\/\/|\/\*)[ \t]*([#@])[ \t]*sourceMappingURL[ \t]*=[ \t]*([^\s'"`*]+)
// Every delimiter in it is ASCII, and in UTF-8 an ASCII byte is only ever that character, so
// reading bytes gives the same matches as reading the decoded text.
import type { SourceMapRef } from '../types.js';
import { resolveInPackage } from '../util/paths.js';
import { countNewlines } from './text-bytes.js';

const WORD = 'sourceMappingURL';

export interface FoundRef extends SourceMapRef {
  /** For inline maps: the decoded map bytes (or an error). */
  data?: Buffer;
  dataError?: string;
}

const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
/** Ends a URL: ASCII white space (\s: \t \n \v \f \r and space) and the quotes and `*`. */
const endsUrl = (c: number): boolean => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x27 || c === 0x22 || c === 0x60 || c === 0x2a;
/** White space that \s also matches beyond ASCII (only looked for in a URL that is not ASCII). */
const WIDE_SPACE_RE = /[\s]/u;

export function findSourceMapRefs(bytes: Uint8Array, filePath: string): FoundRef[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refs: FoundRef[] = [];
  let line = 1;
  let counted = 0;
  let consumed = 0;
  for (let at = buf.indexOf(WORD); at !== -1; at = buf.indexOf(WORD, at + 1)) {
    // Backwards from the word: [ \t]* [#@] [ \t]* and then `//` or `/*`.
    let i = at - 1;
    while (isBlank(buf[i])) i--;
    if (buf[i] !== 0x23 && buf[i] !== 0x40) continue;
    const legacy = buf[i] === 0x40;
    i--;
    while (isBlank(buf[i])) i--;
    if (i < 1 || buf[i - 1] !== 0x2f || (buf[i] !== 0x2f && buf[i] !== 0x2a)) continue;
    const start = i - 1;
    // Inside the URL of the comment before it (a regular expression would not match there).
    if (start < consumed) continue;
    // Forwards: [ \t]* = [ \t]* and the URL.
    let j = at + WORD.length;
    while (isBlank(buf[j])) j++;
    if (buf[j] !== 0x3d) continue;
    j++;
    while (isBlank(buf[j])) j++;
    let end = j;
    let ascii = true;
    while (end < buf.length && !endsUrl(buf[end]!)) {
      if (buf[end]! >= 0x80) ascii = false;
      end++;
    }
    let url = buf.toString(ascii ? 'latin1' : 'utf8', j, end);
    if (!ascii) {
      const cut = WIDE_SPACE_RE.exec(url);
      if (cut) {
        url = url.slice(0, cut.index);
        end = j + Buffer.byteLength(url, 'utf8');
      }
    }
    if (url.length === 0) continue;
    consumed = end;
    line += countNewlines(buf.subarray(counted, start));
    counted = start;
    if (url.includes('${') || url.startsWith('+')) continue; // a template or concatenation in a generator's source
    refs.push(describe(url, line, legacy, filePath));
  }
  return refs;
}

function describe(url: string, line: number, legacy: boolean, filePath: string): FoundRef {
  if (url.startsWith('data:')) {
    const ref: FoundRef = { url: `${url.slice(0, 40)}…(${url.length} chars)`, inline: true, line, legacy };
    try {
      ref.data = decodeDataUrl(url);
    } catch (e) {
      ref.dataError = (e as Error).message;
    }
    return ref;
  }
  const remote = /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/');
  let resolved: string | undefined;
  if (!remote) {
    let clean = url;
    try {
      clean = decodeURIComponent(url.split(/[?#]/)[0]!);
    } catch {
      clean = url.split(/[?#]/)[0]!;
    }
    resolved = resolveInPackage(filePath, clean);
  }
  return { url, inline: false, line, legacy, resolved };
}

function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(',');
  if (comma < 0) throw new Error('malformed data: URL (no comma)');
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  if (/;base64$/i.test(meta)) return Buffer.from(payload, 'base64');
  return Buffer.from(decodeURIComponent(payload), 'utf8');
}
