// The PR report's sections and the check runs' summaries, built from the same Markdown as
// the job summaries (data/, train/, promote/, drift/), so every surface says the same.
import { driftSummaryMarkdown } from '../drift/markdown.ts';
import type { DriftReport } from '../drift/types.ts';
import type { ValidationReport } from '../data/types.ts';
import type { Gate } from '../promote/gates.ts';
import type { PromotionResult } from '../promote/promotion.ts';
import { promotionMarkdown } from '../promote/report.ts';
import type { ModelVersion } from '../registry/types.ts';
import { escapeMarkdown, markdownTable } from '../report/markdown.ts';

function show(value: number | undefined): string {
  return value === undefined ? '-' : String(Number(value.toPrecision(6)));
}

/** Every metric of the candidate beside the champion's, with the change. */
export function candidateVsChampionMarkdown(result: PromotionResult, versions: ModelVersion[]): string {
  const candidate = versions.find((v) => v.card.version === result.version)?.card;
  const champion = result.champion_before === null ? undefined : versions.find((v) => v.card.version === result.champion_before)?.card;
  if (!candidate) return '';
  const names = [...new Set([...Object.keys(candidate.metrics), ...Object.keys(champion?.metrics ?? {})])].sort();
  const rows = names.map((name) => {
    const mine = candidate.metrics[name];
    const theirs = champion?.metrics[name];
    const delta = mine !== undefined && theirs !== undefined ? mine - theirs : undefined;
    return [name, show(mine), show(theirs), delta === undefined ? '-' : `${delta >= 0 ? '+' : ''}${show(delta)}`];
  });
  if (rows.length === 0) return '';
  return `#### Candidate vs champion\n\n${markdownTable(['metric', `candidate ${result.version}`, `champion ${result.champion_before ?? '(none)'}`, 'change'], rows)}`;
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
