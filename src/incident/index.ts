// Public surface of `shipgate incident`, for src/index.ts to re-export.
export { planIncident } from './incident.js';
export type { IncidentOptions } from './incident.js';
export { buildPlan, fallbackVersion, newerGoodVersion, nextVersion } from './plan.js';
export type { PlanInput } from './plan.js';
export { assessUnpublish, UNPUBLISH_POLICY } from './unpublish.js';
export type { Fact, Tri, UnpublishAssessment, UnpublishFacts } from './unpublish.js';
export { applyPlan } from './apply.js';
export type { ApplyHooks, StepResult } from './apply.js';
export type * from './model.js';
export { INCIDENT_REPORTERS } from './reporters/index.js';
