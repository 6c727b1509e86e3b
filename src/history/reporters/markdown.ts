// Markdown for an issue, a pull request or a step summary. Every value from the registry or a
// tarball goes through markdownText, so none can break the table or inject markup.
import { inlineCode, markdownText } from '../../reporters/markdown.js';
import { plural } from '../../util/format.js';
import type { HistoryResult, HistoryVersion } from '../model.js';
import { filesCell, forbiddenCell, mapsCell, provenanceCell, publishedCell, secretsCell, sizeCell, statusCell, tagsCell } from './cells.js';
import type { HistoryReporter } from './types.js';

const HEAD = ['Version', 'Tags', 'Published', 'Files', 'Unpacked', 'Source maps', 'Secrets', 'Forbidden', 'Provenance', 'Status'];
const CELLS: ReadonlyArray<(v: HistoryVersion) => string> = [(v) => v.version, tagsCell, publishedCell, filesCell, sizeCell, mapsCell, secretsCell, forbiddenCell, provenanceCell, statusCell];

export const historyMarkdownReporter: HistoryReporter = {
  name: 'markdown',
  render(result: HistoryResult) {
    const t = result.totals;
    const out: string[] = [];
    out.push(`## shipgate history: ${inlineCode(result.name)}${result.range ? ` ${inlineCode(result.range)}` : ''}`, '');
    out.push(
      result.passed
        ? `✅ No version leaked (${plural(t.versions, 'version')}: ${t.clean} clean, ${t.gone} gone, ${t.errors} not inspected).`
        : `🛑 **${plural(t.leaked, 'version')} leaked** (${plural(t.versions, 'version')}: ${t.clean} clean, ${t.gone} gone, ${t.errors} not inspected${t.unverified ? `, ${t.unverified} failed verification` : ''}).`,
      '',
    );
    out.push(`| ${HEAD.join(' | ')} |`, `| ${HEAD.map(() => '---').join(' | ')} |`);
    for (const v of result.versions) {
      const cells = CELLS.map((cell) => markdownText(cell(v)));
      if (v.status === 'leaked') cells[cells.length - 1] = `**${cells[cells.length - 1]}**`;
      out.push(`| ${cells.join(' | ')} |`);
    }
    for (const v of result.versions) {
      const i = v.inspection;
      if (!i || i.passed) continue;
      out.push('', `### ${markdownText(`${result.name}@${v.version}`)}`, '');
      for (const s of i.secrets) {
        const where = `${s.path}${s.source ? ` (${s.source})` : ''}${s.line ? `:${s.line}` : ''}`;
        out.push(`- 🔑 ${markdownText(s.description)} in ${markdownText(where)}: ${markdownText(s.redacted)} (fingerprint ${markdownText(s.fingerprint)})${s.rotationUrl ? ` — [rotate](${encodeURI(s.rotationUrl)})` : ''}`);
      }
      for (const m of i.exposure.exposing) out.push(`- 🗺️ ${markdownText(m.path)} exposes ${plural(m.exposedFiles, 'original file')}, ${plural(m.exposedLines, 'line')}`);
      for (const f of i.forbidden) out.push(`- 🚫 ${markdownText(f.path)}: ${markdownText(f.message)}`);
    }
    const errors = result.versions.filter((v) => v.error);
    if (errors.length) {
      out.push('', '### Not inspected', '');
      for (const v of errors) out.push(`- ${markdownText(v.version)}: ${markdownText(v.error ?? '')}`);
    }
    for (const note of result.notes) out.push('', `> ${markdownText(note)}`);
    return `${out.join('\n')}\n`;
  },
};
