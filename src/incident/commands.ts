// npm command lines as data (argv) and as text to paste (POSIX shell quoting).

/** Quotes one argument for a POSIX shell, only when it needs it. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9@%+=:,./_^-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

export function deprecateArgv(name: string, version: string, message: string, registry: string): string[] {
  return ['npm', 'deprecate', `${name}@${version}`, message, '--registry', registry];
}

export function distTagAddArgv(name: string, version: string, tag: string, registry: string): string[] {
  return ['npm', 'dist-tag', 'add', `${name}@${version}`, tag, '--registry', registry];
}

export function distTagRmArgv(name: string, tag: string, registry: string): string[] {
  return ['npm', 'dist-tag', 'rm', name, tag, '--registry', registry];
}

export function unpublishArgv(name: string, version: string, registry: string): string[] {
  return ['npm', 'unpublish', `${name}@${version}`, '--registry', registry];
}
