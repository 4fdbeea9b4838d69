// Markdown pieces for job summaries and reports: tables and Mermaid charts.

const ZERO_WIDTH_SPACE = '&#8203;';

/**
 * Untrusted text (a dataset value, a branch name, a PR title) as inert Markdown on one
 * line: no HTML, no link, image, autolink, @mention or #reference, no emphasis or code
 * span that runs past it, no `|` that splits a table cell. Plain identifiers such as
 * `spend_30d`, `v3` or `>= 0.85` read unchanged.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|[\r\n]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/[\\`*[\]|~]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

/** Untrusted text as an inline code span (for prose, not table cells): nothing inside is Markdown. */
export function inlineCode(value: unknown): string {
  const text = String(value ?? '').replace(/\r\n|[\r\n]/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Untrusted lines (a log tail) as a fenced code block that no line inside can close. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`{3,}|~{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}\n`;
}

/** A table cell: escaped so that nothing in it can break the table or inject markup. */
function cell(value: unknown): string {
  return escapeMarkdown(value);
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(headers: string[], rows: unknown[][]): string {
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** A quoted Mermaid label on one line: no quote, backtick or newline can end it or the block. */
function mermaidLabel(text: string): string {
  return `"${text.replace(/["`]/g, "'").replace(/\r\n|[\r\n]/g, ' ')}"`;
}

/** A Mermaid xychart bar chart, e.g. unexpected share per column. */
export function mermaidBarChart(title: string, labels: string[], values: number[], yLabel = ''): string {
  const max = Math.max(...values, 0);
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${mermaidLabel(title)}`,
    `  x-axis [${labels.map(mermaidLabel).join(', ')}]`,
    `  y-axis ${mermaidLabel(yLabel)} 0 --> ${max > 0 ? +(max * 1.1).toPrecision(3) : 1}`,
    `  bar [${values.map((v) => +v.toPrecision(6)).join(', ')}]`,
    '```',
    '',
  ].join('\n');
}

/** A Mermaid xychart line chart with one or more series, e.g. a metric over model versions. */
export function mermaidLineChart(title: string, labels: string[], series: Array<{ name: string; values: number[] }>, yLabel = ''): string {
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const min = Math.min(...all, 0);
  const max = Math.max(...all, 0);
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${mermaidLabel(title)}`,
    `  x-axis [${labels.map(mermaidLabel).join(', ')}]`,
    `  y-axis ${mermaidLabel(yLabel)} ${+min.toPrecision(3)} --> ${max > min ? +(max * 1.05).toPrecision(3) : min + 1}`,
    ...series.map((s) => `  line [${s.values.map((v) => (Number.isFinite(v) ? +v.toPrecision(6) : 0)).join(', ')}]`),
    '```',
    '',
  ].join('\n');
}
