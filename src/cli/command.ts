import type { ParseArgsConfig } from 'node:util';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal (colours allowed unless NO_COLOR). */
  isTTY: boolean;
}

export type ParsedArgs = {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
};

/** A string option's value; undefined when it was not given (or given empty). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** One subcommand. One file per command under cli/commands, registered in cli/commands/index.ts. */
export interface Command {
  name: string;
  summary: string;
  /** Usage text shown by `shipgate help <name>`, without the leading `shipgate `. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code: 0 clean, 1 findings at or above fail level, 2 could not run (throw ShipgateError instead). */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
