// Drift statistics checked against scipy 1.10 (/usr/bin/python3), computed as Evidently
// does. Tolerances: where both profiles are exact (<= 1024 values, or <= 32 distinct
// values) results match to 1e-9 relative; where a sketch is approximate, the stated
// sketch tolerances below apply. No python3 with scipy: the test FAILS, never skips.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareProfiles, createProfileAccumulator } from '../../../shared/src/drift/index.ts';
import { chiSquareSurvival, kolmogorovSurvival } from '../../../shared/src/drift/special.ts';
import type { DatasetProfile, DriftMethod } from '../../../shared/src/drift/types.ts';

interface ScipyCase {
  name: string;
  categorical: boolean;
  reference: Array<number | string>;
  current: Array<number | string>;
  jensenshannon: number;
  psi: number;
  chi2_statistic: number | null;
  chi2_p: number;
  ks_d?: number;
  ks_p?: number;
  wasserstein_norm?: number;
}

interface ScipyReference {
  scipy: string;
  cases: ScipyCase[];
  special: { chi2_sf: number[][]; kstwobign_sf: number[][]; kstwo_sf: number[][] };
}

function scipyReference(): ScipyReference {
  const script = join(import.meta.dirname, '../../fixtures/drift/scipy_reference.py');
  const run = spawnSync('/usr/bin/python3', [script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    throw new Error(`cannot compute the scipy reference values: /usr/bin/python3 ${script} failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}. Install python3 with numpy and scipy (Debian: python3-scipy).`);
  }
  return JSON.parse(run.stdout) as ScipyReference;
}

const reference = scipyReference();

function profile(values: Array<number | string>, categorical: boolean): DatasetProfile {
  const acc = createProfileAccumulator([{ name: 'x', type: categorical ? 'string' : 'number' }]);
  for (const v of values) {
    acc.add(0, v);
    acc.endRow();
  }
  return acc.snapshot();
}

function drift(c: ScipyCase, method: DriftMethod) {
  const report = compareProfiles(profile(c.reference, c.categorical), profile(c.current, c.categorical), { method });
  const column = report.columns[0]!;
  expect(column.method).toBe(method);
  return column;
}

function close(actual: number, expected: number, relative: number, absolute = 0) {
  expect(Math.abs(actual - expected), `${actual} vs scipy ${expected}`).toBeLessThanOrEqual(Math.max(absolute, relative * Math.abs(expected)));
}

/** Exact profiles: both sides <= 1024 values or <= 32 distinct values. */
const exactCases = reference.cases.filter((c) => !c.name.startsWith('large') || c.name.includes('exact counts'));
const sketchCases = reference.cases.filter((c) => c.name.startsWith('large') && !c.name.includes('exact counts'));

describe(`drift statistics vs scipy ${reference.scipy}`, () => {
  it('has the cases it expects', () => {
    expect(exactCases.length).toBeGreaterThanOrEqual(10);
    expect(sketchCases.length).toBe(2);
  });

  for (const c of exactCases) {
    it(`${c.name}: exact profiles match scipy to 1e-9`, () => {
      close(drift(c, 'jensenshannon').statistic!, c.jensenshannon, 1e-9, 1e-12);
      close(drift(c, 'psi').statistic!, c.psi, 1e-9, 1e-12);
      const chi = drift(c, 'chi2');
      close(chi.p_value!, c.chi2_p, 1e-9, 1e-300);
      if (c.chi2_statistic === null) expect(chi.test_statistic).toBe(Number.POSITIVE_INFINITY);
      else close(chi.test_statistic!, c.chi2_statistic, 1e-9);
      if (!c.categorical) {
        const ks = drift(c, 'ks');
        close(ks.test_statistic!, c.ks_d!, 1e-12);
        if (Math.max(c.reference.length, c.current.length) <= 10_000) close(ks.p_value!, c.ks_p!, 1e-9, 1e-15);
        else close(ks.p_value!, c.ks_p!, 0.05, 1e-3);
        close(drift(c, 'wasserstein').statistic!, c.wasserstein_norm!, 1e-9);
      }
    });
  }

  for (const c of sketchCases) {
    it(`${c.name}: sketched profiles stay within the stated tolerance`, () => {
      // Bins shares carry at most 2 rank errors each: JS and PSI within 0.01.
      close(drift(c, 'jensenshannon').statistic!, c.jensenshannon, 0, 0.01);
      close(drift(c, 'psi').statistic!, c.psi, 0, 0.01);
      if (!c.categorical) {
        const ks = drift(c, 'ks');
        close(ks.test_statistic!, c.ks_d!, 0, 0.02);
        close(drift(c, 'wasserstein').statistic!, c.wasserstein_norm!, 0.05, 0.01);
      }
    });
  }

  it('chi-square survival matches scipy.stats.chi2.sf to 1e-10 relative', () => {
    for (const [x, df, p] of reference.special.chi2_sf) close(chiSquareSurvival(x!, df!), p!, 1e-10, 1e-300);
  });

  it('the Kolmogorov distribution matches scipy.stats.kstwobign.sf to 1e-12', () => {
    for (const [x, p] of reference.special.kstwobign_sf) close(kolmogorovSurvival(x!), p!, 1e-10, 1e-12);
  });

  it("the asymptotic KS p-value stays within 5% (or 1e-3) of scipy's kstwo.sf", () => {
    for (const [d, n, p] of reference.special.kstwo_sf) {
      const root = Math.sqrt(n!);
      close(kolmogorovSurvival((root + 0.12 + 0.11 / root) * d!), p!, 0.05, 1e-3);
    }
  });
});
