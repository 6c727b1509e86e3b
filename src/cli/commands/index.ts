import type { Command } from '../command.js';
import { approveCommand } from './approve.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { guardCommand } from './guard.js';
import { historyCommand } from './history.js';
import { incidentCommand } from './incident.js';
import { publishCommand } from './publish.js';
import { scanCommand } from './scan.js';
import { verifyCommand } from './verify.js';
import { workflowsCommand } from './workflows.js';

/** Every subcommand, by name, in the order `shipgate help` lists them (before, at, after publishing). */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  scanCommand,
  diffCommand,
  approveCommand,
  guardCommand,
  publishCommand,
  workflowsCommand,
  verifyCommand,
  historyCommand,
  incidentCommand,
];
