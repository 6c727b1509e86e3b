// One pass per text: a combined keyword search finds where detectors could match, then each
// triggered detector runs only there (anchored at the keyword, or in the lines around it).

import type { SecretHit, Severity } from '../types.js';
import { DETECTORS, type Detector, type MatchContext } from './detectors.js';
import { KeywordMatcher } from './keywords.js';
import { isConfigKind, textKindFor, type TextKind } from './kind.js';
import { placeholderFor } from './placeholders.js';
import { redact, secretFingerprint } from './redact.js';

export interface ScanOptions {
  path: string;
  kind: TextKind;
  source?: string;
}

/** A detector prepared for scanning: its pattern recompiled sticky (prefix) or global (near). */
interface Compiled {
  detector: Detector;
  order: number;
  regex: RegExp;
}

/** The keyword search for one set of detectors. */
interface Prefilter {
  matcher: KeywordMatcher;
  /** For each keyword (by its index in the matcher), the detectors it triggers. */
  triggers: ReadonlyArray<readonly Compiled[]>;
}

const compiled: readonly Compiled[] = DETECTORS.map((detector, order) => {
  const extra = detector.anchor === 'prefix' ? 'dy' : 'dg';
  const flags = [...new Set([...detector.pattern.flags.replace(/[gy]/g, ''), ...extra])].join('');
  return { detector, order, regex: new RegExp(detector.pattern.source, flags) };
});

/** Every detector keyword, in one automaton shared by all kinds (building one costs milliseconds). */
const KEYWORDS: readonly string[] = [...new Set(compiled.flatMap((c) => c.detector.keywords))];
let sharedMatcher: KeywordMatcher | undefined;
const prefilterByKind = new Map<TextKind, Prefilter>();

/** The detectors that may run on a kind, indexed by the keyword that triggers them. */
function prefilterFor(kind: TextKind): Prefilter {
  const cached = prefilterByKind.get(kind);
  if (cached) return cached;
  sharedMatcher ??= new KeywordMatcher(KEYWORDS);
  const entries = compiled.filter((c) => !c.detector.kinds || c.detector.kinds.includes(kind));
  // The automaton reports every occurrence of every keyword, overlapping and nested ones too,
  // so each keyword triggers just its own detectors (none, for keywords of other kinds).
  const triggers = KEYWORDS.map((k) => entries.filter((e) => e.detector.keywords.includes(k)));
  const prefilter = { matcher: sharedMatcher, triggers };
  prefilterByKind.set(kind, prefilter);
  return prefilter;
}

interface Candidate {
  entry: Compiled;
  start: number;
  end: number;
  value: string;
  groups: Record<string, string | undefined>;
}

/** How far a near-window may be widened to reach whole lines. */
const LINE_REACH = 1000;

/**
 * `input` is the text, or ASCII text as its bytes (then byte offsets are character offsets): the
 * keyword search runs on the bytes, and a string is made only when a keyword triggers a detector.
 */
export function scanSecrets(input: string | Uint8Array, options: ScanOptions): SecretHit[] {
  const kind = effectiveKind(options);
  const { matcher, triggers } = prefilterFor(kind);
  // Keyword hits that trigger a detector, as (keyword, start) pairs: few, in any text.
  const found: number[] = [];
  const onMatch = (keyword: number, at: number): void => {
    if (triggers[keyword]!.length) found.push(keyword, at);
  };
  if (typeof input === 'string') matcher.scan(input, onMatch);
  else matcher.scanAscii(input, onMatch);
  if (found.length === 0) return [];
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');

  const candidates: Candidate[] = [];
  const triedAt = new Set<number>();
  const windows = new Map<Compiled, Array<[number, number]>>();
  for (let h = 0; h < found.length; h += 2) {
    const keyword = found[h]!;
    const at = found[h + 1]!;
    const length = matcher.keywords[keyword]!.length;
    for (const entry of triggers[keyword]!) {
      const anchor = entry.detector.anchor;
      if (anchor === 'prefix') {
        const key = at * 256 + entry.order;
        if (triedAt.has(key)) continue;
        triedAt.add(key);
        entry.regex.lastIndex = at;
        const m = entry.regex.exec(text);
        if (m) candidates.push(candidate(entry, m, 0));
      } else {
        const list = windows.get(entry) ?? [];
        list.push([Math.max(0, at - anchor.before), Math.min(text.length, at + length + anchor.after)]);
        windows.set(entry, list);
      }
    }
  }

  for (const [entry, list] of windows) {
    for (const [from, to] of mergeWindows(list)) {
      const start = lineStart(text, from);
      const end = lineEnd(text, to);
      const slice = text.slice(start, end);
      entry.regex.lastIndex = 0;
      for (let m = entry.regex.exec(slice); m; m = entry.regex.exec(slice)) {
        if (m[0].length === 0) entry.regex.lastIndex++;
        candidates.push(candidate(entry, m, start));
      }
    }
  }

  return judge(candidates, text, kind, options);
}

/** Sources inside a map keep the kind their own name implies, when that is config-like. */
function effectiveKind(options: ScanOptions): TextKind {
  if (options.kind !== 'map-source' || !options.source) return options.kind;
  const own = textKindFor(options.source, '');
  return isConfigKind(own) ? own : 'map-source';
}

function candidate(entry: Compiled, m: RegExpExecArray, offset: number): Candidate {
  const groups = m.groups ?? {};
  const span = m.indices?.groups?.secret ?? m.indices?.[0] ?? [m.index, m.index + m[0].length];
  const value = groups.secret ?? m[0];
  return { entry, start: offset + span[0], end: offset + span[1], value, groups: { ...groups } };
}

function mergeWindows(list: Array<[number, number]>): Array<[number, number]> {
  list.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const w of list) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

/** Start of the line holding `at`, if it begins within LINE_REACH characters; else `at`. */
function lineStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0 && at - i <= LINE_REACH; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return at <= LINE_REACH ? 0 : at;
}

/** End of the line holding `at`, if it ends within LINE_REACH characters; else `at`. */
function lineEnd(text: string, at: number): number {
  for (let i = at; i < text.length && i - at <= LINE_REACH; i++) if (text.charCodeAt(i) === 10) return i;
  return text.length - at <= LINE_REACH ? text.length : at;
}

/** Placeholders, checksums and context decide each candidate; overlaps go to the more specific detector. */
function judge(candidates: Candidate[], text: string, kind: TextKind, options: ScanOptions): SecretHit[] {
  candidates.sort((a, b) => a.entry.order - b.entry.order || a.start - b.start);
  const kept: Array<{ c: Candidate; severity: Severity; validated?: boolean }> = [];
  const taken = new Spans();
  for (const c of candidates) {
    if (taken.overlaps(c.start, c.end)) continue;
    const d = c.entry.detector;
    const placeholder = d.isPlaceholder ? d.isPlaceholder(c.value) : placeholderFor(c.value) !== undefined;
    // A placeholder still claims its span, so a weaker detector does not report the same text.
    if (placeholder) {
      taken.add(c.start, c.end);
      continue;
    }
    const validated = d.validate?.(c.value);
    let severity: Severity = validated === false ? 'info' : d.severity;
    if (d.refine) {
      const context: MatchContext = { value: c.value, groups: c.groups, text, index: c.start, kind, path: options.path };
      const refined = d.refine(context);
      // Dropped by context: the span stays free for another detector.
      if (refined === null) continue;
      if (validated !== false) severity = refined;
    }
    taken.add(c.start, c.end);
    kept.push({ c, severity, validated });
  }
  kept.sort((a, b) => a.c.start - b.c.start || a.c.entry.order - b.c.entry.order);

  const locate = lineLocator(text);
  return kept.map(({ c, severity, validated }) => {
    const d = c.entry.detector;
    const { line, column } = locate(c.start);
    const context: MatchContext = { value: c.value, groups: c.groups, text, index: c.start, kind, path: options.path };
    const prefix = d.publicPrefix?.exec(c.value)?.[0] ?? '';
    const hit: SecretHit = {
      detector: d.id,
      description: d.description,
      severity,
      line,
      column,
      redacted: d.evidence ? d.evidence(context) : redact(c.value, prefix),
      fingerprint: secretFingerprint(d.id, d.canonical ? d.canonical(c.value) : c.value),
    };
    if (validated !== undefined) hit.validated = validated;
    if (d.rotationUrl) hit.rotationUrl = d.rotationUrl;
    if (options.source !== undefined) hit.source = options.source;
    return hit;
  });
}

/** Disjoint [start, end) spans sorted by start, with logarithmic overlap queries. */
class Spans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Index of the last span starting before `end`, or -1. */
  private lastBefore(end: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  overlaps(start: number, end: number): boolean {
    const i = this.lastBefore(end);
    return i >= 0 && this.ends[i] > start;
  }

  add(start: number, end: number): void {
    const i = this.lastBefore(end) + 1;
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }
}

/** 1-based line and column (UTF-16 code units) of an offset; line starts are found once, lazily. */
function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
