import type { Config } from '../config.js';

// Unreleased: usage reporting to the internal collector.
export async function reportUsage(config: Config, command: string): Promise<void> {
  const body = JSON.stringify({ command, flags: config.featureFlags, at: Date.now() });
  await fetch(`${config.apiBase}/telemetry`, { method: 'POST', body }).catch(() => undefined);
}
