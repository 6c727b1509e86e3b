import { historyJsonReporter } from './json.js';
import { historyMarkdownReporter } from './markdown.js';
import { historyTextReporter } from './text.js';
import type { HistoryReporter } from './types.js';

export const HISTORY_REPORTERS: Readonly<Record<string, HistoryReporter>> = {
  text: historyTextReporter,
  json: historyJsonReporter,
  markdown: historyMarkdownReporter,
};

export type { HistoryReporter } from './types.js';
