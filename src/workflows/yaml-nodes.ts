// Small read-only helpers over the `yaml` AST. Checks need line numbers, so the parsers walk
// nodes instead of `toJS()` output; aliases and `<<` merge keys are followed here, once.
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml';
import { requireCjs } from '../util/lazy.js';

const { isAlias, isMap, isScalar, isSeq } = requireCjs<typeof Yaml>('yaml');

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
}

export function resolveNode(src: YamlSource, node: unknown, depth = 0): Node | undefined {
  if (node === null || node === undefined || depth > 20) return undefined;
  if (isAlias(node)) return resolveNode(src, node.resolve(src.doc), depth + 1);
  return node as Node;
}

/** 1-based line of a node (or of a pair's key); 0 when unknown. */
export function lineOf(src: YamlSource, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return 0;
  return src.lines.linePos(range[0]).line;
}

function isMergeKey(pair: Pair): boolean {
  const key = isScalar(pair.key) ? pair.key.value : pair.key;
  return key === '<<' || (typeof key === 'symbol' && key.description === '<<');
}

export function keyText(pair: Pair): string | undefined {
  if (isScalar(pair.key)) {
    const v = pair.key.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  return undefined;
}

/** Pairs of a map in source order, with `<<` merges expanded (explicit keys win). */
export function mapPairs(src: YamlSource, node: unknown): Pair[] {
  const map = resolveNode(src, node);
  if (!isMap(map)) return [];
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const pair of (map as YAMLMap).items) {
    if (isMergeKey(pair)) {
      const value = resolveNode(src, pair.value);
      const sources = isSeq(value) ? value.items : [value];
      for (const s of sources) merged.push(...mapPairs(src, s));
    } else {
      own.push(pair);
    }
  }
  const seen = new Set(own.map(keyText));
  return [...own, ...merged.filter((p) => !seen.has(keyText(p)))];
}

export function getPair(src: YamlSource, node: unknown, key: string): Pair | undefined {
  return mapPairs(src, node).find((p) => keyText(p) === key);
}

export function get(src: YamlSource, node: unknown, key: string): Node | undefined {
  const pair = getPair(src, node, key);
  return pair ? resolveNode(src, pair.value) : undefined;
}

/** Scalar as written: `22.10` stays `22.10`, `false` becomes `'false'`; undefined for collections. */
export function scalarText(src: YamlSource, node: unknown): string | undefined {
  const n = resolveNode(src, node);
  if (!isScalar(n)) return undefined;
  if (n.value === null || n.value === undefined) return '';
  if (typeof n.value === 'string') return n.value;
  if (n.type === 'PLAIN' && typeof n.source === 'string') return n.source;
  return String(n.value);
}

export function seqItems(src: YamlSource, node: unknown): Node[] {
  const n = resolveNode(src, node);
  if (!isSeq(n)) return [];
  return n.items.map((i) => resolveNode(src, i)).filter((i): i is Node => i !== undefined);
}

/** A scalar or a list of scalars, as strings (`runs-on`, `needs`, `extends`). */
export function stringList(src: YamlSource, node: unknown): string[] {
  const n = resolveNode(src, node);
  if (isSeq(n)) return seqItems(src, n).map((i) => scalarText(src, i)).filter((s): s is string => s !== undefined);
  const s = scalarText(src, n);
  return s === undefined ? [] : [s];
}

export { isMap, isScalar, isSeq };

/** Line of the first character of a scalar's text: block scalars (`|`, `>`) start on the next line. */
export function textStartLine(src: YamlSource, node: unknown): number {
  const n = resolveNode(src, node);
  const line = lineOf(src, n);
  if (isScalar(n) && (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED')) return line + 1;
  return line;
}
