import { ShipgateError } from '../../errors.js';
import type { Command } from '../command.js';
import { GATE_OPTIONS, runGate } from '../gate.js';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'inspect a tarball someone already built (a directory is packed first, as in check)',
  usage: `scan <file.tgz|file.tar|dir> [--format text|json|…] [--fail-on error|warning|info]
        [--config FILE] [--ignore-scripts] [--source-maps deny|no-sources|allow]
        [--baseline latest|name@version|FILE.tgz|DIR] [--registry URL] [--manifest FILE]

  Reads the tarball as a stream (never extracted, never executed). Config comes from
  --config, or shipgate.config.json / package.json#shipgate in the current directory,
  never from inside the tarball.
  --baseline and --manifest work as in check (shipgate.manifest.json is looked up in the
  current directory for a tarball).`,
  options: GATE_OPTIONS,
  run(args, io) {
    if (args.positionals.length !== 1) throw new ShipgateError('EUSAGE', 'scan takes exactly one tarball or directory', 'see "shipgate help scan"');
    return runGate({ target: args.positionals[0]! }, args, io);
  },
};
