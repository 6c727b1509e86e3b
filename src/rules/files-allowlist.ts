import type { RuleFinding } from '../types.js';
import type { Rule } from './rule.js';

export const filesAllowlistRule: Rule = {
  id: 'files-allowlist',
  defaultSeverity: 'warning',
  rationale: 'Without a "files" allowlist npm publishes everything not ignored; slashless negations mean different things to different npm versions.',
  check(artifact) {
    const manifest = artifact.manifest;
    if (!manifest) return [];
    const findings: RuleFinding[] = [];
    const at = (message: string, severity: RuleFinding['severity'], data?: Record<string, unknown>): void => {
      findings.push({ rule: 'files-allowlist', severity, path: 'package.json', message, data });
    };
    const files = manifest.files;
    if (files === undefined) {
      at('package.json has no "files" allowlist, so npm publishes every file that is not ignored (as if "files": ["*"]); list what should ship', 'warning');
      return findings;
    }
    if (!Array.isArray(files) || files.some((f) => typeof f !== 'string')) {
      at('"files" in package.json must be an array of strings; npm ignores other values', 'warning');
      return findings;
    }
    for (const entry of files as string[]) {
      if (entry.startsWith('!') && !entry.slice(1).replace(/^\.\//, '').includes('/')) {
        at(`"files" entry "${entry}" has no slash: npm-packlist 10 (npm ≤ 11.x today) matches it against every basename, npm-packlist 11 only at the package root, so what it excludes depends on the npm that publishes; write "!**/${entry.slice(1)}" (or exclude it in the build)`, 'warning', { entry });
      }
    }
    if (artifact.sourceTree?.hasNpmignore) {
      at('"files" is set and a root .npmignore exists: npm ignores the root .npmignore when "files" is present, so its rules do not apply; remove it or move its exclusions into "files"', 'info');
    }
    return findings;
  },
};
