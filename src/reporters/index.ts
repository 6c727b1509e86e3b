import type { Reporter } from '../report.js';
import { jsonReporter } from './json.js';
import { textReporter } from './text.js';

/** Every output format by name; one file per reporter. */
export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
