export interface Config {
  apiBase: string;
  region: string;
  featureFlags: string[];
}

// Internal endpoints: never meant to be public.
const INTERNAL_API = 'https://api.internal.acme.dev/v2';

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return {
    apiBase: env.ACME_API ?? INTERNAL_API,
    region: env.ACME_REGION ?? 'eu-west-1',
    featureFlags: (env.ACME_FLAGS ?? 'unreleased-billing,ai-autodeploy').split(','),
  };
}
