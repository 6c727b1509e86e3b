import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ShipgateError } from '../../errors.js';
import { applyPlan, type StepResult } from '../../incident/apply.js';
import { planIncident } from '../../incident/incident.js';
import type { PlanStep } from '../../incident/model.js';
import { INCIDENT_REPORTERS } from '../../incident/reporters/index.js';
import { npmCommand } from '../../packers/npm.js';
import { loadConfig } from '../../policy/load.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from '../command.js';

const USAGE = `incident <name@version> [options]

The containment plan for a bad release: which credentials in it to revoke (with each
provider's rotation page), what its source maps exposed, the commands to deprecate it and
move dist-tags off it, how to publish a superseding release, whether npm's unpublish policy
still allows removing it (and which facts are unknown), and a notice for users.

Nothing is changed unless --apply is given; then only the deprecate and dist-tag commands run,
with your npm, each confirmed (y/N on a terminal, or --yes).

Options:
  --format <text|json|markdown>  output format (default text)
  --message <text>        deprecation message (default: says what leaked and what to use)
  --registry <url>        registry (default: npm config, else registry.npmjs.org); passed to npm
  --config <file>         shipgate config for the inspection (default: shipgate.config.json here)
  --dependents <n>        packages that depend on it, if you know (the registry cannot tell)
  --weekly-downloads <n>  downloads last week, if you know (only npmjs.org publishes them)
  --owners <n>            owners of the package, if the registry does not list maintainers
  --apply                 run the deprecate and dist-tag steps
  --yes                   confirm every step without asking (needed when stdin is not a terminal)
  --cache-dir <dir>       tarball cache (default $SHIPGATE_CACHE, else ~/.cache/shipgate)

Exit codes: 0 plan printed (and, with --apply, every confirmed step succeeded), 1 an applied
step failed, 2 could not run (bad spec, unknown version, registry unreachable, --apply
without a terminal or --yes).`;

/** What incident needs beyond CliIO to ask before changing the registry; tests pass their own. */
export type IncidentIO = CliIO & {
  /** stdin is a terminal someone can answer on. Default: process.stdin.isTTY. */
  stdinIsTTY?: boolean;
  /** Asks a yes/no question; resolves with the answer typed. Default: readline on stdin/stderr. */
  prompt?: (question: string) => Promise<string>;
};

export const incidentCommand: Command = {
  name: 'incident',
  summary: 'containment plan for a bad release: rotate, deprecate, move tags, supersede, unpublish?',
  usage: USAGE,
  options: {
    format: { type: 'string', short: 'f' },
    message: { type: 'string', short: 'm' },
    registry: { type: 'string' },
    config: { type: 'string', short: 'c' },
    dependents: { type: 'string' },
    'weekly-downloads': { type: 'string' },
    owners: { type: 'string' },
    apply: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'cache-dir': { type: 'string' },
  },
  async run(args: ParsedArgs, io: IncidentIO): Promise<number> {
    const spec = args.positionals[0];
    if (!spec || args.positionals.length > 1) {
      throw new ShipgateError('E_USAGE', spec ? `incident takes one spec, got ${args.positionals.length}` : 'incident needs the bad version', 'usage: shipgate incident <name@version>');
    }
    const v = args.values;
    const format = stringOption(args, 'format') ?? 'text';
    const reporter = INCIDENT_REPORTERS[format];
    if (!reporter) throw new ShipgateError('E_USAGE', `unknown --format "${format}"`, `use one of: ${Object.keys(INCIDENT_REPORTERS).join(', ')}`);
    const apply = v.apply === true;
    const yes = v.yes === true;
    if (yes && !apply) throw new ShipgateError('E_USAGE', '--yes only confirms --apply steps, and --apply was not given', 'add --apply to change the registry, or drop --yes');
    const interactive = io.stdinIsTTY ?? process.stdin.isTTY === true;
    // Refuse before reading anything: a pipeline must not block on a prompt nobody can answer.
    if (apply && !yes && !interactive) {
      throw new ShipgateError('E_CONFIRM', '--apply needs each step confirmed, and stdin is not a terminal', 'pass --yes to confirm the deprecate and dist-tag steps non-interactively');
    }
    const message = typeof v.message === 'string' ? v.message : undefined;
    if (message !== undefined && message.trim() === '') throw new ShipgateError('E_USAGE', '--message is empty', 'an empty message would un-deprecate the version; write what users should do');
    const configFile = stringOption(args, 'config');
    const { config } = loadConfig(io.cwd, configFile && path.resolve(io.cwd, configFile));
    const cacheDir = stringOption(args, 'cache-dir');

    const plan = await planIncident(spec, {
      registry: stringOption(args, 'registry'),
      cwd: io.cwd,
      env: io.env,
      config,
      cacheDir: cacheDir ? path.resolve(io.cwd, cacheDir) : undefined,
      message,
      facts: { dependents: count(args, 'dependents'), weeklyDownloads: count(args, 'weekly-downloads'), owners: count(args, 'owners') },
    });
    const color = io.isTTY && !io.env.NO_COLOR && format === 'text';
    if (!apply) {
      io.stdout(reporter.render(plan, { color }));
      return 0;
    }

    const ask = io.prompt ?? terminalPrompt;
    const confirm = async (step: PlanStep) => yes || /^y(es)?$/i.test((await ask(`Run: ${step.command}\n  (${step.description}) [y/N] `)).trim());
    const run = (argv: readonly string[]) => runNpm(argv, io);
    if (format === 'text') {
      // Show the plan before asking about any of it.
      io.stdout(reporter.render({ ...plan, applied: [] }, { color }));
      plan.applied = await applyPlan(plan, { run, confirm, onStep: (a) => io.stdout(`${a.outcome.padEnd(8)} ${a.command}${a.detail ? `  (${a.detail})` : ''}\n`) });
    } else {
      plan.applied = await applyPlan(plan, { run, confirm });
      io.stdout(reporter.render(plan, { color }));
    }
    return plan.applied.some((a) => a.outcome === 'failed') ? 1 : 0;
  },
};

function count(args: ParsedArgs, name: string): number | undefined {
  const s = stringOption(args, name);
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) throw new ShipgateError('E_USAGE', `--${name} "${s}" is not a whole number`, `e.g. --${name} 0`);
  return Number(s);
}

function terminalPrompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    // Ctrl-D: no answer is a no.
    rl.once('close', () => resolve(''));
  });
}

/** The user's own npm (as `check` runs it), with the plan's --registry already in argv. */
function runNpm(argv: readonly string[], io: CliIO): Promise<StepResult> {
  const { command, prefix } = npmCommand(io.env);
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...argv.slice(1)], { cwd: io.cwd, env: io.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: 127, stdout, stderr: `${stderr}\ncannot run npm: ${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
