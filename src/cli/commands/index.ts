import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { scanCommand } from './scan.js';
import { verifyCommand } from './verify.js';
import { workflowsCommand } from './workflows.js';

/** Every subcommand, by name. */
export const COMMANDS: readonly Command[] = [checkCommand, scanCommand, verifyCommand, workflowsCommand];
