import type Picomatch from 'picomatch';
import type { Artifact, RuleFinding, Severity } from '../types.js';
import type { Rule } from './rule.js';
import { requireCjs } from '../util/lazy.js';

const picomatch = requireCjs<typeof Picomatch>('picomatch');

const RULE = 'manifest';
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

function clean(p: string): string {
  return p.replace(/^\.\//, '').replace(/\/$/, '');
}

/** Does a `main`-style target resolve the way Node would (exact, extensions, index files)? */
function resolvesLikeNode(target: string, present: Set<string>): boolean {
  const p = clean(target);
  const candidates = [p, `${p}.js`, `${p}.json`, `${p}.node`, `${p}/index.js`, `${p}/index.json`, `${p}/index.node`];
  return candidates.some((c) => present.has(c));
}

/** String targets in an `exports` value, with the field path that leads to each. */
function exportTargets(value: unknown, where: string, out: Array<{ where: string; target: string }>): void {
  if (typeof value === 'string') out.push({ where, target: value });
  else if (Array.isArray(value)) value.forEach((v, i) => exportTargets(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) exportTargets(v, `${where}["${k}"]`, out);
  }
}

function exportExists(target: string, present: Set<string>, files: string[]): boolean {
  if (!target.startsWith('./')) return true; // not a package path (bare specifier fallback); Node rejects it elsewhere
  const p = clean(target);
  if (p.includes('*')) {
    const re = picomatch.makeRe(p.replace(/\*/g, '**'), { dot: true });
    return files.some((f) => re.test(f));
  }
  return present.has(p) || files.some((f) => f.startsWith(`${p}/`));
}

export const manifestRule: Rule = {
  id: RULE,
  defaultSeverity: 'error',
  rationale: 'package.json must point at files that ship; install scripts run on every install; publishConfig decides where the package goes.',
  check(artifact: Artifact, { config }) {
    const findings: RuleFinding[] = [];
    const add = (severity: Severity, message: string, data?: Record<string, unknown>): void => {
      findings.push({ rule: RULE, severity, path: 'package.json', message, data });
    };
    if (artifact.manifestError) {
      add('error', artifact.manifestError);
      return findings;
    }
    const m = artifact.manifest;
    if (!m) {
      add('error', 'no package.json at the package root; this is not an installable npm package');
      return findings;
    }
    const top = artifact.files.filter((f) => f.depth === 0 && f.type !== 'directory');
    const files = top.map((f) => f.path);
    const present = new Set(files);
    if (typeof m.main === 'string' && m.main && !resolvesLikeNode(m.main, present)) {
      add('error', `"main" points at ${m.main}, which is not in the package; require() of this package will fail`, { field: 'main', target: m.main });
    }
    const bins: Array<[string, unknown]> = typeof m.bin === 'string' ? [[m.name ?? 'bin', m.bin]] : m.bin && typeof m.bin === 'object' ? Object.entries(m.bin) : [];
    for (const [name, target] of bins) {
      if (typeof target === 'string' && !present.has(clean(target))) {
        add('error', `"bin" ${name} points at ${target}, which is not in the package; the command will not install`, { field: 'bin', target });
      }
    }
    if (m.exports !== undefined && m.exports !== null) {
      const targets: Array<{ where: string; target: string }> = [];
      exportTargets(m.exports, 'exports', targets);
      for (const t of targets) {
        if (!exportExists(t.target, present, files)) add('error', `${t.where} points at ${t.target}, which is not in the package`, { field: 'exports', target: t.target });
      }
    }
    for (const field of ['types', 'typings', 'module'] as const) {
      const target = m[field];
      if (typeof target === 'string' && target && !present.has(clean(target))) {
        add('warning', `"${field}" points at ${target}, which is not in the package`, { field, target });
      }
    }
    const scripts = m.scripts && typeof m.scripts === 'object' ? m.scripts : {};
    for (const name of INSTALL_SCRIPTS) {
      const script = scripts[name];
      if (typeof script === 'string') add('info', `"${name}" script runs on every install of this package: ${script}`, { script: name });
    }
    if (present.has('binding.gyp') && !INSTALL_SCRIPTS.some((s) => typeof scripts[s] === 'string')) {
      add('info', 'binding.gyp ships without an install script, so npm runs "node-gyp rebuild" on every install');
    }
    const registry = m.publishConfig && typeof m.publishConfig === 'object' ? m.publishConfig.registry : undefined;
    if (typeof registry === 'string') {
      const norm = (u: string): string => u.replace(/\/+$/, '').toLowerCase();
      if (!config.registries.some((r) => norm(r) === norm(registry))) {
        add('warning', `publishConfig.registry sends this package to ${registry}, which is not a known registry; add it to "registries" in shipgate.config.json if intended`, { registry });
      }
    }
    return findings;
  },
};
