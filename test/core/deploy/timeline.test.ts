// How a deploy's timeline reads: text lines, and the job summary's charts and table.
import { describe, expect, it } from 'vitest';
import { type DeployResult, deployMarkdown, formatDeployText } from '../../../shared/src/deploy/timeline.ts';
import type { TimelineEntry } from '../../../shared/src/deploy/types.ts';

const t0 = Date.parse('2026-12-07T14:02:00Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const timeline: TimelineEntry[] = [
  { at: at(0), kind: 'start', detail: 'v3 over v2, 3 steps' },
  { at: at(0.2), kind: 'weight', weight: 5 },
  ...[1, 2, 3, 4, 5, 6, 7].map((s): TimelineEntry => ({ at: at(s), kind: 'measurement', metric: 'error-rate', value: s < 5 ? 0 : 0.05 * (s - 4), verdict: s < 6 ? 'pass' : 'fail', weight: 5, detail: s < 6 ? 'ok' : '0.1 > max 0.01' })),
  { at: at(7.1), kind: 'rollback', weight: 0, detail: 'all traffic on stable' },
];
const result: DeployResult = {
  name: 'churn',
  version: 'v3',
  stable_before: 'v2',
  outcome: 'rolled-back',
  reason: 'canary v3: error-rate 0.1 > max 0.01 at 14:02:06',
  timeline,
  rollback: { at: at(7.1), seconds_after_first_failure: 1.1 },
  resumed: false,
};

describe('deploy timeline', () => {
  it('charts the weight on 0..100 and each metric over the same evenly spaced times, distinct labels', () => {
    const md = deployMarkdown(result);
    expect(md).toContain('### Canary v3: Rolled back\n\nStable before: v2. canary v3: error-rate 0.1 > max 0.01 at 14:02:06\n\nTraffic back on stable at 2026-12-07T14:02:07.100Z (1.1 s after the first failed measurement).');
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(2);
    expect(charts[0]).toContain('title "canary weight (%)"');
    expect(charts[0]).toContain('y-axis "percent" 0 --> 100\n  line [0, 5, 5, 5, 5, 5, 5, 5, 0]');
    expect(charts[1]).toContain('title "error-rate over time"');
    expect(charts[1]).toContain('line [0, 0, 0, 0, 0, 0, 0.05, 0.1, 0.15]');
    const labels = /x-axis \[(.*)\]/.exec(charts[0]!)![1]!.split(', ');
    expect(new Set(labels).size).toBe(labels.length);
    expect(md).toContain('| 14:02:06 | measurement | 5% | error-rate | 0.1 | fail | 0.1 > max 0.01 |');
  });

  it('prints the outcome, the rollback time and one line per entry', () => {
    const text = formatDeployText(result);
    expect(text.split('\n').slice(0, 3)).toEqual(['canary v3 (stable before: v2): rolled-back', 'reason: canary v3: error-rate 0.1 > max 0.01 at 14:02:06', 'traffic back on stable at 14:02:07, 1.1 s after the first failed measurement']);
    expect(text).toContain('  14:02:00  weight       5%\n');
    expect(text).toContain('  14:02:07  rollback     all traffic on stable\n');
  });
});
