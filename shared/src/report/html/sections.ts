// The report's sections, each a function of ReportData to an HTML fragment.
import { escapeHtml as e } from './escape.ts';
import { formatStatistic } from '../../drift/markdown.ts';
import { barChart, canaryChart, type ChartMarker, distributionChart, lineChart } from './svg.ts';
import type { CanaryRecord, ReportData, ReportVersion } from './types.ts';

const PALETTE = ['#1565c0', '#6a1b9a', '#00838f', '#ad1457', '#2e7d32', '#ef6c00'];

function badge(text: string, kind: 'ok' | 'bad' | 'warn' | 'info'): string {
  return `<span class="badge ${kind}">${e(text)}</span>`;
}

function table(headers: string[], rows: string[][], className = ''): string {
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? e(iso) : `<time datetime="${e(iso)}">${e(d.toISOString().replace('T', ' ').slice(0, 19))}</time>`;
}

export function summarySection(data: ReportData): string {
  const latest = data.versions[data.versions.length - 1];
  const cards = [
    ['Versions', String(data.versions.length)],
    ...Object.entries(data.aliases).map(([alias, version]) => [alias, version ?? 'unset']),
    ['Latest', latest ? latest.version : 'none'],
    ['Drift', data.drift ? (data.drift.report.drifted ? 'drifted' : 'no drift') : 'not measured'],
  ];
  return `<section id="summary" class="cards">${cards.map(([k, v]) => `<div class="card" data-card="${e(k)}"><div class="card-label">${e(k)}</div><div class="card-value">${e(v)}</div></div>`).join('')}</section>`;
}

function gateCell(version: ReportVersion): string {
  const promotion = version.promotion;
  if (!promotion) return badge('not gated', 'info');
  const failed = promotion.gates.filter((g) => !g.passed);
  if (promotion.promoted) return badge(`promoted to ${promotion.alias}`, 'ok');
  return `${badge('refused', 'bad')} ${e(failed.map((g) => `${g.metric} ${g.value === null ? 'missing' : formatStatistic(g.value)} (${g.rule})`).join('; ') || promotion.note || '')}`;
}

export function versionsSection(data: ReportData): string {
  if (data.versions.length === 0) return '<section id="versions"><h2>Model versions</h2><p>The registry holds no version yet.</p></section>';
  const metricNames = [...new Set(data.versions.flatMap((v) => Object.keys(v.metrics)))].sort();
  const labels = data.versions.map((v) => v.version);
  const charted = data.gatedMetrics.length > 0 ? data.gatedMetrics.filter((m) => metricNames.includes(m)) : metricNames;
  const champion = data.aliases.champion ?? null;
  const markers: ChartMarker[] = champion && labels.includes(champion) ? [{ at: labels.indexOf(champion), label: 'champion', colour: '#2e7d32' }] : [];
  const charts = charted
    .map((metric, i) =>
      lineChart(
        `${metric} per version`,
        labels,
        [{ name: metric, colour: PALETTE[i % PALETTE.length]!, values: data.versions.map((v) => v.metrics[metric] ?? null) }],
        { yLabel: metric, markers },
      ).replace('<svg ', `<svg data-metric="${e(metric)}" `),
    )
    .join('');
  const rows = data.versions.map((v) => [
    `<strong>${e(v.version)}</strong>${v.aliases.map((a) => ` ${badge(a, 'info')}`).join('')}`,
    time(v.created),
    ...metricNames.map((m) => (v.metrics[m] === undefined ? '–' : e(formatStatistic(v.metrics[m]!)))),
    gateCell(v),
    v.commit ? `<code>${e(v.commit.slice(0, 10))}</code>` : '–',
  ]);
  return `<section id="versions"><h2>Model versions</h2><div class="charts">${charts}</div>${table(['version', 'created', ...metricNames, 'gates', 'commit'], rows, 'versions')}</section>`;
}

export function historySection(data: ReportData): string {
  if (data.history.length === 0) return '<section id="history"><h2>Alias history</h2><p>No alias has moved yet.</p></section>';
  const rows = data.history.map((m) => {
    const rollback = m.reason.startsWith('rollback');
    return [time(m.time), e(m.alias), `${e(m.from ?? '–')} → <strong>${e(m.to)}</strong>`, rollback ? badge('rollback', 'bad') : badge('move', 'ok'), e(m.actor), e(m.reason)];
  });
  return `<section id="history"><h2>Alias history</h2>${table(['time', 'alias', 'move', 'kind', 'actor', 'reason'], rows, 'history')}</section>`;
}

const OUTCOME_KIND: Record<string, 'ok' | 'bad' | 'warn'> = { promoted: 'ok', 'rolled-back': 'bad', inconclusive: 'warn', aborted: 'warn' };

function canaryBlock(canary: CanaryRecord): string {
  const start = Date.parse(canary.timeline[0]?.at ?? '');
  const end = Date.parse(canary.timeline[canary.timeline.length - 1]?.at ?? '');
  const t = (iso: string) => Date.parse(iso) - start;
  const duration = Number.isFinite(end - start) ? end - start : 0;
  const weights = canary.timeline.filter((x) => x.kind === 'weight' && typeof x.weight === 'number').map((x) => ({ t: t(x.at), weight: x.weight! }));
  if (weights.length === 0 || weights[0]!.t > 0) weights.unshift({ t: 0, weight: 0 });
  const rolledBack = canary.timeline.find((x) => x.kind === 'rollback');
  if (rolledBack) weights.push({ t: t(rolledBack.at), weight: 0 });
  const markers: ChartMarker[] = rolledBack ? [{ at: t(rolledBack.at), label: 'rollback', colour: '#c62828' }] : [];
  const measurements = canary.timeline.filter((x) => x.kind === 'measurement' && x.metric);
  const metricNames = [...new Set(measurements.map((m) => m.metric!))];
  const charts = (metricNames.length > 0 ? metricNames : [null])
    .map((name) =>
      canaryChart(
        `${canary.version}: ${name ?? 'weights'} over time`,
        duration,
        weights,
        name === null ? null : { name, points: measurements.filter((m) => m.metric === name).map((m) => ({ t: t(m.at), value: m.value ?? null, verdict: m.verdict })) },
        markers,
      ).replace('<svg ', `<svg data-canary="${e(canary.version)}" data-metric="${e(name ?? '')}" `),
    )
    .join('');
  const rows = canary.timeline
    .filter((x) => x.kind !== 'measurement' || x.verdict !== 'pass')
    .map((x) => [
      `+${((t(x.at) || 0) / 1000).toFixed(1)} s`,
      e(x.kind),
      x.weight === undefined ? '' : `${x.weight}%`,
      e(x.metric ?? ''),
      x.value === undefined || x.value === null ? '' : e(formatStatistic(x.value)),
      x.verdict ? badge(x.verdict, x.verdict === 'pass' ? 'ok' : x.verdict === 'fail' ? 'bad' : 'warn') : '',
      e(x.detail ?? ''),
    ]);
  const rollbackNote = canary.rollback
    ? `<p>Rolled back ${canary.rollback.seconds_after_first_failure === null ? '' : `${formatStatistic(canary.rollback.seconds_after_first_failure)} s after the first failed measurement`}.</p>`
    : '';
  return `<article class="canary" data-version="${e(canary.version)}" data-outcome="${e(canary.outcome)}"><h3>${e(canary.version)} (stable ${e(canary.stable_before ?? 'none')}) ${badge(canary.outcome, OUTCOME_KIND[canary.outcome] ?? 'warn')}</h3>${canary.reason ? `<p class="reason ${canary.outcome === 'promoted' ? 'ok' : ''}">${e(canary.reason)}</p>` : ''}${rollbackNote}<div class="charts">${charts}</div><details><summary>Timeline (${canary.timeline.length} events; passing measurements folded)</summary>${table(['at', 'event', 'weight', 'metric', 'value', 'verdict', 'detail'], rows, 'timeline')}</details></article>`;
}

export function canarySection(data: ReportData): string {
  const canaries = data.versions.flatMap((v) => v.canaries);
  if (canaries.length === 0) return '<section id="canaries"><h2>Canary deploys</h2><p>No version has been deployed with a canary yet.</p></section>';
  return `<section id="canaries"><h2>Canary deploys</h2>${canaries.map(canaryBlock).join('')}</section>`;
}

export function driftSection(data: ReportData): string {
  if (!data.drift) return `<section id="drift"><h2>Drift</h2><p>${e(data.driftNote ?? 'The spec has no drift section.')}</p></section>`;
  const { report, distributions, referenceVersion } = data.drift;
  const verdict = report.drifted ? badge('dataset drifted', 'bad') : badge('no dataset drift', 'ok');
  const rows = report.columns.map((c) => [
    e(c.column),
    e(c.method),
    c.statistic === null ? '–' : e(formatStatistic(c.statistic)),
    e(formatStatistic(c.threshold)),
    badge(c.verdict, c.verdict === 'drift' ? 'bad' : c.verdict === 'warn' ? 'warn' : c.verdict === 'ok' ? 'ok' : 'info'),
  ]);
  const charts = distributions
    .map((d) => {
      const column = report.columns.find((c) => c.column === d.column);
      const title = `${d.column}: reference vs current${column ? ` (${column.method} ${column.statistic === null ? '' : formatStatistic(column.statistic)})` : ''}`;
      return `<figure class="${column?.drifted ? 'drifted' : ''}">${distributionChart(title, d.keys, d.reference, d.current).replace('<svg ', `<svg data-column="${e(d.column)}" `)}<figcaption>${e(title)}</figcaption></figure>`;
    })
    .join('');
  return `<section id="drift"><h2>Drift</h2><p>${verdict} ${e(formatStatistic(report.share * 100))}% of columns drifted (threshold ${e(formatStatistic(report.threshold * 100))}%); reference: ${e(referenceVersion ? `the training data of ${referenceVersion}` : 'drift.reference')} (${report.reference_rows} rows), current: ${report.current_rows} rows.</p>${table(['column', 'method', 'statistic', 'threshold', 'verdict'], rows, 'drift')}<div class="charts">${charts}</div></section>`;
}

export function validationSection(data: ReportData): string {
  const withValidation = [...data.versions].reverse().find((v) => v.validation && v.validation.length > 0);
  if (!withValidation) return '<section id="validation"><h2>Data validation</h2><p>No validation results are stored with any version yet.</p></section>';
  const blocks = withValidation.validation!.map((report) => {
    const valueRules = report.results.filter((r) => r.column !== null);
    const columns = [...new Set(valueRules.map((r) => r.column!))];
    const worst = columns.map((c) => Math.max(...valueRules.filter((r) => r.column === c).map((r) => r.unexpected_percent)));
    const chart = columns.length > 0 ? barChart(`${report.dataset}: unexpected % per column`, columns, worst, 'unexpected %', (i) => (worst[i]! > 0 ? '#c62828' : '#2e7d32')).replace('<svg ', `<svg data-dataset="${e(report.dataset)}" `) : '';
    const rows = report.results.map((r) => [
      e(r.column ?? '(table)'),
      e(r.rule),
      r.passed ? badge('pass', 'ok') : badge(r.severity === 'warn' ? 'warn' : 'fail', r.severity === 'warn' ? 'warn' : 'bad'),
      e(formatStatistic(r.unexpected_percent)),
      e(r.expected ?? ''),
      e(r.observed ?? r.partial_unexpected_list.slice(0, 5).map((u) => `row ${u.row}: ${String(u.value).slice(0, 40)}`).join(', ')),
    ]);
    return `<article class="dataset" data-dataset="${e(report.dataset)}" data-passed="${report.passed}"><h3>${e(report.dataset)} ${report.passed ? badge('passed', 'ok') : badge('failed', 'bad')}</h3><p><code>${e(report.path)}</code>: ${report.rows.toLocaleString('en-US')} rows, fingerprint <code>${e(report.fingerprint.slice(0, 23))}…</code></p>${chart}${table(['column', 'rule', 'verdict', 'unexpected %', 'expected', 'observed'], rows, 'rules')}</article>`;
  });
  return `<section id="validation"><h2>Data validation</h2><p>The data ${e(withValidation.version)} was trained on.</p>${blocks.join('')}</section>`;
}
