// The PR report's sections and the check runs' summaries, built from the same Markdown as
// the job summaries (data/, train/, promote/, drift/), so every surface says the same.
import { driftSummaryMarkdown } from '../drift/markdown.ts';
import type { DriftReport } from '../drift/types.ts';
import type { ValidationReport } from '../data/types.ts';
import { type Gate, metricValue } from '../promote/gates.ts';
import type { PromotionPreview } from '../promote/preview.ts';
import { type PromotionResult, sortVersions } from '../promote/promotion.ts';
import { promotionMarkdown } from '../promote/report.ts';
import type { ModelCard, ModelVersion } from '../registry/types.ts';
import { escapeMarkdown, markdownTable, mermaidLineChart } from '../report/markdown.ts';

function show(value: number | undefined): string {
  return value === undefined ? '-' : String(Number(value.toPrecision(6)));
}

function metricsTable(candidate: ModelCard, champion: ModelCard | undefined, candidateLabel: string, championLabel: string): string {
  const names = [...new Set([...Object.keys(candidate.metrics), ...Object.keys(champion?.metrics ?? {})])].sort();
  const rows = names.map((name) => {
    const mine = candidate.metrics[name];
    const theirs = champion?.metrics[name];
    const delta = mine !== undefined && theirs !== undefined ? mine - theirs : undefined;
    return [name, show(mine), show(theirs), delta === undefined ? '-' : `${delta >= 0 ? '+' : ''}${show(delta)}`];
  });
  if (rows.length === 0) return '';
  return `#### Candidate vs champion\n\n${markdownTable(['metric', candidateLabel, championLabel, 'change'], rows)}`;
}

/** Every metric of the candidate beside the champion's, with the change. */
export function candidateVsChampionMarkdown(result: PromotionResult, versions: ModelVersion[]): string {
  const candidate = versions.find((v) => v.card.version === result.version)?.card;
  const champion = result.champion_before === null ? undefined : versions.find((v) => v.card.version === result.champion_before)?.card;
  if (!candidate) return '';
  return metricsTable(candidate, champion, `candidate ${result.version}`, `champion ${result.champion_before ?? '(none)'}`);
}

/**
 * A training run of a pull request against the champion, before anything is pushed: what
 * each gate would say, every metric side by side, and each gated metric across the
 * registry's versions with this run last.
 */
export function promotionPreviewMarkdown(preview: PromotionPreview): string {
  const championLabel = `${preview.alias} ${preview.champion?.card.version ?? '(none)'}`;
  const parts = [`### ${preview.wouldPromote ? 'Would be promoted' : 'Would not be promoted'}: this run vs ${championLabel}\n`];
  const gateRows = preview.results.map((g) => [g.metric, show(g.value ?? undefined), show(g.champion_value ?? undefined), g.rule, g.passed ? 'pass' : 'FAIL', g.note ?? '']);
  parts.push(markdownTable(['metric', 'this run', championLabel, 'rule', 'result', 'note'], gateRows));
  parts.push(metricsTable(preview.candidate, preview.champion?.card, 'this run', championLabel));
  const ordered = [...sortVersions(preview.versions.filter((v) => v.card !== preview.candidate)), { card: preview.candidate }];
  for (const metric of [...new Set(preview.gates.map((g) => g.metric))]) {
    const values = ordered.map((v) => metricValue(v.card, metric) ?? Number.NaN);
    parts.push(mermaidLineChart(`${metric} by version`, ordered.map((v) => v.card.version), [{ name: metric, values }], metric));
  }
  return parts.filter(Boolean).join('\n');
}

/** The promote section: verdict, gate table, all metrics side by side, a chart per gated metric. */
export function promotionReportMarkdown(result: PromotionResult, versions: ModelVersion[], gates: Gate[]): string {
  const comparison = candidateVsChampionMarkdown(result, versions);
  return [promotionMarkdown(result, versions, gates), comparison].filter(Boolean).join('\n');
}

/** The drift section: the per-column table and chart, and what the reference was. */
export function driftReportMarkdown(report: DriftReport, reference: string): string {
  return `${driftSummaryMarkdown(report)}\n_Reference: ${escapeMarkdown(reference)}._\n`;
}

/** A one-line verdict for a validation check run. */
export function validationTitle(report: Pick<ValidationReport, 'dataset' | 'rows' | 'results'>, failing: number): string {
  const passed = report.results.length - report.results.filter((r) => !r.passed).length;
  return `${report.dataset}: ${passed} of ${report.results.length} rules passed on ${report.rows.toLocaleString('en-US')} rows${failing > 0 ? `, ${failing} failing` : ''}`;
}
