// Gate evaluation: absolute bounds, deltas against the champion, missing metrics.
import { describe, expect, it } from 'vitest';
import { evaluateGate, evaluateGates } from '../../../shared/src/promote/gates.ts';
import type { ModelCard } from '../../../shared/src/registry/types.ts';

function card(version: string, metrics: Record<string, number>, extra: Partial<ModelCard> = {}): ModelCard {
  return {
    name: 'churn',
    version,
    created: '2026-11-26T00:00:00Z',
    metrics,
    params: {},
    data: {},
    git: { commit: null, dirty: null },
    run: { id: 'r' },
    train_seconds: 12,
    peak_memory_mb: 300,
    ...extra,
  };
}

describe('evaluateGate', () => {
  it('holds a metric to absolute min and max', () => {
    const c = card('v2', { accuracy: 0.9 });
    expect(evaluateGate({ metric: 'accuracy', min: 0.85 }, c, null)).toMatchObject({ value: 0.9, threshold: 0.85, passed: true, rule: '>= 0.85' });
    expect(evaluateGate({ metric: 'accuracy', min: 0.95 }, c, null)).toMatchObject({ passed: false, threshold: 0.95 });
    expect(evaluateGate({ metric: 'accuracy', max: 0.8 }, c, null)).toMatchObject({ passed: false, threshold: 0.8 });
    expect(evaluateGate({ metric: 'accuracy', min: 0.8, max: 0.85 }, c, null)).toMatchObject({ passed: false, threshold: 0.85, rule: '>= 0.8 and <= 0.85' });
  });

  it('compares with the champion by min-delta (higher is better)', () => {
    const champion = card('v1', { auc: 0.8 });
    expect(evaluateGate({ metric: 'auc', vs: 'champion', 'min-delta': 0.01 }, card('v2', { auc: 0.82 }), champion)).toMatchObject({ passed: true, champion_value: 0.8, threshold: 0.81 });
    expect(evaluateGate({ metric: 'auc', vs: 'champion', 'min-delta': 0.01 }, card('v2', { auc: 0.805 }), champion)).toMatchObject({ passed: false, threshold: 0.81 });
    // No delta given: at least as good as the champion.
    expect(evaluateGate({ metric: 'auc', vs: 'champion' }, card('v2', { auc: 0.8 }), champion)).toMatchObject({ passed: true, threshold: 0.8 });
    expect(evaluateGate({ metric: 'auc', vs: 'champion' }, card('v2', { auc: 0.79 }), champion).passed).toBe(false);
  });

  it('passes a candidate exactly as good as the champion, whatever the digits', () => {
    const champion = card('v1', { auc: 0.8701000548245614 });
    expect(evaluateGate({ metric: 'auc', vs: 'champion', 'min-delta': 0 }, card('v2', { auc: 0.8701000548245614 }), champion)).toMatchObject({ passed: true, threshold: 0.8701000548245614 });
    expect(evaluateGate({ metric: 'auc', vs: 'champion', 'min-delta': 0.05 }, card('v2', { accuracy: 0, auc: 0.85 }), card('v1', { auc: 0.8 })).passed).toBe(true);
  });

  it('compares with the champion by max-delta (lower is better)', () => {
    const champion = card('v1', { 'log-loss': 0.5 });
    expect(evaluateGate({ metric: 'log-loss', vs: 'champion', 'max-delta': 0 }, card('v2', { 'log-loss': 0.45 }), champion)).toMatchObject({ passed: true, threshold: 0.5 });
    expect(evaluateGate({ metric: 'log-loss', vs: 'champion', 'max-delta': 0 }, card('v2', { 'log-loss': 0.51 }), champion).passed).toBe(false);
  });

  it('maps train-seconds and peak-memory-mb to the card fields', () => {
    const c = card('v2', {}, { train_seconds: 2000, peak_memory_mb: 100 });
    expect(evaluateGate({ metric: 'train-seconds', max: 1800 }, c, null)).toMatchObject({ value: 2000, passed: false });
    expect(evaluateGate({ metric: 'peak-memory-mb', max: 2048 }, c, null)).toMatchObject({ value: 100, passed: true });
    expect(evaluateGate({ metric: 'peak-memory-mb', max: 2048 }, card('v3', {}, { peak_memory_mb: null }), null)).toMatchObject({ value: null, passed: false });
  });

  it('fails a gate whose metric the candidate lacks', () => {
    const result = evaluateGate({ metric: 'auc', vs: 'champion', 'min-delta': 0 }, card('v2', { accuracy: 0.9 }), card('v1', { auc: 0.8 }));
    expect(result).toMatchObject({ value: null, champion_value: 0.8, passed: false });
    expect(result.note).toContain("candidate v2 has no metric 'auc'");
  });

  it('passes champion gates with a note when there is no champion (or it lacks the metric)', () => {
    const none = evaluateGate({ metric: 'auc', vs: 'champion', 'min-delta': 0 }, card('v1', { auc: 0.7 }), null);
    expect(none).toMatchObject({ passed: true, champion_value: null, threshold: null });
    expect(none.note).toContain('no champion yet');
    const lacks = evaluateGate({ metric: 'auc', vs: 'champion' }, card('v2', { auc: 0.7 }), card('v1', {}));
    expect(lacks.passed).toBe(true);
    expect(lacks.note).toContain("champion v1 has no metric 'auc'");
    const other = evaluateGate({ metric: 'auc', vs: 'staging', 'min-delta': 0.1 }, card('v2', { auc: 0.7 }), card('v1', { auc: 0.65 }));
    expect(other).toMatchObject({ passed: false, rule: '>= staging + 0.1 (0.75)' });
  });

  it('still applies absolute bounds of a champion gate without a champion', () => {
    expect(evaluateGate({ metric: 'auc', vs: 'champion', min: 0.75 }, card('v1', { auc: 0.7 }), null).passed).toBe(false);
  });

  it('evaluates every gate of the churn example', () => {
    const gates = [
      { metric: 'accuracy', min: 0.8 },
      { metric: 'auc', vs: 'champion' as const, 'min-delta': 0 },
      { metric: 'train-seconds', max: 1800 },
      { metric: 'peak-memory-mb', max: 2048 },
    ];
    const results = evaluateGates(gates, card('v2', { accuracy: 0.84, auc: 0.9 }), { champion: card('v1', { accuracy: 0.83, auc: 0.88 }) });
    expect(results.map((r) => r.passed)).toEqual([true, true, true, true]);
  });
});
