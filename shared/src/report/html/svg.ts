// Inline SVG charts for the HTML report: no script, no network, readable without colour
// (every series also carries a label), and every plotted number kept in a data-*
// attribute so that a test can read back what the chart shows.
import { formatStatistic } from '../../drift/markdown.ts';
import { escapeHtml } from './escape.ts';

export interface LineSeries {
  name: string;
  /** One value per x label; null leaves a gap. */
  values: Array<number | null>;
  colour: string;
}

export interface ChartMarker {
  /** Index into the x labels (line chart) or a time in ms (time chart). */
  at: number;
  label: string;
  colour: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, right: 16, bottom: 36, left: 56 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

function niceRange(values: number[], includeZero: boolean): [number, number] {
  let lo = Math.min(...values, ...(includeZero ? [0] : []));
  let hi = Math.max(...values, ...(includeZero ? [0] : []));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi && lo === 0) {
    hi = 1;
  } else if (lo === hi) {
    const pad = Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  } else if (!includeZero) {
    const pad = (hi - lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

function yScale(lo: number, hi: number): (v: number) => number {
  return (v) => PAD.top + PLOT_H - ((v - lo) / (hi - lo)) * PLOT_H;
}

function axes(lo: number, hi: number, yLabel: string): string {
  const y = yScale(lo, hi);
  const ticks = [lo, (lo + hi) / 2, hi];
  const grid = ticks
    .map((t) => `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${formatStatistic(t)}</text>`)
    .join('');
  const label = yLabel ? `<text x="12" y="${PAD.top + PLOT_H / 2}" transform="rotate(-90 12 ${PAD.top + PLOT_H / 2})" text-anchor="middle" class="axis-label">${escapeHtml(yLabel)}</text>` : '';
  return grid + label;
}

function svgOpen(title: string, attributes: Record<string, string>): string {
  const data = Object.entries(attributes)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}"${data}><title>${escapeHtml(title)}</title>`;
}

function legend(series: Array<{ name: string; colour: string }>): string {
  return series
    .map((s, i) => `<g transform="translate(${PAD.left + i * 150} ${HEIGHT - 10})"><rect width="10" height="10" y="-9" fill="${s.colour}"/><text x="14" class="tick">${escapeHtml(s.name)}</text></g>`)
    .join('');
}

/** A metric per model version: one line per series, points labelled with their value. */
export function lineChart(title: string, labels: string[], series: LineSeries[], options: { yLabel?: string; markers?: ChartMarker[] } = {}): string {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const [lo, hi] = niceRange(all, false);
  const y = yScale(lo, hi);
  const step = labels.length > 1 ? PLOT_W / (labels.length - 1) : 0;
  const x = (i: number) => PAD.left + (labels.length > 1 ? i * step : PLOT_W / 2);
  const xLabels = labels.map((l, i) => `<text x="${x(i).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" class="tick">${escapeHtml(l)}</text>`).join('');
  const markers = (options.markers ?? [])
    .map((m) => `<line x1="${x(m.at).toFixed(1)}" x2="${x(m.at).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + PLOT_H}" stroke="${m.colour}" class="marker"/><text x="${(x(m.at) - 4).toFixed(1)}" y="${PAD.top + 10}" text-anchor="end" class="marker-label" fill="${m.colour}">${escapeHtml(m.label)}</text>`)
    .join('');
  const lines = series
    .map((s) => {
      const points = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : ([x(i), y(v), v] as const)));
      const path = points.reduce((d, p, i) => (p === null ? d : `${d}${i === 0 || points[i - 1] === null ? 'M' : 'L'}${p[0].toFixed(1)},${p[1].toFixed(1)}`), '');
      const dots = points
        .map((p, i) => (p === null ? '' : `<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="4" fill="${s.colour}" data-x="${escapeHtml(labels[i] ?? '')}" data-value="${p[2]}"><title>${escapeHtml(`${s.name} ${labels[i]}: ${formatStatistic(p[2])}`)}</title></circle>`))
        .join('');
      return `<g class="series" data-series="${escapeHtml(s.name)}"><path d="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>${dots}</g>`;
    })
    .join('');
  return `${svgOpen(title, { kind: 'line' })}${axes(lo, hi, options.yLabel ?? '')}${xLabels}${markers}${lines}${legend(series)}</svg>`;
}

export interface TimePoint {
  /** ms since the chart's origin */
  t: number;
  value: number | null;
  /** pass | fail | inconclusive: the point's colour */
  verdict?: string;
}

const VERDICT_COLOUR: Record<string, string> = { pass: '#2e7d32', fail: '#c62828', inconclusive: '#ef6c00' };

/**
 * A canary over time: the traffic weight as a step line on the right axis (0–100 %),
 * one analysed metric as points coloured by verdict, and markers (the rollback).
 */
export function canaryChart(title: string, durationMs: number, weights: Array<{ t: number; weight: number }>, metric: { name: string; points: TimePoint[]; threshold?: number } | null, markers: ChartMarker[]): string {
  const span = Math.max(durationMs, 1);
  const x = (t: number) => PAD.left + (Math.min(Math.max(t, 0), span) / span) * PLOT_W;
  const wy = (w: number) => PAD.top + PLOT_H - (w / 100) * PLOT_H;
  let weightPath = '';
  let last: { t: number; weight: number } | null = null;
  for (const w of weights) {
    weightPath += last === null ? `M${x(w.t).toFixed(1)},${wy(w.weight).toFixed(1)}` : `H${x(w.t).toFixed(1)}V${wy(w.weight).toFixed(1)}`;
    last = w;
  }
  if (last) weightPath += `H${x(span).toFixed(1)}`;
  const weightTicks = [0, 50, 100].map((w) => `<text x="${WIDTH - PAD.right + 2}" y="${(wy(w) + 4).toFixed(1)}" class="tick">${w}%</text>`).join('');
  let metricLayer = '';
  if (metric && metric.points.length > 0) {
    const values = metric.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
    if (metric.threshold !== undefined) values.push(metric.threshold);
    const [lo, hi] = niceRange(values, true);
    const y = yScale(lo, hi);
    const threshold =
      metric.threshold === undefined ? '' : `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(metric.threshold).toFixed(1)}" y2="${y(metric.threshold).toFixed(1)}" class="threshold"/>`;
    const dots = metric.points
      .map((p) => {
        const cy = p.value === null || !Number.isFinite(p.value) ? PAD.top + PLOT_H : y(p.value);
        const colour = VERDICT_COLOUR[p.verdict ?? ''] ?? '#546e7a';
        const shown = p.value === null ? 'no value' : formatStatistic(p.value);
        return `<circle cx="${x(p.t).toFixed(1)}" cy="${cy.toFixed(1)}" r="4" fill="${colour}" data-t="${p.t}" data-value="${p.value ?? ''}" data-verdict="${escapeHtml(p.verdict ?? '')}"><title>${escapeHtml(`${metric.name} at +${(p.t / 1000).toFixed(1)} s: ${shown} (${p.verdict ?? ''})`)}</title></circle>`;
      })
      .join('');
    metricLayer = `${axes(lo, hi, metric.name)}${threshold}<g class="series" data-series="${escapeHtml(metric.name)}">${dots}</g>`;
  }
  const markerLayer = markers
    .map((m) => `<line x1="${x(m.at).toFixed(1)}" x2="${x(m.at).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + PLOT_H}" stroke="${m.colour}" class="marker" data-marker="${escapeHtml(m.label)}"/><text x="${(x(m.at) - 4).toFixed(1)}" y="${PAD.top + 10}" text-anchor="end" class="marker-label" fill="${m.colour}">${escapeHtml(m.label)}</text>`)
    .join('');
  const xTicks = [0, span / 2, span].map((t) => `<text x="${x(t).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" class="tick">+${(t / 1000).toFixed(0)} s</text>`).join('');
  return `${svgOpen(title, { kind: 'canary', weights: weights.map((w) => w.weight).join(',') })}${metricLayer}${weightTicks}${xTicks}<path d="${weightPath}" fill="none" stroke="#1565c0" stroke-width="2" class="weight-line"/>${markerLayer}${legend([{ name: 'canary weight', colour: '#1565c0' }, ...(metric ? [{ name: metric.name, colour: '#546e7a' }] : [])])}</svg>`;
}

/** Reference against current: side-by-side bars of each bin's share of rows. */
export function distributionChart(title: string, keys: string[], reference: number[], current: number[]): string {
  const share = (counts: number[]) => {
    const total = counts.reduce((s, c) => s + c, 0);
    return counts.map((c) => (total > 0 ? c / total : 0));
  };
  const ref = share(reference);
  const cur = share(current);
  const [, hi] = niceRange([...ref, ...cur], true);
  const y = yScale(0, hi);
  const band = PLOT_W / Math.max(keys.length, 1);
  const bar = Math.max(1, band * 0.38);
  const bars = keys
    .map((key, i) => {
      const x0 = PAD.left + i * band + band * 0.1;
      const r = ref[i] ?? 0;
      const c = cur[i] ?? 0;
      const label = keys.length <= 12 ? `<text x="${(x0 + bar).toFixed(1)}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle" class="tick small">${escapeHtml(key.length > 14 ? `${key.slice(0, 13)}…` : key)}</text>` : '';
      return (
        `<rect x="${x0.toFixed(1)}" y="${y(r).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(0) - y(r)).toFixed(1)}" fill="#90a4ae" data-key="${escapeHtml(key)}" data-reference="${r}"><title>${escapeHtml(`${key}: reference ${(r * 100).toFixed(1)}%`)}</title></rect>` +
        `<rect x="${(x0 + bar).toFixed(1)}" y="${y(c).toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(0) - y(c)).toFixed(1)}" fill="#ef6c00" data-key="${escapeHtml(key)}" data-current="${c}"><title>${escapeHtml(`${key}: current ${(c * 100).toFixed(1)}%`)}</title></rect>` +
        label
      );
    })
    .join('');
  return `${svgOpen(title, { kind: 'distribution' })}${axes(0, hi, 'share of rows')}${bars}${legend([
    { name: 'reference', colour: '#90a4ae' },
    { name: 'current', colour: '#ef6c00' },
  ])}</svg>`;
}

/** One bar per item, e.g. the unexpected share per column of a dataset. */
export function barChart(title: string, labels: string[], values: number[], yLabel: string, colourOf: (i: number) => string): string {
  const [, hi] = niceRange(values, true);
  const y = yScale(0, hi);
  const band = PLOT_W / Math.max(labels.length, 1);
  const bars = labels
    .map((label, i) => {
      const v = values[i] ?? 0;
      const x0 = PAD.left + i * band + band * 0.15;
      return `<rect x="${x0.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(band * 0.7).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${colourOf(i)}" data-key="${escapeHtml(label)}" data-value="${v}"><title>${escapeHtml(`${label}: ${formatStatistic(v)}`)}</title></rect><text x="${(x0 + band * 0.35).toFixed(1)}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle" class="tick small">${escapeHtml(label.length > 14 ? `${label.slice(0, 13)}…` : label)}</text>`;
    })
    .join('');
  return `${svgOpen(title, { kind: 'bar' })}${axes(0, hi, yLabel)}${bars}</svg>`;
}
