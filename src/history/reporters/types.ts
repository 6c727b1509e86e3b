import type { HistoryResult } from '../model.js';

/** One output format of `shipgate history`, one file each, registered in ./index.ts. */
export interface HistoryReporter {
  name: string;
  render(result: HistoryResult, options: { color: boolean }): string;
}
