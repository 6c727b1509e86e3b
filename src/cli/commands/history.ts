import path from 'node:path';
import { ShipgateError } from '../../errors.js';
import { DEFAULT_CONCURRENCY, inspectHistory, MAX_CONCURRENCY, type HistoryProgress } from '../../history/history.js';
import { HISTORY_REPORTERS } from '../../history/reporters/index.js';
import { loadConfig } from '../../policy/load.js';
import { parseSpec } from '../../registry/verify.js';
import { isSeverity } from '../../types.js';
import { stringOption, type CliIO, type Command, type ParsedArgs } from '../command.js';

const USAGE = `history <name> [options]

Inspects every published version of a package with the artifact and secret rules: downloads
each tarball (verified against dist.integrity, cached by integrity), runs the same rules and
policy as "check", and prints one row per version. Versions that were unpublished are listed
as gone.

Options:
  --range <semver>        only versions in this range, prereleases included (e.g. '<1.1.0')
  --concurrency <n>       versions fetched and inspected at once (default ${DEFAULT_CONCURRENCY}, at most ${MAX_CONCURRENCY})
  --format <text|json|markdown>  output format (default text)
  --config <file>         shipgate config (default: shipgate.config.json or package.json#shipgate here)
  --fail-on <error|warning|info>  lowest severity that counts as a leak (default error)
  --registry <url>        registry to read (default: npm config, else registry.npmjs.org)
  --verify                also verify each version's registry signature and provenance
  --cache-dir <dir>       tarball cache (default $SHIPGATE_CACHE, else ~/.cache/shipgate)

Exit codes: 0 no version leaked, 1 at least one version leaked (or, with --verify, failed
verification), 2 could not run or some version could not be inspected.`;

/** What history reads of the terminal beyond CliIO: a progress bar goes to stderr only when it is a terminal. */
export type HistoryIO = CliIO & { stderrIsTTY?: boolean; stderrColumns?: number };

export const historyCommand: Command = {
  name: 'history',
  summary: 'inspect every published version of a package: which ones leaked what',
  usage: USAGE,
  options: {
    range: { type: 'string' },
    concurrency: { type: 'string' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    'fail-on': { type: 'string' },
    registry: { type: 'string' },
    verify: { type: 'boolean' },
    'cache-dir': { type: 'string' },
  },
  async run(args: ParsedArgs, io: HistoryIO): Promise<number> {
    const target = args.positionals[0];
    if (!target || args.positionals.length > 1) {
      throw new ShipgateError('E_USAGE', target ? `history takes one package name, got ${args.positionals.length}` : 'history needs a package name', 'usage: shipgate history <name> [--range <semver>]');
    }
    const { name, wanted } = parseSpec(target);
    if (wanted !== undefined) throw new ShipgateError('E_USAGE', `history takes a package name, not a version spec ("${target}")`, `use: shipgate history ${name} --range '${wanted}'`);

    const v = args.values;
    const format = stringOption(args, 'format') ?? 'text';
    const reporter = HISTORY_REPORTERS[format];
    if (!reporter) throw new ShipgateError('E_USAGE', `unknown --format "${format}"`, `use one of: ${Object.keys(HISTORY_REPORTERS).join(', ')}`);
    const concurrency = stringOption(args, 'concurrency') === undefined ? DEFAULT_CONCURRENCY : Number(stringOption(args, 'concurrency'));
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new ShipgateError('E_USAGE', `--concurrency "${stringOption(args, 'concurrency')}" is not a whole number from 1 to ${MAX_CONCURRENCY}`, `e.g. --concurrency ${DEFAULT_CONCURRENCY}`);
    }
    const failOn = stringOption(args, 'fail-on');
    if (failOn !== undefined && !isSeverity(failOn)) throw new ShipgateError('E_USAGE', `unknown --fail-on "${failOn}"`, 'use error, warning or info');
    const configFile = stringOption(args, 'config');
    const { config } = loadConfig(io.cwd, configFile && path.resolve(io.cwd, configFile));
    if (failOn) config.failOn = failOn;
    const cacheDir = stringOption(args, 'cache-dir');

    const progress = progressBar(io);
    let result;
    try {
      result = await inspectHistory(name, {
        range: stringOption(args, 'range'),
        concurrency,
        config,
        registry: stringOption(args, 'registry'),
        cwd: io.cwd,
        env: io.env,
        verify: v.verify === true,
        cacheDir: cacheDir ? path.resolve(io.cwd, cacheDir) : undefined,
        onProgress: progress?.update,
      });
    } finally {
      progress?.clear();
    }
    io.stdout(reporter.render(result, { color: io.isTTY && !io.env.NO_COLOR && format === 'text' }));
    if (!result.passed) return 1;
    if (result.totals.errors > 0) {
      io.stderr(`shipgate: ${result.totals.errors} of ${result.totals.versions} versions could not be inspected, so the history is incomplete\n  see "not inspected" above; rerun when the registry serves them\n`);
      return 2;
    }
    return 0;
  },
};

/** A one-line bar redrawn in place on a terminal; nothing at all when stderr is a pipe or a file. */
export function progressBar(io: HistoryIO): { update: (p: HistoryProgress) => void; clear: () => void } | undefined {
  const tty = io.stderrIsTTY ?? process.stderr.isTTY === true;
  if (!tty) return undefined;
  const columns = io.stderrColumns ?? process.stderr.columns ?? 80;
  let drawn = false;
  return {
    update(p) {
      const width = Math.max(10, Math.min(30, columns - 40));
      const filled = Math.round((p.done / Math.max(1, p.total)) * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} ${p.version} ${p.status}`;
      io.stderr(`\r\u001b[K${line.slice(0, columns - 1)}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}
