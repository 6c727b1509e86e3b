// `shipgate guard`, for `prepublishOnly`: publish only from CI, want trusted publishing, run check.
// The decisions live in src/publish; this file prints them and picks the exit code.
import { ShipgateError } from '../../errors.js';
import { assessEnvironment, dryRunFromEnvironment, GUARD_MARKER, packEnvironment, type EnvironmentDecision } from '../../publish/environment.js';
import type { CliIO, Command, ParsedArgs } from '../command.js';
import { GATE_OPTIONS, runGate } from '../gate.js';

const USAGE = `guard [dir] [--require-oidc] [--allow-local REASON] [check options]

  For "prepublishOnly": { "scripts": { "prepublishOnly": "shipgate guard" } }.

  1. Refuses (exit 1) when npm publish runs outside CI (CI=true, GITHUB_ACTIONS, GITLAB_CI,
     CIRCLECI, TF_BUILD, BUILDKITE, … unset). A dry run (npm publish --dry-run) is let through.
  2. In CI, warns when no trusted-publishing (OIDC) credential is available (GitHub:
     ACTIONS_ID_TOKEN_REQUEST_URL + ACTIONS_ID_TOKEN_REQUEST_TOKEN, i.e. id-token: write;
     GitLab/CircleCI: NPM_ID_TOKEN); with --require-oidc that is a failure.
  3. Runs "shipgate check [dir]" with the same options and config; findings fail the publish.

  Emergency override, printed loudly: --allow-local "<reason>" or
  SHIPGATE_ALLOW_LOCAL_PUBLISH="<reason>" (a reason is required).

  guard checks its own "npm pack" of [dir]; npm publish packs again after prepublishOnly. To
  publish the very bytes that were checked, use "shipgate publish" instead. Every npm process
  shipgate starts gets SHIPGATE_GUARD=1, and guard does nothing when it sees it, so a guard
  wired into prepack or prepare cannot recurse.`;

export const guardCommand: Command = {
  name: 'guard',
  summary: 'for prepublishOnly: refuse publishing outside CI, want trusted publishing, run check',
  usage: USAGE,
  options: {
    ...GATE_OPTIONS,
    'require-oidc': { type: 'boolean' },
    'allow-local': { type: 'string' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    if (io.env[GUARD_MARKER] === '1') {
      io.stderr(`shipgate guard: skipped: this runs inside shipgate's own npm pack or publish (${GUARD_MARKER}=1)\n`);
      return 0;
    }
    if (args.positionals.length > 1) throw new ShipgateError('EUSAGE', 'guard takes at most one directory', 'see "shipgate help guard"');
    const allowLocal = args.values['allow-local'];
    const decision = assessEnvironment(io.env, {
      allowLocal: typeof allowLocal === 'string' ? allowLocal : undefined,
      requireOidc: args.values['require-oidc'] === true,
      dryRun: dryRunFromEnvironment(io.env),
    });
    printDecision('guard', decision, io);
    if (!decision.allowed) return 1;

    const event = io.env.npm_lifecycle_event;
    if (event && event !== 'prepublishOnly' && event !== 'prepublish') {
      io.stderr(`shipgate guard: note: running from the "${event}" script; guard belongs in "prepublishOnly", which only npm publish runs\n`);
    }
    const code = await runGate({ target: args.positionals[0] ?? '.' }, args, { ...io, env: packEnvironment(io.env) });
    if (code === 1) io.stderr('shipgate guard: the check failed; npm publish stops here\n');
    return code;
  },
};

/** A refusal is one line and nothing else; otherwise notes, then warnings (loud). Shared with `publish`. */
export function printDecision(command: string, decision: EnvironmentDecision, io: CliIO): void {
  if (decision.refusal) {
    io.stderr(`shipgate ${command}: ${decision.refusal}\n`);
    return;
  }
  for (const note of decision.notes) io.stderr(`shipgate ${command}: ${note}\n`);
  for (const warning of decision.warnings) io.stderr(`shipgate ${command}: WARNING: ${warning}\n`);
}
