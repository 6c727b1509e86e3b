import type { Reporter } from '../report.js';

/** The Report as JSON: a documented, stable schema (docs/output-formats.md). */
export const jsonReporter: Reporter = {
  name: 'json',
  render(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
