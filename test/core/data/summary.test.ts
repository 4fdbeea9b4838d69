// The job summary: verdict, rows, fingerprint, failed-rule table with examples, chart.
import { describe, expect, it } from 'vitest';
import { validationAnnotations, validationSummaryMarkdown } from '../../../shared/src/data/summary.ts';
import type { RuleResult, ValidationReport } from '../../../shared/src/data/types.ts';

function result(partial: Partial<RuleResult> & Pick<RuleResult, 'rule' | 'column'>): RuleResult {
  return { severity: 'error', passed: true, element_count: 100, unexpected_count: 0, unexpected_percent: 0, partial_unexpected_list: [], ...partial };
}

const failing: ValidationReport = {
  dataset: 'train',
  path: 'data/train.csv',
  fingerprint: `sha256:${'a'.repeat(64)}`,
  rows: 12345,
  passed: false,
  seconds: 0.5,
  results: [
    result({ rule: 'not-null', column: 'customer_id' }),
    result({ rule: 'min', column: 'age', passed: false, unexpected_count: 3, unexpected_percent: 3, expected: '>= 18', partial_unexpected_list: [{ row: 2, value: 17 }, { row: 9, value: 4 }, { row: 11, value: -1 }] }),
    result({ rule: 'pattern', column: 'email|x', passed: false, severity: 'warn', unexpected_count: 1, unexpected_percent: 1, expected: 'matches /^[^@]+@[^@]+$/', partial_unexpected_list: [{ row: 7, value: 'a|b' }] }),
    result({ rule: 'values', column: 'plan', passed: false, unexpected_count: 30, unexpected_percent: 30, partial_unexpected_list: Array.from({ length: 20 }, (_, i) => ({ row: i + 1, value: 'gold' })) }),
    result({ rule: 'row-count', column: null, passed: false, expected: '>= 20000 rows', observed: '12345 rows' }),
  ],
};

describe('validationSummaryMarkdown', () => {
  it('shows the verdict, rows, fingerprint and a table of failed rules with row numbers', () => {
    const md = validationSummaryMarkdown(failing);
    expect(md).toContain('## ❌ Dataset `train` failed');
    expect(md).toContain('**Rows:** 12,345');
    expect(md).toContain(`\`sha256:${'a'.repeat(64)}\``);
    expect(md).toContain('3 failed, 1 warning');
    expect(md).toContain('| min | age | error | 3 | 3% | >= 18 | row 2: 17; row 9: 4; row 11: -1 |');
    // Pipes in names and values cannot break the table.
    expect(md).toContain('| pattern | email\\|x | warn | 1 | 1% |');
    expect(md).toContain('row 7: "a\\|b"');
    expect(md).toContain('row 5: "gold"; +15 more');
    expect(md).toContain('| row-count | (table) | error | 12345 rows |');
    const failedSection = md.slice(md.indexOf('### Failed rules'), md.indexOf('### Unexpected share'));
    expect(failedSection).not.toContain('customer_id');
  });

  it('charts the unexpected share of each column that has any', () => {
    const md = validationSummaryMarkdown(failing);
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('x-axis ["age", "email|x", "plan"]');
    expect(md).toContain('bar [3, 1, 30]');
  });

  it('says so when every rule passed, and still lists the rules', () => {
    const md = validationSummaryMarkdown({ ...failing, passed: true, results: [result({ rule: 'not-null', column: 'id' })] });
    expect(md).toContain('## ✅ Dataset `train` passed');
    expect(md).toContain('No rule failed.');
    expect(md).not.toContain('mermaid');
    expect(md).toContain('| not-null | id | error | 0 | 0% |');
  });
});

describe('validationAnnotations', () => {
  const spec = {
    file: 'pipewright.yaml',
    text: ['version: 1', 'datasets:', '  train:', '    path: data/train.csv', '    columns:', '      age: { type: integer, min: 18 }', '      email|x: { pattern: x }', '    checks:', '      row-count: { min: 20000 }', '  live:', '    path: live.csv', '    like: train', ''].join('\n'),
  };

  it('points each failed rule at the spec line that declares it, following like:', () => {
    const annotations = validationAnnotations({ ...failing, dataset: 'live' }, spec);
    expect(annotations.map((a) => [a.severity, a.line])).toEqual([
      ['error', 6],
      ['warning', 7],
      ['error', undefined],
      ['error', 9],
    ]);
    expect(annotations[0]).toMatchObject({ file: 'pipewright.yaml', message: "dataset 'live' column 'age': rule 'min' failed (expected >= 18): 3 unexpected of 100 (3%), e.g. row 2: 17" });
    expect(annotations[3]!.message).toBe("dataset 'live': rule 'row-count' failed (expected >= 20000 rows): 12345 rows");
  });

  it('has no file or line without a spec', () => {
    expect(validationAnnotations(failing)[0]).toEqual({ severity: 'error', message: expect.stringContaining("rule 'min' failed") });
  });
});
