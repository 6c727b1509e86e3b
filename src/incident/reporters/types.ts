import type { IncidentPlan } from '../model.js';

/** One output format of `shipgate incident`, one file each, registered in ./index.ts. */
export interface IncidentReporter {
  name: string;
  render(plan: IncidentPlan, options: { color: boolean }): string;
}
