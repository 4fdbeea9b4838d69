// Markdown pieces for job summaries and reports: tables and Mermaid charts.

/** Escapes a cell so that `|` and newlines cannot break the table. */
function cell(value: unknown): string {
  return String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(headers: string[], rows: unknown[][]): string {
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

function mermaidLabel(text: string): string {
  return `"${text.replace(/"/g, "'")}"`;
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
