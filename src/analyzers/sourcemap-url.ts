// Finds `sourceMappingURL` comments: `//# …` (current), `//@ …` (legacy) and CSS `/*# … */`.
import type { SourceMapRef } from '../types.js';
import { resolveInPackage } from '../util/paths.js';

const REF_RE = /(?:\/\/|\/\*)[ \t]*([#@])[ \t]*sourceMappingURL[ \t]*=[ \t]*([^\s'"`*]+)/g;

export interface FoundRef extends SourceMapRef {
  /** For inline maps: the decoded map bytes (or an error). */
  data?: Buffer;
  dataError?: string;
}

export function findSourceMapRefs(text: string, filePath: string): FoundRef[] {
  if (!text.includes('sourceMappingURL')) return [];
  const refs: FoundRef[] = [];
  let line = 1;
  let lineScan = 0;
  for (const m of text.matchAll(REF_RE)) {
    const url = m[2]!;
    if (url.includes('${') || url.startsWith('+')) continue; // a template or concatenation in a generator's source
    for (let i = text.indexOf('\n', lineScan); i !== -1 && i < m.index!; i = text.indexOf('\n', i + 1)) {
      line++;
      lineScan = i + 1;
    }
    const legacy = m[1] === '@';
    if (url.startsWith('data:')) {
      const ref: FoundRef = { url: `${url.slice(0, 40)}…(${url.length} chars)`, inline: true, line, legacy };
      try {
        ref.data = decodeDataUrl(url);
      } catch (e) {
        ref.dataError = (e as Error).message;
      }
      refs.push(ref);
      continue;
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
    refs.push({ url, inline: false, line, legacy, resolved });
  }
  return refs;
}

function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(',');
  if (comma < 0) throw new Error('malformed data: URL (no comma)');
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  if (/;base64$/i.test(meta)) return Buffer.from(payload, 'base64');
  return Buffer.from(decodeURIComponent(payload), 'utf8');
}
