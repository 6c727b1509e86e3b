import { incidentJsonReporter } from './json.js';
import { incidentMarkdownReporter } from './markdown.js';
import { incidentTextReporter } from './text.js';
import type { IncidentReporter } from './types.js';

export const INCIDENT_REPORTERS: Readonly<Record<string, IncidentReporter>> = {
  text: incidentTextReporter,
  json: incidentJsonReporter,
  markdown: incidentMarkdownReporter,
};

export type { IncidentReporter } from './types.js';
