// Turns merged counts into RuleResults (Great Expectations' result format): value rules
// count non-null values, `mostly` is the share of them that must pass, nulls fail only
// the null rule. Rule order: each declared column's rules, then the table checks.
import type { ColumnRuleKey } from './column-counts.ts';
import type { DatasetCounts } from './merge.ts';
import type { ScanPlan } from './plan.ts';
import type { DatasetContract, RuleName, RuleResult, UnexpectedValue } from './types.ts';

export interface ResultContext {
  contract: DatasetContract;
  plan: ScanPlan;
  counts: DatasetCounts;
  /** Declared columns the data lacks and data columns the contract does not declare. */
  missingColumns: string[];
  extraColumns: string[];
  /** The width every row should have (CSV), for ragged-row messages. */
  width?: number;
}

function percent(unexpected: number, elements: number): number {
  return elements === 0 ? 0 : (unexpected / elements) * 100;
}

function result(
  rule: RuleName,
  column: string | null,
  severity: 'error' | 'warn',
  elements: number,
  unexpected: number,
  examples: UnexpectedValue[],
  passed: boolean,
  extra: { expected?: string; observed?: string } = {},
): RuleResult {
  return {
    rule,
    column,
    severity,
    passed,
    element_count: elements,
    unexpected_count: unexpected,
    unexpected_percent: percent(unexpected, elements),
    partial_unexpected_list: examples.slice(0, 20),
    ...extra,
  };
}

function lengthText(min: number | null, max: number | null): string {
  return min === max ? `length ${min}` : `length ${min ?? 0}..${max ?? '∞'}`;
}

export function buildResults(ctx: ResultContext): RuleResult[] {
  const { contract, plan, counts } = ctx;
  const results: RuleResult[] = [];
  const rows = counts.tally.rows;
  plan.columns.forEach((column, ci) => {
    const spec = contract.columns?.[column.name];
    if (!spec || ctx.missingColumns.includes(column.name)) return;
    const c = counts.columns[ci]!;
    const valueRule = (rule: ColumnRuleKey & RuleName, expected: string) => {
      const unexpected = c.unexpected[rule];
      const elements = c.nonNull;
      const passed = spec.mostly === undefined ? unexpected === 0 : elements === 0 || (elements - unexpected) / elements >= spec.mostly;
      results.push(result(rule, column.name, column.severity, elements, unexpected, c.examples[rule], passed, { expected }));
    };
    if (spec.type !== undefined) valueRule('type', spec.type);
    if (column.notNull) {
      const unexpected = c.unexpected['not-null'];
      results.push(result('not-null', column.name, column.severity, rows, unexpected, c.examples['not-null'], unexpected === 0, { expected: 'not null' }));
    }
    if (column.unique) {
      const unexpected = c.unexpected.unique;
      results.push(result('unique', column.name, column.severity, c.nonNull, unexpected, c.examples.unique, unexpected === 0, { expected: 'unique' }));
    }
    if (spec.min !== undefined) valueRule('min', `>= ${spec.min}`);
    if (spec.max !== undefined) valueRule('max', `<= ${spec.max}`);
    if (spec.values !== undefined) valueRule('values', `one of ${spec.values.join(', ')}`);
    if (spec.pattern !== undefined) valueRule('pattern', `matches /${spec.pattern}/`);
    if (column.lengthMin !== null || column.lengthMax !== null) valueRule('length', lengthText(column.lengthMin, column.lengthMax));
  });

  const checks = contract.checks ?? {};
  const t = counts.tally;
  if (checks['row-count']) {
    const { min, max } = checks['row-count'];
    const passed = (min === undefined || rows >= min) && (max === undefined || rows <= max);
    const expected = [min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : ''].filter(Boolean).join(' and ');
    results.push(result('row-count', null, 'error', rows, 0, [], passed, { expected: `${expected} rows`, observed: `${rows} rows` }));
  }
  if (checks['missing-rows']) {
    const share = checks['missing-rows'].max;
    const passed = rows === 0 || t.missingRows / rows <= share;
    results.push(
      result('missing-rows', null, 'error', rows, t.missingRows, t.missingExamples, passed, {
        expected: `<= ${+(share * 100).toPrecision(6)}% of rows with a null`,
        observed: `${t.missingRows} of ${rows} rows`,
      }),
    );
  }
  if (checks.duplicates) {
    const max = checks.duplicates.max ?? 0;
    results.push(
      result('duplicates', null, 'error', rows, t.duplicates, t.duplicateExamples, t.duplicates <= max, {
        expected: `<= ${max} duplicate rows on (${checks.duplicates.columns.join(', ')})`,
        observed: `${t.duplicates} duplicate rows`,
      }),
    );
  }
  if (checks.freshness) {
    const ci = plan.columns.findIndex((c) => c.name === checks.freshness!.column);
    const c = counts.columns[ci]!;
    const cutoff = plan.columns[ci]!.freshCutoff!;
    const passed = !Number.isNaN(c.latest) && c.latest >= cutoff;
    results.push(
      result('freshness', checks.freshness.column, 'error', c.typed, c.unexpected.freshness, c.examples.freshness, passed, {
        expected: `latest value within ${checks.freshness['max-age']} (after ${new Date(cutoff).toISOString()})`,
        observed: c.latestText === null ? 'no values' : `latest ${c.latestText}`,
      }),
    );
  }
  if (contract.strict) {
    const problems = [
      ...(ctx.extraColumns.length ? [`undeclared columns: ${ctx.extraColumns.join(', ')}`] : []),
      ...(ctx.missingColumns.length ? [`missing columns: ${ctx.missingColumns.join(', ')}`] : []),
    ];
    results.push(
      result('strict', null, 'error', rows, 0, [], problems.length === 0, {
        expected: 'only declared columns, all present',
        observed: problems.length ? problems.join('; ') : 'all columns declared',
      }),
    );
  }
  if (t.raggedRows > 0) {
    const width = ctx.width ?? 0;
    const examples = t.raggedExamples.map((e) => ({ row: e.row, value: `row ${e.row} has ${e.value} fields, expected ${width}` }));
    results.push(result('ragged-rows', null, 'error', rows, t.raggedRows, examples, false, { expected: `${width} fields in every row`, observed: `${t.raggedRows} rows with another number of fields` }));
  }
  return results;
}
