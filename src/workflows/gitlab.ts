// GitLab CI (.gitlab-ci.yml) → WorkflowModel. Each script line becomes one step, so the
// checks written for GitHub steps apply unchanged. `extends:`, `default:`, YAML anchors and
// `!reference` are followed; `include:` is not (the included files are not in the repo).
import type { Node } from 'yaml';
import type { EnvEntry, IdTokenModel, JobModel, Located, StepModel, WorkflowModel } from './model.js';
import {
  get,
  getPair,
  isMap,
  isSeq,
  keyText,
  lineOf,
  mapPairs,
  resolveNode,
  scalarText,
  seqItems,
  stringList,
  textStartLine,
  type YamlSource,
} from './yaml-nodes.js';

/** Top-level keys that are configuration, not jobs. */
const GLOBAL_KEYWORDS = new Set([
  'default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache',
  'before_script', 'after_script', 'types', 'spec',
]);

/** Keys a job inherits from `default:` (or the deprecated top-level globals) when it lacks them. */
const DEFAULTABLE = new Set(['image', 'before_script', 'after_script', 'cache', 'id_tokens', 'tags']);

export function readGitLabCi(path: string, src: YamlSource): WorkflowModel {
  const root = src.doc.contents;
  const jobs: JobModel[] = [];
  for (const pair of mapPairs(src, root)) {
    const id = keyText(pair);
    if (id === undefined || id.startsWith('.') || GLOBAL_KEYWORDS.has(id)) continue;
    const value = resolveNode(src, pair.value);
    if (!isMap(value)) continue;
    jobs.push(readJob(src, root, id, lineOf(src, pair.key), value));
  }
  return {
    path,
    provider: 'gitlab-ci',
    triggers: [],
    env: readVariables(src, get(src, root, 'variables'), 'workflow'),
    jobs,
  };
}

/** The job's own map last, the templates it extends before it. */
function layersOf(src: YamlSource, root: unknown, node: Node, depth: number): Node[] {
  if (depth > 10) return [node];
  const bases = stringList(src, get(src, node, 'extends')).flatMap((name) => {
    const base = get(src, root, name);
    return base && isMap(base) ? layersOf(src, root, base, depth + 1) : [];
  });
  return [...bases, node];
}

function readJob(src: YamlSource, root: unknown, id: string, line: number, node: Node): JobModel {
  const layers = layersOf(src, root, node, 0);
  const defaults = get(src, root, 'default');
  const lookup = (key: string): { key: unknown; value: unknown } | undefined => {
    for (let i = layers.length - 1; i >= 0; i--) {
      const pair = getPair(src, layers[i], key);
      if (pair) return pair;
    }
    if (!DEFAULTABLE.has(key)) return undefined;
    return getPair(src, defaults, key) ?? getPair(src, root, key);
  };

  const steps: StepModel[] = [];
  for (const key of ['before_script', 'script', 'after_script']) {
    for (const item of scriptLines(src, root, lookup(key)?.value)) {
      steps.push({ index: steps.length, line: item.line, run: item, scriptLine: true, with: new Map(), env: [] });
    }
  }

  const env: EnvEntry[] = layers.flatMap((layer) => readVariables(src, get(src, layer, 'variables'), 'job'));
  const imagePair = lookup('image');
  const imageNode = resolveNode(src, imagePair?.value);
  const imageValueNode = isMap(imageNode) ? get(src, imageNode, 'name') : imageNode;
  const image = scalarText(src, imageValueNode);
  const cache = readCache(src, lookup('cache'));
  return {
    id,
    line,
    needs: readNeeds(src, lookup('needs')?.value),
    runsOn: stringList(src, lookup('tags')?.value),
    env,
    steps,
    ...(image ? { image: { value: image, line: lineOf(src, imageValueNode) } } : {}),
    idTokens: readIdTokens(src, lookup('id_tokens')?.value),
    ...(cache ? { cache } : {}),
  };
}

function scriptLines(src: YamlSource, root: unknown, node: unknown, depth = 0): Array<Located<string>> {
  const n = resolveNode(src, node);
  if (!n || depth > 10) return [];
  if (isSeq(n)) {
    if (n.tag === '!reference') return scriptLines(src, root, followReference(src, root, n), depth + 1);
    return seqItems(src, n).flatMap((item) => scriptLines(src, root, item, depth + 1));
  }
  const text = scalarText(src, n);
  return text === undefined ? [] : [{ value: text, line: textStartLine(src, n) }];
}

/** `!reference [.template, script]` → the node at that path. */
function followReference(src: YamlSource, root: unknown, ref: Node): Node | undefined {
  let at: Node | undefined = resolveNode(src, root);
  for (const part of stringList(src, ref)) at = get(src, at, part);
  return at;
}

function readVariables(src: YamlSource, node: unknown, scope: EnvEntry['scope']): EnvEntry[] {
  return mapPairs(src, node).flatMap((p) => {
    const name = keyText(p);
    const raw = resolveNode(src, p.value);
    const value = isMap(raw) ? scalarText(src, get(src, raw, 'value')) : scalarText(src, raw);
    return name === undefined || value === undefined ? [] : [{ name, value, line: lineOf(src, p.key), scope }];
  });
}

function readNeeds(src: YamlSource, node: unknown): string[] {
  const n = resolveNode(src, node);
  if (!isSeq(n)) return stringList(src, n);
  return seqItems(src, n).flatMap((item) => {
    const name = isMap(item) ? scalarText(src, get(src, item, 'job')) : scalarText(src, item);
    return name ? [name] : [];
  });
}

function readIdTokens(src: YamlSource, node: unknown): IdTokenModel[] {
  return mapPairs(src, node).flatMap((p) => {
    const name = keyText(p);
    return name === undefined ? [] : [{ name, aud: stringList(src, get(src, p.value, 'aud')), line: lineOf(src, p.key) }];
  });
}

/** A short description of the cache in effect, or undefined when there is none. */
function readCache(src: YamlSource, pair: { key: unknown; value: unknown } | undefined): Located<string> | undefined {
  if (!pair) return undefined;
  const value = resolveNode(src, pair.value);
  const entries = isSeq(value) ? seqItems(src, value) : value ? [value] : [];
  const paths = entries.flatMap((e) => (isMap(e) ? stringList(src, get(src, e, 'paths')) : []));
  if (entries.length === 0 || entries.every((e) => isMap(e) && mapPairs(src, e).length === 0)) return undefined;
  return { value: paths.length ? paths.join(', ') : 'cache', line: lineOf(src, pair.key) };
}
