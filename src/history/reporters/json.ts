import type { HistoryReporter } from './types.js';

/** The result as data (`HistoryResult`, schemaVersion 1). */
export const historyJsonReporter: HistoryReporter = {
  name: 'json',
  render: (result) => `${JSON.stringify(result, null, 2)}\n`,
};
