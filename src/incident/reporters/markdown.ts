// The plan as Markdown, for the incident ticket. Values from the registry or the tarball are
// escaped; commands sit in fences no backtick inside them can close.
import { inlineCode, markdownText } from '../../reporters/markdown.js';
import type { IncidentPlan } from '../model.js';
import { exposureLines, fallbackLine, hoursAgo, tagsLine, TRI_MARK } from './sections.js';
import type { IncidentReporter } from './types.js';

function fence(lines: readonly string[], lang = 'sh'): string[] {
  const body = lines.join('\n');
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const f = '`'.repeat(longest + 1);
  return [`${f}${lang}`, ...lines, f];
}

export const incidentMarkdownReporter: IncidentReporter = {
  name: 'markdown',
  render(plan: IncidentPlan) {
    const out: string[] = [];
    out.push(`## Incident plan: ${inlineCode(`${plan.name}@${plan.version}`)}`, '');
    out.push('| | |', '| --- | --- |');
    out.push(`| Registry | ${markdownText(plan.registry)} |`);
    out.push(`| Published | ${markdownText(plan.publishedAt ? `${plan.publishedAt}${hoursAgo(plan)}` : 'unknown')} |`);
    if (plan.unpublished) out.push('| State | already unpublished |');
    if (plan.deprecated) out.push(`| Deprecated | ${markdownText(plan.deprecated)} |`);
    out.push(`| dist-tags | ${markdownText(tagsLine(plan))} |`);
    out.push(`| latest | ${markdownText(plan.latest.detail)} |`);
    out.push(`| Falls back to | ${markdownText(fallbackLine(plan))} |`);

    out.push('', '### 1. Revoke these credentials now', '');
    if (!plan.inspected) out.push(`Unknown: ${markdownText(plan.inspectionError ?? 'the tarball could not be read')}`);
    else if (plan.rotate.length === 0) out.push('No credentials found.');
    else {
      out.push('| Credential | Redacted | Found in | Fingerprint | Rotate |', '| --- | --- | --- | --- | --- |');
      for (const r of plan.rotate) {
        const weak = r.validated === false ? ' (checksum mismatch: probably not live)' : '';
        out.push(`| ${markdownText(r.description + weak)} | ${markdownText(r.redacted)} | ${markdownText(r.locations.join(', '))} | ${markdownText(r.fingerprint)} | ${r.rotationUrl ? `[rotation page](${encodeURI(r.rotationUrl)})` : 'revoke where it was issued'} |`);
      }
    }
    out.push('', '### 2. What else it exposed', '');
    for (const line of exposureLines(plan)) out.push(`- ${markdownText(line)}`);
    out.push('', '### 3. Deprecate and move dist-tags', '', '`shipgate incident --apply` runs these, each confirmed:', '');
    if (plan.steps.length) out.push(...fence(plan.steps.map((s) => s.command)));
    else out.push('Nothing to run.');
    for (const c of plan.tagChanges.filter((t) => t.action === 'blocked')) out.push('', `- ${inlineCode(c.tag)}: ${markdownText(c.reason)}`);
    out.push('', `### 4. Publish a superseding release (${inlineCode(plan.supersede.nextVersion)})`, '');
    out.push(...fence(plan.supersede.commands), '');
    for (const note of plan.supersede.notes) out.push(`- ${markdownText(note)}`);
    out.push('', `### 5. Unpublish: ${TRI_MARK[plan.unpublish.possible]}`, '', markdownText(plan.unpublish.summary), '');
    out.push('| Condition | Known | Met |', '| --- | --- | --- |');
    for (const c of plan.unpublish.conditions) out.push(`| ${markdownText(c.requirement)} | ${markdownText(c.actual)} | ${TRI_MARK[c.met]} |`);
    if (plan.unpublish.possible !== 'no' && !plan.unpublished) out.push('', 'If allowed (shipgate never runs it):', '', ...fence([plan.unpublish.command]));
    out.push('', `Policy: ${plan.unpublish.policyUrl}`);
    out.push('', '### 6. Notice for users', '', ...fence(plan.notice.trimEnd().split('\n'), 'markdown'));
    if (plan.notes.length) {
      out.push('', '### Notes', '');
      for (const note of plan.notes) out.push(`- ${markdownText(note)}`);
    }
    if (plan.applied) {
      out.push('', '### Applied', '', '| Step | Outcome |', '| --- | --- |');
      for (const a of plan.applied) out.push(`| ${markdownText(a.command)} | ${a.outcome}${a.detail ? `: ${markdownText(a.detail)}` : ''} |`);
    }
    return `${out.join('\n')}\n`;
  },
};
