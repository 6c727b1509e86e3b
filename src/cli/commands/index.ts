import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { scanCommand } from './scan.js';

/** Every subcommand, by name. */
export const COMMANDS: readonly Command[] = [checkCommand, scanCommand];
