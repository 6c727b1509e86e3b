import { ShipgateError } from '../../errors.js';
import type { Command } from '../command.js';
import { GATE_OPTIONS, runGate } from '../gate.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'pack a package directory exactly as npm publish would, and inspect that tarball',
  usage: `check [dir] [--out FILE] [--format text|json|…] [--fail-on error|warning|info]
        [--config FILE] [--ignore-scripts] [--source-maps deny|no-sources|allow]
        [--baseline latest|name@version|FILE.tgz|DIR] [--registry URL] [--manifest FILE] [--verbose]

  Packs [dir] (default: .) with your npm ("npm pack", running prepack/prepare/postpack as
  publish would, unless --ignore-scripts), inspects the tarball's bytes, prints its sha512
  integrity. With --out FILE and a passing check, writes exactly those bytes to FILE so CI
  can publish the very file that was checked ("npm publish FILE").
  With --baseline, compares with a release (latest = this package's latest on the registry,
  or name@version, a .tgz or a directory): new files, growth, new source maps, install
  scripts and dependencies become findings. A shipgate.manifest.json next to the package
  (or --manifest FILE) lists the approved files: any other file is an error; run
  "shipgate approve" after review. See docs/baselines.md.`,
  options: { ...GATE_OPTIONS, out: { type: 'string', short: 'o' } },
  run(args, io) {
    if (args.positionals.length > 1) throw usage('check takes at most one directory');
    const out = typeof args.values.out === 'string' ? args.values.out : undefined;
    return runGate({ target: args.positionals[0] ?? '.', out }, args, io);
  },
};

function usage(message: string): ShipgateError {
  return new ShipgateError('EUSAGE', message, 'see "shipgate help check"');
}
