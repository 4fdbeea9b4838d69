// Renders a DriftReport for people: a Markdown job summary (verdict, a table per column
// and a Mermaid bar chart of each column's drift score) and plain-text table rows.
import { markdownTable, mermaidBarChart } from '../report/markdown.ts';
import type { ColumnDrift, DriftReport } from './types.ts';

/** A statistic as people read it: 4 significant digits, tiny p-values in exponent form. */
export function formatStatistic(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(+value.toPrecision(4));
}

const TESTS = new Set(['ks', 'chi2']);

/** `p <= 0.05` for tests, `>= 0.1` for distances: the rule that makes a column drift. */
export function driftRule(c: ColumnDrift): string {
  if (c.method === 'none') return '';
  if (c.method === 'ks') return `p ≤ ${c.threshold}`;
  if (c.method === 'chi2') return `p < ${c.threshold}`;
  return `≥ ${c.threshold}`;
}

/** The rows of the per-column table: column, method, statistic, threshold, verdict. */
export function driftTableRows(report: DriftReport): string[][] {
  return report.columns.map((c) => [
    c.column,
    c.method === 'none' ? '—' : c.method,
    `${TESTS.has(c.method) ? 'p = ' : ''}${formatStatistic(c.statistic)}${c.approximate ? ' ≈' : ''}`,
    driftRule(c),
    c.verdict === 'skipped' ? `skipped: ${c.note ?? ''}` : c.note ? `${c.verdict} (${c.note})` : c.verdict,
  ]);
}

export function driftHeadline(report: DriftReport): string {
  const compared = report.columns.filter((c) => c.verdict !== 'skipped');
  const drifted = compared.filter((c) => c.drifted).length;
  const share = `${drifted} of ${compared.length} columns drifted (${+(report.share * 100).toFixed(1)}%, threshold ${+(report.threshold * 100).toFixed(1)}%)`;
  return report.drifted ? `Dataset drift: ${share}` : `No dataset drift: ${share}`;
}

/** GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`. */
export function driftSummaryMarkdown(report: DriftReport, title = 'Data drift'): string {
  const compared = report.columns.filter((c) => c.verdict !== 'skipped' && c.statistic !== null);
  const lines = [
    `## ${report.drifted ? '⚠️' : '✅'} ${title}`,
    '',
    `**${driftHeadline(report)}.** Reference: ${report.reference_rows.toLocaleString('en-US')} rows; current: ${report.current_rows.toLocaleString('en-US')} rows.`,
    '',
    markdownTable(['column', 'method', 'statistic', 'drifts when', 'verdict'], driftTableRows(report)),
  ];
  if (compared.length > 0) {
    lines.push(
      mermaidBarChart(
        'Drift score per column (p-value for ks/chi2, distance otherwise)',
        compared.map((c) => `${c.column} (${c.method})`),
        compared.map((c) => (Number.isFinite(c.statistic) ? c.statistic! : 0)),
        'score',
      ),
    );
  }
  if (report.columns.some((c) => c.approximate)) lines.push('≈ computed from a sketch of a large dataset; see docs/drift.md for the error bounds.', '');
  return lines.join('\n');
}
