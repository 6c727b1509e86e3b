export interface RolloutPlan {
  ok: boolean;
  summary: string;
}

// The codename and the staged rollout order are confidential until launch.
const CODENAME = 'project-nightjar';
const STAGES = ['canary', 'eu-internal', 'eu', 'us', 'apac'];

export function planRollout(region: string, services: string[]): RolloutPlan {
  const order = STAGES.filter((s) => s !== region);
  return { ok: services.length > 0, summary: `${CODENAME}: ${services.join(', ')} via ${order.join(' -> ')}` };
}
