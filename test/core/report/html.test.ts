// The HTML report renderer over plain data: every number it charts is in the DOM, every
// user string is escaped, and it needs nothing from the network.
import { describe, expect, it } from 'vitest';
import { renderReportHtml, type ReportData } from '../../../shared/src/report/html/index.ts';

function data(overrides: Partial<ReportData> = {}): ReportData {
  const version = (n: number, auc: number, promoted: boolean) => ({
    version: `v${n}`,
    created: `2026-12-0${n}T10:00:00.000Z`,
    metrics: { auc, accuracy: 0.8 + n / 100 },
    aliases: [] as string[],
    commit: 'abcdef0123456789',
    data: [{ name: 'train', path: 'data/train.csv', fingerprint: 'sha256:00' }],
    promotion: { promoted, alias: 'champion', gates: [{ metric: 'auc', value: auc, passed: promoted, rule: '>= champion + 0' }] },
    validation: null,
    canaries: [],
  });
  return {
    model: 'churn',
    generated: '2026-12-07T12:00:00.000Z',
    registry: 'file:.pipewright/registry',
    aliases: { champion: 'v2', production: 'v2' },
    versions: [version(1, 0.71, true), version(2, 0.78, true), version(3, 0.64, false)],
    history: [
      { time: '2026-12-01T10:00:00.000Z', alias: 'champion', from: null, to: 'v1', actor: 'ci', reason: 'promote' },
      { time: '2026-12-03T10:00:00.000Z', alias: 'champion', from: 'v3', to: 'v2', actor: 'canary', reason: 'rollback: canary v3: error-rate 0.21 > 0.01' },
    ],
    gatedMetrics: ['auc'],
    drift: null,
    driftNote: 'The spec has no drift section.',
    ...overrides,
  };
}

describe('renderReportHtml', () => {
  it('charts each gated metric across versions with the values of the cards', () => {
    const html = renderReportHtml(data());
    const chart = /<svg data-metric="auc"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const values = [...chart.matchAll(/data-value="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(values).toEqual([0.71, 0.78, 0.64]);
    expect(chart).toContain('champion');
  });

  it('marks refused versions and rollbacks', () => {
    const html = renderReportHtml(data());
    expect(html).toMatch(/refused<\/span> auc 0\.64 \(&gt;= champion \+ 0\)/);
    expect(html).toContain('<span class="badge bad">rollback</span>');
  });

  it('escapes every user string, in text and attributes', () => {
    const evil = '"><script>alert(1)</script>';
    const html = renderReportHtml(data({ model: evil, history: [{ time: 'x', alias: 'champion', from: null, to: evil, actor: evil, reason: evil }] }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('loads nothing: no script, no external URL, a CSP that forbids both', () => {
    const html = renderReportHtml(data());
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain("default-src 'none'");
  });

  it("draws a canary's weights and measurements, with the rollback marked", () => {
    const t = (s: number) => new Date(Date.UTC(2026, 11, 7, 14, 2, s)).toISOString();
    const canary = {
      version: 'v3',
      stable_before: 'v2',
      outcome: 'rolled-back',
      reason: 'canary v3: error-rate 0.21 > 0.01',
      rollback: { at: t(20), seconds_after_first_failure: 1.4 },
      timeline: [
        { at: t(0), kind: 'start' },
        { at: t(1), kind: 'weight', weight: 5 },
        { at: t(5), kind: 'measurement', metric: 'error-rate', value: 0.002, verdict: 'pass' },
        { at: t(10), kind: 'weight', weight: 25 },
        { at: t(18), kind: 'measurement', metric: 'error-rate', value: 0.21, verdict: 'fail' },
        { at: t(20), kind: 'rollback', detail: 'traffic to v2' },
      ],
    };
    const versions = data().versions;
    versions[2]!.canaries = [canary];
    const html = renderReportHtml(data({ versions }));
    const chart = /<svg data-canary="v3" data-metric="error-rate"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(chart).toContain('data-weights="0,5,25,0"');
    expect([...chart.matchAll(/data-value="([^"]*)" data-verdict="([^"]*)"/g)].map((m) => [Number(m[1]), m[2]])).toEqual([
      [0.002, 'pass'],
      [0.21, 'fail'],
    ]);
    expect(chart).toContain('data-marker="rollback"');
    expect(html).toContain('Rolled back 1.4 s after the first failed measurement');
  });
});
