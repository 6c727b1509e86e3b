// What kind of text an entry is decides which detectors run on it: the generic
// "secret-named assignment" rule only makes sense in config-like files.

export type TextKind = 'env' | 'npmrc' | 'config' | 'shell' | 'code' | 'minified' | 'map-source' | 'other';

const CONFIG_KINDS: ReadonlySet<TextKind> = new Set(['env', 'npmrc', 'config', 'shell']);

export function isConfigKind(kind: TextKind): boolean {
  return CONFIG_KINDS.has(kind);
}

const CONFIG_EXTENSIONS = new Set([
  'json', 'json5', 'jsonc', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'config', 'properties',
  'xml', 'plist', 'tfvars', 'hcl', 'pem', 'key', 'ppk', 'keystore', 'netrc', 'pgpass', 'npmrc', 'pypirc',
]);
const SHELL_EXTENSIONS = new Set(['sh', 'bash', 'zsh', 'fish', 'ksh', 'ps1', 'psm1', 'bat', 'cmd']);
const CODE_EXTENSIONS = new Set([
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'vue', 'svelte', 'astro', 'css', 'scss', 'sass', 'less',
  'html', 'htm', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'kts', 'scala', 'php', 'cs', 'c', 'h', 'cc', 'cpp', 'hpp',
  'swift', 'm', 'mm', 'lua', 'pl', 'r', 'dart', 'ex', 'exs', 'erl', 'clj', 'coffee', 'elm', 'wasm', 'wat', 'graphql', 'gql', 'sql',
]);
const MINIFIABLE_EXTENSIONS = new Set(['js', 'mjs', 'cjs', 'css']);
/** Lines longer than this are not written by hand. */
const MINIFIED_LINE = 1000;

/** Classify by path and a sample of the text (minified = very long lines in .js/.mjs/.cjs/.css). */
export function textKindFor(path: string, sample: string): TextKind {
  const base = (path.slice(path.lastIndexOf('/') + 1) || path).toLowerCase();
  const member = base.slice(base.lastIndexOf('!') + 1);
  const dot = member.lastIndexOf('.');
  const ext = dot > 0 ? member.slice(dot + 1) : dot === 0 ? member.slice(1) : '';

  if (member === '.env' || member.startsWith('.env.') || ext === 'env' || member === 'env') return 'env';
  if (member === '.npmrc' || member === 'npmrc' || member === '.yarnrc' || member === '.yarnrc.yml') return 'npmrc';
  if (
    member === '.netrc' || member === '_netrc' || member === '.pgpass' || member === '.git-credentials' ||
    member === 'credentials' || member === '.pypirc' || member === '.dockercfg' || member === 'docker-compose.yml' ||
    CONFIG_EXTENSIONS.has(ext)
  ) {
    return 'config';
  }
  if (SHELL_EXTENSIONS.has(ext) || /^#!.{0,40}\b(?:ba|z|k|da|fi)?sh\b/.test(sample.slice(0, 80))) return 'shell';
  if (MINIFIABLE_EXTENSIONS.has(ext)) return member.includes('.min.') || hasLongLine(sample) ? 'minified' : 'code';
  if (CODE_EXTENSIONS.has(ext)) return 'code';
  if (ext === '' && /^#!/.test(sample)) return 'code';
  return 'other';
}

function hasLongLine(sample: string): boolean {
  let start = 0;
  while (start < sample.length) {
    let end = sample.indexOf('\n', start);
    if (end < 0) end = sample.length;
    if (end - start > MINIFIED_LINE) return true;
    start = end + 1;
  }
  return false;
}
