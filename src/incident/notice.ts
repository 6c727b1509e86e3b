// A short notice for the package's users, in Markdown: what happened, which version, what to do.
// It states what the plan knows and nothing more; the maintainer edits and posts it.
import { inlineCode, markdownText } from '../reporters/markdown.js';
import { plural } from '../util/format.js';
import type { IncidentPlan } from './model.js';
import { leakWords } from './leak.js';

export function buildNotice(plan: Omit<IncidentPlan, 'notice'>): string {
  const id = `${plan.name}@${plan.version}`;
  const when = plan.publishedAt ? ` on ${plan.publishedAt.slice(0, 10)}` : '';
  const use = plan.newerGood?.version ?? plan.latest.target?.version ?? (plan.latest.current !== plan.version ? plan.latest.current : undefined) ?? plan.supersede.nextVersion;
  const lines: string[] = [];
  lines.push(`## Security notice: ${markdownText(id)}`, '');
  const what: string[] = [];
  const secrets = plan.rotate.filter((r) => r.severity !== 'info');
  if (secrets.length) what.push(plural(secrets.length, 'credential'));
  if (plan.exposure && plan.exposure.files > 0) what.push(`source maps embedding ${plural(plan.exposure.files, 'original source file')} (${plural(plan.exposure.lines, 'line')})`);
  if (plan.forbidden.length) what.push(plural(plan.forbidden.length, 'file') + ' that should never be published');
  const facts = plan.inspected ? { credentials: secrets.length, exposedFiles: plan.exposure?.files ?? 0, forbiddenFiles: plan.forbidden.length } : undefined;
  const contents = what.length ? what.join(', ') : leakWords(facts);
  lines.push(`${inlineCode(id)}, published${when}, was released by mistake with ${markdownText(contents)}.`, '');
  lines.push('**What to do**', '');
  lines.push(`- If you depend on ${markdownText(plan.name)}, make sure you do not install ${inlineCode(plan.version)}: upgrade with ${inlineCode(`npm install ${plan.name}@${use}`)} and check your lockfile.`);
  const tags = plan.tagChanges.filter((c) => c.action !== 'blocked').map((c) => c.tag);
  const tagWords = tags.length ? `; ${tags.map((t) => inlineCode(t)).join(', ')} no longer ${tags.length === 1 ? 'points' : 'point'} at it` : '';
  lines.push(`- ${inlineCode(id)} is ${plan.unpublished ? 'no longer available from the registry' : 'deprecated'}${tagWords}.`);
  lines.push('', '**What we are doing**', '');
  const release = plan.newerGood
    ? `Directing users to ${inlineCode(`${plan.name}@${plan.newerGood.version}`)}.`
    : `Publishing ${inlineCode(`${plan.name}@${plan.supersede.nextVersion}`)} without the affected files.`;
  lines.push(`- ${secrets.length ? 'Revoking every credential found in the release. ' : ''}${release}`);
  lines.push('- Adding a release gate that inspects the exact tarball before it is published.');
  return `${lines.join('\n')}\n`;
}
