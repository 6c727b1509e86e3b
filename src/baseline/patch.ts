// `shipgate diff --patch`: a unified diff of changed text files. The collector keeps no contents,
// so both tarballs are read again for just the changed paths, each bounded in size, and the line
// diff (Myers) gives up beyond a fixed number of edits rather than run away on huge rewrites.
import { readTarball } from '../readers/tarball.js';
import type { EntrySink, EntryVisitor } from '../readers/visitor.js';
import type { Limits } from '../policy/config.js';
import type { EntryHeader } from '../types.js';

export interface PatchLimits {
  /** A side larger than this is not diffed. */
  maxFileBytes: number;
  /** Line edits beyond which one file's diff is not computed. */
  maxEdits: number;
  /** The whole patch stops growing past this many characters. */
  maxPatchChars: number;
  /** Unchanged lines shown around each change. */
  context: number;
}

export const DEFAULT_PATCH_LIMITS: PatchLimits = { maxFileBytes: 1024 * 1024, maxEdits: 5000, maxPatchChars: 2 * 1024 * 1024, context: 3 };

/** Text of the wanted top-level files of a tarball; a file over `maxBytes` maps to `undefined`. */
export async function readTextEntries(tarball: string, wanted: ReadonlySet<string>, maxBytes: number, limits: Limits): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const visitor: EntryVisitor = {
    onEntry(h: EntryHeader): EntrySink | undefined {
      if (h.depth !== 0 || h.type !== 'file' || !wanted.has(h.path)) return undefined;
      if (h.size > maxBytes) {
        out.set(h.path, undefined);
        return undefined;
      }
      const chunks: Buffer[] = [];
      return { write: (c) => void chunks.push(Buffer.from(c)), end: () => void out.set(h.path, Buffer.concat(chunks).toString('utf8')) };
    },
    onAnomaly() {},
  };
  await readTarball(tarball, visitor, { limits, stripTop: true, label: tarball });
  return out;
}

export type Edit = { op: ' ' | '-' | '+'; line: string };

/** Myers' O(ND) line diff; undefined when more than `maxEdits` lines differ. */
export function lineDiff(a: readonly string[], b: readonly string[], maxEdits: number): Edit[] | undefined {
  // Trim the common head and tail: cheap, and most release diffs are small edits in long files.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const n = A.length;
  const m = B.length;
  const max = Math.min(n + m, maxEdits);
  if (n + m > 0 && Math.abs(n - m) > max) return undefined;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = n + m === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return undefined;
  // Walk the trace back from (n, m) to recover the edit script.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) edits.push({ op: ' ', line: A[--x]! }), y--;
    if (d > 0) {
      if (x === prevX) edits.push({ op: '+', line: B[--y]! });
      else edits.push({ op: '-', line: A[--x]! });
    }
  }
  edits.reverse();
  return [...a.slice(0, head).map((line): Edit => ({ op: ' ', line })), ...edits, ...a.slice(a.length - tail).map((line): Edit => ({ op: ' ', line }))];
}

/** Marks a last line without a newline, so `a` vs `a\n` is a change like any other. */
const NO_EOL = '\u0000no-eol';

function splitLines(text: string): string[] {
  if (text === '') return [];
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  if (!finalNewline) lines[lines.length - 1] += NO_EOL;
  return lines;
}

function printLine(e: Edit): string {
  return e.line.endsWith(NO_EOL) ? `${e.op}${e.line.slice(0, -NO_EOL.length)}\n\\ No newline at end of file\n` : `${e.op}${e.line}\n`;
}

/** One file's unified diff (`--- a/x`, `+++ b/x`, hunks); '' when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string, limits: PatchLimits = DEFAULT_PATCH_LIMITS): string {
  const header = `--- a/${file}\n+++ b/${file}\n`;
  const edits = lineDiff(splitLines(before), splitLines(after), limits.maxEdits);
  if (!edits) return `${header}@@ not shown: more than ${limits.maxEdits} lines differ @@\n`;
  if (edits.every((e) => e.op === ' ')) return '';
  // Line numbers (0-based) of each edit on both sides.
  const pos: Array<{ a: number; b: number }> = [];
  let la = 0;
  let lb = 0;
  for (const e of edits) {
    pos.push({ a: la, b: lb });
    if (e.op !== '+') la++;
    if (e.op !== '-') lb++;
  }
  const out: string[] = [header];
  const ctx = limits.context;
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - ctx);
    let end = i;
    // One hunk while the next change is within 2×context unchanged lines.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== ' ') end++;
      let gap = end;
      while (gap < edits.length && edits[gap]!.op === ' ' && gap - end < 2 * ctx) gap++;
      if (gap < edits.length && edits[gap]!.op !== ' ') end = gap;
      else break;
    }
    const stop = Math.min(edits.length, end + ctx);
    const hunk = edits.slice(start, stop);
    const aLen = hunk.filter((e) => e.op !== '+').length;
    const bLen = hunk.filter((e) => e.op !== '-').length;
    // GNU diff: an empty range starts at the line before it.
    const aStart = aLen ? pos[start]!.a + 1 : pos[start]!.a;
    const bStart = bLen ? pos[start]!.b + 1 : pos[start]!.b;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@\n`);
    for (const e of hunk) out.push(printLine(e));
    i = stop;
  }
  return out.join('');
}

export interface PatchResult {
  text: string;
  /** Files left out, with why. */
  skipped: Array<{ path: string; reason: string }>;
  truncated: boolean;
}

/** A unified diff of `paths` between two tarballs, bounded by `limits`. */
export async function patchBetween(beforeTarball: string, afterTarball: string, paths: readonly string[], readLimits: Limits, limits: PatchLimits = DEFAULT_PATCH_LIMITS): Promise<PatchResult> {
  const wanted = new Set(paths);
  const [before, after] = await Promise.all([readTextEntries(beforeTarball, wanted, limits.maxFileBytes, readLimits), readTextEntries(afterTarball, wanted, limits.maxFileBytes, readLimits)]);
  const parts: string[] = [];
  const skipped: PatchResult['skipped'] = [];
  let size = 0;
  let truncated = false;
  for (const p of [...paths].sort()) {
    const x = before.get(p);
    const y = after.get(p);
    if (x === undefined || y === undefined) {
      skipped.push({ path: p, reason: `larger than ${limits.maxFileBytes} bytes` });
      continue;
    }
    const d = unifiedDiff(p, x, y, limits);
    if (size + d.length > limits.maxPatchChars) {
      truncated = true;
      skipped.push({ path: p, reason: 'patch size limit reached' });
      continue;
    }
    size += d.length;
    parts.push(d);
  }
  return { text: parts.join(''), skipped, truncated };
}
