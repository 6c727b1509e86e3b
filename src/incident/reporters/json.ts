import type { IncidentReporter } from './types.js';

/** The plan as data (`IncidentPlan`, schemaVersion 1). */
export const incidentJsonReporter: IncidentReporter = {
  name: 'json',
  render: (plan) => `${JSON.stringify(plan, null, 2)}\n`,
};
