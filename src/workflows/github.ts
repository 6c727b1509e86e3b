// GitHub Actions workflow (.github/workflows/*.yml) → WorkflowModel.
import type { EnvEntry, JobModel, Located, PermissionsModel, StepModel, WorkflowModel } from './model.js';
import {
  get,
  getPair,
  isMap,
  isScalar,
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

export function readGitHubWorkflow(path: string, src: YamlSource): WorkflowModel {
  const root = src.doc.contents;
  return {
    path,
    provider: 'github-actions',
    triggers: readTriggers(src, getPair(src, root, 'on')?.value),
    permissions: readPermissions(src, getPair(src, root, 'permissions')),
    env: readEnv(src, get(src, root, 'env'), 'workflow'),
    jobs: mapPairs(src, get(src, root, 'jobs')).flatMap((pair) => {
      const id = keyText(pair);
      return id === undefined ? [] : [readJob(src, id, lineOf(src, pair.key), pair.value)];
    }),
  };
}

function readTriggers(src: YamlSource, node: unknown): Array<Located<string>> {
  const n = resolveNode(src, node);
  if (isScalar(n)) {
    const v = scalarText(src, n);
    return v ? [{ value: v, line: lineOf(src, n) }] : [];
  }
  if (isSeq(n)) {
    return seqItems(src, n).flatMap((i) => {
      const v = scalarText(src, i);
      return v ? [{ value: v, line: lineOf(src, i) }] : [];
    });
  }
  return mapPairs(src, n).flatMap((p) => {
    const v = keyText(p);
    return v ? [{ value: v, line: lineOf(src, p.key) }] : [];
  });
}

export function readPermissions(src: YamlSource, pair: { key: unknown; value: unknown } | undefined): PermissionsModel | undefined {
  if (!pair) return undefined;
  const line = lineOf(src, pair.key);
  const value = resolveNode(src, pair.value);
  const scopes = new Map<string, Located<string>>();
  if (isMap(value)) {
    for (const p of mapPairs(src, value)) {
      const scope = keyText(p);
      const level = scalarText(src, p.value);
      if (scope && level !== undefined) scopes.set(scope, { value: level, line: lineOf(src, p.key) });
    }
    return { line, scopes, ...(scopes.size === 0 ? { shorthand: 'none' as const } : {}) };
  }
  const text = scalarText(src, value);
  if (text === 'read-all' || text === 'write-all') return { line, shorthand: text, scopes };
  return { line, scopes };
}

function readEnv(src: YamlSource, node: unknown, scope: EnvEntry['scope']): EnvEntry[] {
  return mapPairs(src, node).flatMap((p) => {
    const name = keyText(p);
    const value = scalarText(src, p.value);
    return name === undefined || value === undefined ? [] : [{ name, value, line: lineOf(src, p.value ?? p.key) || lineOf(src, p.key), scope }];
  });
}

function readJob(src: YamlSource, id: string, line: number, node: unknown): JobModel {
  const runsOnNode = get(src, node, 'runs-on');
  const runsOn = isMap(runsOnNode)
    ? [...stringList(src, get(src, runsOnNode, 'labels')), ...stringList(src, get(src, runsOnNode, 'group'))]
    : stringList(src, runsOnNode);
  const container = get(src, node, 'container');
  const imageNode = isMap(container) ? get(src, container, 'image') : container;
  const image = scalarText(src, imageNode);
  const usesNode = get(src, node, 'uses');
  const uses = scalarText(src, usesNode);
  return {
    id,
    line,
    needs: stringList(src, get(src, node, 'needs')),
    permissions: readPermissions(src, getPair(src, node, 'permissions')),
    runsOn,
    env: readEnv(src, get(src, node, 'env'), 'job'),
    steps: seqItems(src, get(src, node, 'steps')).map((s, index) => readStep(src, s, index)),
    ...(uses ? { uses: { value: uses, line: lineOf(src, usesNode) } } : {}),
    ...(image ? { image: { value: image, line: lineOf(src, imageNode) } } : {}),
    idTokens: [],
  };
}

function readStep(src: YamlSource, node: unknown, index: number): StepModel {
  const name = scalarText(src, get(src, node, 'name'));
  const usesNode = get(src, node, 'uses');
  const uses = scalarText(src, usesNode);
  const runNode = get(src, node, 'run');
  const run = scalarText(src, runNode);
  const withMap = new Map<string, Located<string>>();
  for (const p of mapPairs(src, get(src, node, 'with'))) {
    const k = keyText(p);
    const v = scalarText(src, p.value);
    if (k !== undefined && v !== undefined) withMap.set(k, { value: v, line: lineOf(src, p.value) || lineOf(src, p.key) });
  }
  const usesComment = isScalar(usesNode) && usesNode.comment ? usesNode.comment.trim() : undefined;
  return {
    index,
    ...(name ? { name } : {}),
    line: lineOf(src, node),
    ...(uses ? { uses: { value: uses.trim(), line: lineOf(src, usesNode) } } : {}),
    ...(usesComment ? { usesComment } : {}),
    ...(run !== undefined ? { run: { value: run, line: textStartLine(src, runNode) } } : {}),
    with: withMap,
    env: readEnv(src, get(src, node, 'env'), 'step'),
  };
}
