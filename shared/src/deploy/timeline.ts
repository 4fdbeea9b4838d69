// The deploy's timeline: entries with times, and how people read it (text lines, a
// Markdown table and Mermaid charts of the weight and of each analysed metric over time).
import { markdownTable } from '../report/markdown.ts';
import type { DeployOutcome, Measurement, TimelineEntry } from './types.ts';

/** What `pipewright deploy` prints as JSON and the action summarises. */
export interface DeployResult {
  name: string;
  version: string;
  stable_before: string | null;
  outcome: DeployOutcome;
  reason: string;
  timeline: TimelineEntry[];
  rollback?: { at: string; seconds_after_first_failure: number | null };
  /** True when this run finished a deploy a killed controller had left. */
  resumed: boolean;
}

export function measurementEntry(m: Measurement, weight: number): TimelineEntry {
  const entry: TimelineEntry = { at: m.at.toISOString(), kind: 'measurement', metric: m.metric, value: m.value, verdict: m.verdict, weight, detail: m.detail };
  if (m.stableValue !== undefined) entry.detail = `${m.detail} (stable ${m.stableValue ?? 'n/a'})`;
  return entry;
}

/** `14:02:07` in UTC: the time in a rollback reason. */
export function clockTime(at: Date | string): string {
  return new Date(at).toISOString().slice(11, 19);
}

/** One line per entry: `14:02:07  weight      25%`. */
export function formatEntry(entry: TimelineEntry): string {
  const parts = [clockTime(entry.at), entry.kind.padEnd(11)];
  if (entry.kind === 'weight' && entry.weight !== undefined) parts.push(`${entry.weight}%`);
  if (entry.metric) parts.push(entry.metric);
  if (entry.kind === 'measurement' || entry.kind === 'analysis') parts.push(entry.verdict ?? '');
  if (entry.detail) parts.push(entry.detail);
  return parts.filter((p) => p !== '').join('  ');
}

export function formatDeployText(result: DeployResult): string {
  const lines = [
    `canary ${result.version} (stable before: ${result.stable_before ?? 'none'}): ${result.outcome}`,
    `reason: ${result.reason}`,
  ];
  if (result.rollback) {
    const after = result.rollback.seconds_after_first_failure;
    lines.push(`traffic back on stable at ${clockTime(result.rollback.at)}${after === null ? '' : `, ${after.toFixed(1)} s after the first failed measurement`}`);
  }
  lines.push('', 'timeline:', ...result.timeline.map((e) => `  ${formatEntry(e)}`));
  return `${lines.join('\n')}\n`;
}

const MAX_POINTS = 40;

/** Values sampled at MAX_POINTS evenly spaced times (the last value carried forward). */
function series(points: Array<{ t: number; v: number }>, start: number, end: number): { labels: string[]; values: Array<number | null> } {
  const n = Math.max(2, Math.min(MAX_POINTS, Math.ceil((end - start) / 1000) + 1));
  const labels: string[] = [];
  const values: Array<number | null> = [];
  let i = 0;
  let current: number | null = null;
  for (let k = 0; k < n; k++) {
    const t = start + ((end - start) * k) / (n - 1);
    while (i < points.length && points[i]!.t <= t) current = points[i++]!.v;
    const seconds = (t - start) / 1000;
    labels.push(`"+${end - start < 60_000 ? seconds.toFixed(1) : Math.round(seconds)}s"`);
    values.push(current);
  }
  return { labels, values };
}

function chart(title: string, yLabel: string, points: Array<{ t: number; v: number }>, start: number, end: number, fixedTop?: number): string {
  const { labels, values } = series(points, start, end);
  const line = values.map((v) => (v === null ? 0 : Number(v.toPrecision(4))));
  const top = fixedTop ?? (Math.max(...line, 0) > 0 ? Number((Math.max(...line) * 1.1).toPrecision(3)) : 1);
  return ['```mermaid', 'xychart-beta', `  title "${title}"`, `  x-axis [${labels.join(', ')}]`, `  y-axis "${yLabel}" 0 --> ${top}`, `  line [${line.join(', ')}]`, '```'].join('\n');
}

/** The job summary: outcome, charts of the weight and of each metric, and the timeline. */
export function deployMarkdown(result: DeployResult): string {
  const title = { promoted: 'Promoted', 'rolled-back': 'Rolled back', inconclusive: 'Inconclusive: rolled back', aborted: 'Aborted' }[result.outcome];
  const out = [`### Canary ${result.version}: ${title}`, '', `Stable before: ${result.stable_before ?? 'none'}. ${result.reason}`, ''];
  if (result.rollback) {
    const after = result.rollback.seconds_after_first_failure;
    out.push(`Traffic back on stable at ${result.rollback.at}${after === null ? '' : ` (${after.toFixed(1)} s after the first failed measurement)`}.`, '');
  }
  const times = result.timeline.map((e) => Date.parse(e.at));
  if (times.length >= 2) {
    const start = Math.min(...times);
    const end = Math.max(...times);
    const weights = result.timeline.filter((e) => (e.kind === 'weight' || e.kind === 'promoted' || e.kind === 'rollback' || e.kind === 'aborted') && e.weight !== undefined);
    out.push(chart('canary weight (%)', 'percent', weights.map((e) => ({ t: Date.parse(e.at), v: e.weight! })), start, end, 100), '');
    const metrics = [...new Set(result.timeline.filter((e) => e.kind === 'measurement' && e.metric).map((e) => e.metric!))];
    for (const metric of metrics) {
      const points = result.timeline.filter((e) => e.kind === 'measurement' && e.metric === metric && typeof e.value === 'number').map((e) => ({ t: Date.parse(e.at), v: e.value! }));
      if (points.length > 0) out.push(chart(`${metric} over time`, metric, points, start, end), '');
    }
  }
  const rows = result.timeline.map((e) => [clockTime(e.at), e.kind, e.weight === undefined ? '' : `${e.weight}%`, e.metric, e.value, e.verdict, e.detail]);
  return `${out.join('\n')}\n${markdownTable(['time (UTC)', 'event', 'weight', 'metric', 'value', 'verdict', 'detail'], rows)}`;
}
