// The CLI: parse, dispatch, and the one error boundary. Everything else lives in the library.
import { parseArgs } from 'node:util';
import { isShipgateError } from '../errors.js';
import { shipgateRoot } from '../util/package-root.js';
import type { CliIO, Command, ParsedArgs } from './command.js';
import { COMMANDS } from './commands/index.js';

function defaultIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
  };
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'shipgate — is this exact artifact safe to publish?',
    '',
    'Usage: shipgate <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run.',
    'Run "shipgate help <command>" for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const cmd = rest[0] ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      io.stdout(cmd ? `Usage: shipgate ${cmd.usage}\n` : overview());
      return name ? 0 : 2;
    }
    if (name === '--version' || name === '-V') {
      io.stdout(`${shipgateRoot().version}\n`);
      return 0;
    }
    const command: Command | undefined = COMMANDS.find((c) => c.name === name);
    if (!command) {
      io.stderr(`shipgate: unknown command "${name}"\n  run "shipgate help" for the list of commands\n`);
      return 2;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`Usage: shipgate ${command.usage}\n`);
      return 0;
    }
    let args: ParsedArgs;
    try {
      args = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true }) as ParsedArgs;
    } catch (e) {
      io.stderr(`shipgate ${command.name}: ${(e as Error).message.split('\n')[0]}\n  run "shipgate help ${command.name}" for usage\n`);
      return 2;
    }
    return await command.run(args, io);
  } catch (e) {
    if (isShipgateError(e)) {
      io.stderr(`shipgate: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
      return 2;
    }
    const err = e as Error;
    io.stderr(`shipgate: internal error: ${err?.message ?? String(e)}\n  this is a bug in shipgate; please report it with the command you ran${io.env.SHIPGATE_DEBUG ? `\n${err?.stack ?? ''}` : ' (set SHIPGATE_DEBUG=1 for a stack trace)'}\n`);
    return 2;
  }
}
