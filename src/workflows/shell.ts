// Just enough shell to find commands in `run:` blocks and GitLab `script:` lines: split on
// newlines and control operators, honour quotes and comments, drop `VAR=x` and wrappers,
// and unwrap package runners (`npx -y npm@11 publish` → bin `npm`, version `11`).

export interface Invocation {
  /** Executable after unwrapping runners: `npm`, `changeset`, `semantic-release`... */
  bin: string;
  /** Version from a runner spec (`npx npm@11` → `11`). */
  binVersion?: string;
  args: string[];
  /** The command as written (tokens joined), for messages. */
  text: string;
  /** 0-based line of the command within the script text. */
  lineOffset: number;
  /** package.json scripts followed to reach this command (`release` → `publish:npm`). */
  via: string[];
}

interface RawCommand {
  tokens: string[];
  lineOffset: number;
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '(', ')', '`'];

/** Splits shell text into commands (token lists), quotes removed, comments dropped. */
export function splitCommands(text: string): RawCommand[] {
  const commands: RawCommand[] = [];
  let tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  let line = 0;
  let commandLine = 0;
  const endToken = (): void => {
    if (inToken) {
      if (tokens.length === 0) commandLine = line;
      tokens.push(current);
    }
    current = '';
    inToken = false;
  };
  const endCommand = (): void => {
    endToken();
    if (tokens.length) commands.push({ tokens, lineOffset: commandLine });
    tokens = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else {
        if (c === '\n') line++;
        current += c;
      }
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i++;
      line++;
      endToken();
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      if (!inToken && tokens.length === 0) commandLine = line;
      inToken = true;
      continue;
    }
    if (c === '#' && !inToken) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      endCommand();
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endToken();
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      // Command substitution: what is inside is a command of its own.
      endCommand();
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    // `2>&1` is a redirection, not a background operator.
    if (op && !(op === '&' && current.endsWith('>'))) {
      endCommand();
      i += op.length - 1;
      continue;
    }
    if (!inToken && tokens.length === 0) commandLine = line;
    inToken = true;
    current += c;
  }
  endCommand();
  return commands;
}

const WRAPPERS = new Set(['sudo', 'env', 'time', 'exec', 'nohup', 'command', 'then', 'do', 'else', 'if', 'while', 'until', '!', 'xargs']);
const RUNNERS = new Set(['npx', 'pnpx', 'bunx']);
/** `pnpm exec x`, `yarn dlx x`, `npm exec x`, `bun x x`: the second word makes the first a runner. */
const RUNNER_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  npm: new Set(['exec', 'x']),
  pnpm: new Set(['exec', 'dlx']),
  yarn: new Set(['exec', 'dlx']),
  bun: new Set(['x']),
};
const RUNNER_VALUE_FLAGS = new Set(['-p', '--package', '-c', '--call']);
const BIN_ALIASES: Record<string, string> = { '@changesets/cli': 'changeset', changesets: 'changeset', '@arethetypeswrong/cli': 'attw' };

function splitSpec(spec: string): { name: string; version?: string } {
  const at = spec.lastIndexOf('@');
  if (at > 0) return { name: spec.slice(0, at), version: spec.slice(at + 1) };
  return { name: spec };
}

function normalize(tokens: string[]): { bin: string; binVersion?: string; args: string[] } | undefined {
  let i = 0;
  while (i < tokens.length && (WRAPPERS.has(tokens[i]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[i]) || (tokens[i].startsWith('-') && i > 0 && WRAPPERS.has(tokens[i - 1])))) i++;
  if (i >= tokens.length) return undefined;
  let rest = tokens.slice(i);
  const runnerSubs = RUNNER_SUBCOMMANDS[rest[0]];
  if (RUNNERS.has(rest[0]) || (runnerSubs && rest[1] !== undefined && runnerSubs.has(rest[1]))) {
    let j = RUNNERS.has(rest[0]) ? 1 : 2;
    while (j < rest.length && (rest[j].startsWith('-') || rest[j - 1] === '--')) {
      if (rest[j] === '--') { j++; break; }
      if (RUNNER_VALUE_FLAGS.has(rest[j])) j++;
      j++;
    }
    rest = rest.slice(j);
    if (rest.length === 0) return undefined;
    const { name, version } = splitSpec(rest[0]);
    return { bin: BIN_ALIASES[name] ?? name, ...(version !== undefined ? { binVersion: version } : {}), args: rest.slice(1) };
  }
  const base = rest[0].split('/').pop() ?? rest[0];
  return { bin: BIN_ALIASES[base] ?? base, args: rest.slice(1) };
}

/** Tools that `pnpm <bin>` / `yarn <bin>` run from node_modules/.bin and that matter here. */
const LOCAL_BINS = new Set(['changeset', 'semantic-release', 'lerna', 'shipgate', 'publint', 'attw']);

/** Builtin subcommands that shadow package.json scripts of the same name (`yarn publish`). */
const BUILTINS: Record<string, ReadonlySet<string>> = {
  pnpm: new Set(['publish', 'pack', 'install', 'i', 'add', 'exec', 'dlx', 'run', 'test', 'version', 'recursive', '-r']),
  yarn: new Set(['publish', 'pack', 'install', 'add', 'npm', 'workspaces', 'workspace', 'exec', 'dlx', 'run', 'version', 'dedupe']),
};

/** The package.json script a command runs, if any (`npm run release`, `pnpm release`, `yarn release`). */
function scriptTarget(bin: string, args: string[], scripts: Record<string, string>): string | undefined {
  const positional = args.filter((a) => !a.startsWith('-'));
  if ((bin === 'npm' || bin === 'pnpm' || bin === 'yarn' || bin === 'bun') && (positional[0] === 'run' || positional[0] === 'run-script')) {
    return positional[1] !== undefined && positional[1] in scripts ? positional[1] : undefined;
  }
  if ((bin === 'pnpm' || bin === 'yarn') && positional[0] !== undefined && !BUILTINS[bin].has(positional[0]) && positional[0] in scripts) {
    return positional[0];
  }
  return undefined;
}

/** Every command in a script text, following package.json scripts (a few levels deep). */
export function invocationsIn(text: string, scripts: Record<string, string> = {}, via: string[] = [], depth = 0): Invocation[] {
  const out: Invocation[] = [];
  for (const raw of splitCommands(text)) {
    const n = normalize(raw.tokens);
    if (!n) continue;
    const inv: Invocation = { ...n, text: raw.tokens.join(' '), lineOffset: raw.lineOffset, via };
    out.push(inv);
    const target = scriptTarget(n.bin, n.args, scripts);
    // `pnpm changeset publish`, `yarn semantic-release`: the package manager runs a local bin.
    const first = n.args[0] !== undefined ? (BIN_ALIASES[n.args[0]] ?? n.args[0]) : undefined;
    if (target === undefined && (n.bin === 'pnpm' || n.bin === 'yarn' || n.bin === 'bun') && first !== undefined && LOCAL_BINS.has(first)) {
      out.push({ bin: first, args: n.args.slice(1), text: inv.text, lineOffset: raw.lineOffset, via });
    }
    if (target !== undefined && depth < 4 && !via.includes(target)) {
      for (const inner of invocationsIn(scripts[target], scripts, [...via, target], depth + 1)) {
        out.push({ ...inner, lineOffset: raw.lineOffset });
      }
    }
  }
  return out;
}

/** npm options that take a separate value, so the value is not mistaken for the subcommand. */
const VALUE_FLAGS = new Set(['-w', '--workspace', '--prefix', '-C', '--dir', '--registry', '--tag', '--access', '--otp', '--userconfig', '--cache', '--loglevel', '-F', '--filter']);

/** Positional words of a command, skipping option values (`npm -w a publish` → `['publish']`). */
export function positionals(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return [...out, ...args.slice(i + 1)];
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_FLAGS.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** `true` for `--flag` / `--flag=true`, `false` for `--flag=false` / `--no-flag`, else undefined. */
export function flagValue(args: string[], flag: string): boolean | undefined {
  for (const a of args) {
    if (a === `--${flag}` || a === `--${flag}=true`) return true;
    if (a === `--${flag}=false` || a === `--no-${flag}`) return false;
  }
  return undefined;
}
