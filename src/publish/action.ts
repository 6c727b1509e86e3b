// The GitHub Action's last mile (action.yml): `shipgate check --format json` has written its report;
// render it once more as workflow annotations, a job summary and SARIF, and set the step outputs.
// `actionArtifacts` is pure; `writeActionOutputs` is the edge that writes the files GitHub reads.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Report } from '../report.js';
import { REPORTERS } from '../reporters/index.js';
import { ruleDescriptors } from '../rules/index.js';

export interface ActionInputs {
  /** The user's `format` input: printed to the log (annotations are printed in any case). */
  format: string;
  /** Where the checked tarball was asked to go (`out`, or the action's default). */
  tarball: string;
  /** Whether the tarball exists (check writes it only when it passes). */
  tarballWritten: boolean;
}

export interface ActionArtifacts {
  /** Text for the step log: the chosen format, then annotations. */
  log: string;
  /** Markdown for `$GITHUB_STEP_SUMMARY`. */
  summary: string;
  sarif: string;
  outputs: Record<string, string>;
}

export function actionArtifacts(report: Report, inputs: ActionInputs): ActionArtifacts {
  const options = { color: false, rules: ruleDescriptors() };
  const chosen = REPORTERS[inputs.format] ?? REPORTERS.text!;
  const annotations = REPORTERS.github!.render(report, options);
  const log = chosen === REPORTERS.github ? annotations : `${chosen.render(report, options)}${annotations}`;
  return {
    log,
    summary: REPORTERS.markdown!.render(report, options),
    sarif: REPORTERS.sarif!.render(report, options),
    outputs: {
      integrity: report.integrity ?? '',
      tarball: report.passed && inputs.tarballWritten ? inputs.tarball : '',
      passed: String(report.passed),
    },
  };
}

/**
 * Reads `SHIPGATE_REPORT`, prints to the log through `write`, appends to `GITHUB_STEP_SUMMARY`,
 * writes `SHIPGATE_SARIF_FILE` (when set) and `GITHUB_OUTPUT`. Returns the check's exit code.
 */
export async function writeActionOutputs(env: NodeJS.ProcessEnv, write: (text: string) => void): Promise<number> {
  const reportFile = env.SHIPGATE_REPORT;
  if (!reportFile) throw new Error('SHIPGATE_REPORT is not set: the check step did not run');
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
  const tarball = env.SHIPGATE_OUT ?? '';
  const artifacts = actionArtifacts(report, { format: env.SHIPGATE_FORMAT || 'text', tarball, tarballWritten: tarball !== '' && existsSync(tarball) });
  write(artifacts.log);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${artifacts.summary}\n`);
  if (env.SHIPGATE_SARIF_FILE) {
    await writeFile(env.SHIPGATE_SARIF_FILE, artifacts.sarif);
    artifacts.outputs['sarif-file'] = env.SHIPGATE_SARIF_FILE;
  }
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, formatOutputs(artifacts.outputs));
  return report.passed ? 0 : 1;
}

/** `name=value` lines; a value with a newline gets GitHub's heredoc form so it cannot add outputs. */
export function formatOutputs(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
      const delimiter = `shipgate_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}
