// The Markdown job summary of a ValidationReport: verdict, rows, fingerprint, a table of
// failed rules with examples, and a Mermaid chart of the unexpected share per column.
import { type Document, isMap, LineCounter, parseDocument } from 'yaml';
import { inlineCode, markdownTable, mermaidBarChart } from '../report/markdown.ts';
import type { RuleResult, UnexpectedValue, ValidationReport } from './types.ts';

/** Examples shown per failed rule; the JSON report keeps all (up to 20). */
const EXAMPLES_SHOWN = 5;

function percent(value: number): string {
  if (value === 0) return '0%';
  if (value < 0.01) return '<0.01%';
  return `${+value.toFixed(2)}%`;
}

function exampleText(value: unknown): string {
  const text = value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function examples(list: UnexpectedValue[]): string {
  const shown = list.slice(0, EXAMPLES_SHOWN).map((u) => `row ${u.row}: ${exampleText(u.value)}`);
  if (list.length > EXAMPLES_SHOWN) shown.push(`+${list.length - EXAMPLES_SHOWN} more`);
  return shown.join('; ');
}

function resultRow(r: RuleResult): unknown[] {
  const unexpected = r.column === null && r.unexpected_count === 0 && r.observed ? r.observed : r.unexpected_count.toLocaleString('en-US');
  return [r.rule, r.column ?? '(table)', r.severity, unexpected, percent(r.unexpected_percent), r.expected ?? '', examples(r.partial_unexpected_list)];
}

/** The largest unexpected share among each column's rules, in the order columns first appear. */
function shareByColumn(results: RuleResult[]): Map<string, number> {
  const shares = new Map<string, number>();
  for (const r of results) {
    if (r.column === null) continue;
    shares.set(r.column, Math.max(shares.get(r.column) ?? 0, r.unexpected_percent));
  }
  return shares;
}

/** Renders the report as GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`. */
export function validationSummaryMarkdown(report: ValidationReport): string {
  const failed = report.results.filter((r) => !r.passed);
  const errors = failed.filter((r) => r.severity === 'error').length;
  const warnings = failed.length - errors;
  const lines: string[] = [];
  lines.push(`## ${report.passed ? '✅' : '❌'} Dataset ${inlineCode(report.dataset)} ${report.passed ? 'passed' : 'failed'}`, '');
  lines.push(`- **Source:** ${inlineCode(report.path)}`);
  lines.push(`- **Rows:** ${report.rows.toLocaleString('en-US')}`);
  lines.push(`- **Fingerprint:** \`${report.fingerprint}\``);
  lines.push(`- **Rules:** ${report.results.length - failed.length} of ${report.results.length} passed${errors ? `, ${errors} failed` : ''}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}`);
  if (report.seconds !== undefined) lines.push(`- **Time:** ${report.seconds.toFixed(2)} s`);
  lines.push('');
  const headers = ['Rule', 'Column', 'Severity', 'Unexpected', 'Percent', 'Expected', 'Examples (row: value)'];
  if (failed.length > 0) {
    lines.push('### Failed rules', '', markdownTable(headers, failed.map(resultRow)));
    const shares = [...shareByColumn(report.results)].filter(([, share]) => share > 0);
    if (shares.length > 0) {
      lines.push('### Unexpected share per column', '');
      lines.push(mermaidBarChart('Unexpected values per column (%)', shares.map(([column]) => column), shares.map(([, share]) => share), '% unexpected'));
    }
  } else {
    lines.push('No rule failed.', '');
  }
  if (report.results.length > 0) {
    lines.push('<details><summary>All rules</summary>', '', markdownTable(headers, report.results.map(resultRow)), '</details>', '');
  }
  return lines.join('\n');
}

/** One failed rule as a CI annotation, pointing at the spec line that declares it when found. */
export interface RuleAnnotation {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
}

/** Where each rule is declared under `datasets.<name>` (following `like:`). */
function ruleKeyPath(result: RuleResult): string[] {
  if (result.rule === 'strict') return ['strict'];
  if (result.column === null || result.rule === 'freshness') return ['checks', result.rule];
  const key = result.rule === 'not-null' ? 'nullable' : result.rule;
  return ['columns', result.column, key];
}

function declarationLine(doc: Document, lineCounter: LineCounter, dataset: string, path: string[]): number | undefined {
  const seen = new Set<string>();
  let name: string | undefined = dataset;
  while (name !== undefined && !seen.has(name)) {
    seen.add(name);
    const node = doc.getIn(['datasets', name, ...path], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
    const own: unknown = doc.getIn(['datasets', name], true);
    const like: unknown = isMap(own) ? own.get('like') : undefined;
    name = typeof like === 'string' ? like : undefined;
  }
  return undefined;
}

/** Annotations for every failed rule: errors for `error` rules, warnings for `warn` rules. */
export function validationAnnotations(report: ValidationReport, spec?: { file: string; text: string }): RuleAnnotation[] {
  const lineCounter = new LineCounter();
  const doc = spec ? parseDocument(spec.text, { lineCounter }) : undefined;
  return report.results
    .filter((r) => !r.passed)
    .map((r) => {
      const where = r.column === null ? '' : ` column '${r.column}'`;
      const detail = r.observed ?? `${r.unexpected_count} unexpected of ${r.element_count} (${percent(r.unexpected_percent)})`;
      const first = r.partial_unexpected_list[0];
      const example = first ? `, e.g. row ${first.row}: ${exampleText(first.value)}` : '';
      const annotation: RuleAnnotation = {
        severity: r.severity === 'warn' ? 'warning' : 'error',
        message: `dataset '${report.dataset}'${where}: rule '${r.rule}' failed${r.expected ? ` (expected ${r.expected})` : ''}: ${detail}${example}`,
      };
      if (spec && doc) {
        annotation.file = spec.file;
        const line = declarationLine(doc, lineCounter, report.dataset, ruleKeyPath(r));
        if (line !== undefined) annotation.line = line;
      }
      return annotation;
    });
}
