// The plan for a terminal: numbered sections in the order to act on them, credentials first.
import { plainText } from '../../history/reporters/text.js';
import type { IncidentPlan } from '../model.js';
import { exposureLines, fallbackLine, hoursAgo, tagsLine, TRI_MARK } from './sections.js';
import type { IncidentReporter } from './types.js';

export const incidentTextReporter: IncidentReporter = {
  name: 'text',
  render(plan: IncidentPlan, { color }) {
    const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[0m` : s);
    const red = (s: string) => (color ? `\u001b[31m${s}\u001b[0m` : s);
    const out: string[] = [];
    const row = (label: string, value: string) => out.push(`  ${label.padEnd(11)} ${value}`);
    out.push(`${bold('shipgate incident')} ${plan.name}@${plan.version}  (${plan.registry})`);
    row('published', plan.publishedAt ? `${plan.publishedAt}${hoursAgo(plan)}` : 'unknown');
    if (plan.unpublished) row('state', 'already unpublished');
    if (plan.deprecated) row('deprecated', plainText(plan.deprecated));
    row('dist-tags', tagsLine(plan));
    row('latest', plan.latest.detail);
    row('falls back', fallbackLine(plan));

    let n = 0;
    const section = (title: string) => out.push('', bold(`${++n}. ${title}`));
    section('Revoke these credentials now');
    if (!plan.inspected) out.push(`   unknown: ${plainText(plan.inspectionError ?? 'the tarball could not be read')}`);
    else if (plan.rotate.length === 0) out.push('   no credentials found');
    for (const r of plan.rotate) {
      const weak = r.validated === false ? '  (checksum does not match: probably not live; check anyway)' : '';
      out.push(`   - ${red(plainText(r.description))} ${plainText(r.redacted)}  fingerprint ${r.fingerprint}${weak}`);
      out.push(`     found in ${plainText(r.locations.join(', '))}`);
      out.push(`     ${r.rotationUrl ? `rotate at ${r.rotationUrl}` : 'no rotation page known: revoke it where it was issued'}`);
    }
    section('What else it exposed');
    for (const line of exposureLines(plan)) out.push(`   ${plainText(line)}`);
    section('Deprecate the version and move dist-tags (what --apply runs)');
    if (plan.steps.length === 0) out.push('   nothing to run');
    for (const step of plan.steps) out.push(`   ${plainText(step.command)}`);
    for (const c of plan.tagChanges.filter((t) => t.action === 'blocked')) out.push(`   ${c.tag}: ${c.reason}`);
    section(`Publish a superseding release (${plan.supersede.nextVersion}; not run by shipgate)`);
    for (const cmd of plan.supersede.commands) out.push(`   ${cmd}`);
    for (const note of plan.supersede.notes) out.push(`   note: ${note}`);
    section(`Unpublish: ${TRI_MARK[plan.unpublish.possible]}`);
    out.push(`   ${plan.unpublish.summary}`);
    for (const c of plan.unpublish.conditions) out.push(`   [${TRI_MARK[c.met].padEnd(7)}] ${c.requirement}: ${c.actual}`);
    if (plan.unpublish.unknown.length) out.push(`   unknown: ${plan.unpublish.unknown.length} ${plan.unpublish.unknown.length === 1 ? 'fact' : 'facts'} (above) could not be fetched`);
    if (plan.unpublish.possible !== 'no' && !plan.unpublished) out.push(`   if allowed (not run by shipgate): ${plan.unpublish.command}`);
    out.push(`   policy: ${plan.unpublish.policyUrl}`);
    section('Notice for users (Markdown)');
    for (const line of plan.notice.trimEnd().split('\n')) out.push(line ? `   ${line}` : '');
    if (plan.notes.length) {
      out.push('', bold('Notes'));
      for (const note of plan.notes) out.push(`  - ${plainText(note)}`);
    }
    out.push('');
    if (!plan.applied) out.push(plan.steps.length ? 'Nothing was changed. Run again with --apply to deprecate and move dist-tags (each step is confirmed).' : 'Nothing was changed.');
    else for (const a of plan.applied) out.push(`${a.outcome.padEnd(8)} ${plainText(a.command)}${a.detail ? `  (${plainText(a.detail)})` : ''}`);
    return `${out.join('\n')}\n`;
  },
};
