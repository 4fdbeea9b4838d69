// How promotions and rollbacks read: a terminal table and a job-summary page with a
// chart of each gated metric over the versions.
import { markdownTable, mermaidLineChart } from '../report/index.ts';
import type { ModelVersion } from '../registry/types.ts';
import { type Gate, metricValue } from './gates.ts';
import { sortVersions, type PromotionResult } from './promotion.ts';
import type { RollbackResult } from './rollback.ts';

function show(value: number | null): string {
  return value === null ? '-' : String(Number(value.toPrecision(6)));
}

/** Rows of the gate table: metric, candidate, champion, rule, result. */
export function gateRows(result: PromotionResult): string[][] {
  return result.gates.map((g) => [g.metric, show(g.value), show(g.champion_value), g.rule, g.passed ? 'pass' : 'FAIL', g.note ?? '']);
}

const HEADERS = (result: PromotionResult) => ['metric', `candidate ${result.version}`, `champion ${result.champion_before ?? '(none)'}`, 'rule', 'result', 'note'];

function verdict(result: PromotionResult): string {
  if (result.promoted) return `${result.alias}: ${result.champion_before ?? '(none)'} -> ${result.champion_after} (promoted ${result.version})`;
  return `${result.version} not promoted: ${result.note ?? 'refused'}; ${result.alias} stays ${result.champion_after ?? '(none)'}`;
}

/** A plain-text table for terminals. */
export function formatPromotionText(result: PromotionResult): string {
  const headers = HEADERS(result);
  const rows = gateRows(result);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const table = rows.length > 0 ? `${[line(headers), ...rows.map(line)].join('\n')}\n` : '';
  return `${table}${verdict(result)}\n`;
}

/** Each gated metric over the versions, for a chart. */
export function metricSeries(versions: ModelVersion[], gates: Gate[]): { labels: string[]; series: Array<{ name: string; values: number[] }> } {
  const sorted = sortVersions(versions);
  const metrics = [...new Set(gates.map((g) => g.metric))];
  return {
    labels: sorted.map((v) => v.card.version),
    series: metrics.map((metric) => ({ name: metric, values: sorted.map((v) => metricValue(v.card, metric) ?? Number.NaN) })),
  };
}

/** The promote job summary: verdict, gate table, and a line chart per gated metric. */
export function promotionMarkdown(result: PromotionResult, versions: ModelVersion[], gates: Gate[]): string {
  const parts = [`### ${result.promoted ? 'Promoted' : 'Not promoted'}: ${result.version}\n`, `${verdict(result)}\n`];
  if (result.gates.length > 0) parts.push(markdownTable(HEADERS(result), gateRows(result)));
  const { labels, series } = metricSeries(versions, gates);
  if (labels.length > 0) {
    for (const s of series) parts.push(mermaidLineChart(`${s.name} by version`, labels, [s], s.name));
  }
  return parts.join('\n');
}

export function formatRollbackText(result: RollbackResult): string {
  if (!result.rolled_back) return `${result.note ?? 'nothing to roll back'}\n`;
  return `${result.alias}: ${result.champion_before ?? '(none)'} -> ${result.champion_after} (rolled back by ${result.move?.actor}; reason: ${result.move?.reason})\ntraffic: ${result.traffic}\n`;
}

export function rollbackMarkdown(result: RollbackResult): string {
  const title = result.rolled_back ? `### Rolled back ${result.alias} to ${result.champion_after}` : `### ${result.alias} unchanged`;
  const rows = [
    ['alias', result.alias],
    ['before', result.champion_before ?? '(none)'],
    ['after', result.champion_after ?? '(none)'],
    ['actor', result.move?.actor ?? '-'],
    ['reason', result.move?.reason ?? result.note ?? '-'],
    ['traffic', result.traffic],
  ];
  return `${title}\n\n${markdownTable(['', 'value'], rows)}`;
}
