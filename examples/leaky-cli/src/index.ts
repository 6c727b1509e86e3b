import { loadConfig } from './config.js';
import { reportUsage } from './internal/telemetry.js';
import { planRollout } from './internal/rollout.js';

export async function main(argv: string[]): Promise<number> {
  const config = loadConfig(process.env);
  await reportUsage(config, argv[0] ?? 'help');
  if (argv[0] === 'deploy') {
    const plan = planRollout(config.region, argv.slice(1));
    console.log(plan.summary);
    return plan.ok ? 0 : 1;
  }
  console.log('usage: leaky deploy <service>');
  return 0;
}
