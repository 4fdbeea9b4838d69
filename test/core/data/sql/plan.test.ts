// The contract compiler: identifiers quoted, every spec value a bound parameter, types
// classified, bounds checked before any query runs.
import { describe, expect, it } from 'vitest';
import { sqlFamily, type TableColumn } from '../../../../shared/src/data/sql/columns.ts';
import { duckdb, postgres, quoteIdent } from '../../../../shared/src/data/sql/dialect.ts';
import { parseMaxAge, planSql } from '../../../../shared/src/data/sql/plan.ts';
import { examplesQuery } from '../../../../shared/src/data/sql/samples.ts';
import type { DatasetContract } from '../../../../shared/src/data/types.ts';

const hostile = `x"; DROP TABLE t; --`;
const evil = `'); DROP TABLE t; --`;
const columns: TableColumn[] = [
  { name: 'id', sqlType: 'integer', family: 'integer' },
  { name: hostile, sqlType: 'text', family: 'text' },
  { name: 'seen', sqlType: 'timestamp without time zone', family: 'timestamp' },
];
const table = { sql: '"public"."t"', display: 'public.t', columns, ordered: true };
const now = new Date('2024-03-01T00:00:00Z');

const contract: DatasetContract = {
  columns: {
    id: { type: 'integer', nullable: false, unique: true, min: 1, values: [1, 2, 3] },
    [hostile]: { type: 'string', values: [evil, 'ok'], pattern: evil, length: { max: 9 } },
  },
  checks: { 'row-count': { min: 1 }, duplicates: { columns: ['id', hostile] }, freshness: { column: 'seen', 'max-age': '30d' } },
};

describe('quoteIdent', () => {
  it('makes any string exactly one identifier', () => {
    expect(quoteIdent('plain')).toBe('"plain"');
    expect(quoteIdent(hostile)).toBe('"x""; DROP TABLE t; --"');
    expect(quoteIdent('"')).toBe('""""');
  });
});

describe('planSql', () => {
  for (const dialect of [postgres, duckdb]) {
    it(`${dialect.engine}: binds every value from the spec and quotes every name`, () => {
      const plan = planSql(contract, table, dialect, now);
      const sql = [plan.scan.sql, plan.grouping!.sql, examplesQuery(plan, plan.rules.filter((r) => r.predicate), dialect, dialect.rowNumber)].join('\n');
      // The hostile value appears only among the parameters, never in the text.
      expect(sql).not.toContain('DROP TABLE t; --\'');
      expect(sql).not.toContain(`'${evil}'`);
      expect(plan.scan.params).toContain(evil);
      expect(plan.scan.params).toContain('ok');
      expect(plan.scan.params).toContain(1);
      // The hostile name appears only quoted: every occurrence of its text is inside "…".
      const bare = sql.split('"x""; DROP TABLE t; --"').join('');
      expect(bare).not.toContain('DROP TABLE');
      // Parameters are numbered 1..n and each one is used.
      const used = new Set([...plan.scan.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect([...used].sort((a, b) => a - b)).toEqual(plan.scan.params.map((_, i) => i + 1));
    });
  }

  it('reports rules in contract order with GE element counts', () => {
    const plan = planSql(contract, table, postgres, now);
    expect(plan.rules.map((r) => `${r.rule}:${r.column ?? ''}`)).toEqual([
      'type:id',
      'not-null:id',
      'unique:id',
      'min:id',
      'values:id',
      `type:${hostile}`,
      `values:${hostile}`,
      `pattern:${hostile}`,
      `length:${hostile}`,
      'row-count:',
      'duplicates:',
      'freshness:seen',
    ]);
    expect(plan.rules.find((r) => r.rule === 'not-null')!.elements).toBe(`${plan.prefix}rows`);
    expect(plan.rules.find((r) => r.rule === 'min')!.elements).not.toBe(`${plan.prefix}rows`);
  });

  it('picks an alias prefix no column starts with', () => {
    const plan = planSql({ columns: { __pw_x: { nullable: false } } }, { ...table, columns: [{ name: '__pw_x', sqlType: 'text', family: 'text' }] }, postgres, now);
    expect(plan.prefix).toBe('__pw1');
  });

  it('names a missing column, a bad bound and a bad duration before running anything', () => {
    expect(() => planSql({ columns: { agee: { min: 1 } } }, table, postgres, now)).toThrow(`columns.agee: column 'agee' not found in table public.t (columns: 'id', '${hostile}', 'seen')`);
    expect(() => planSql({ columns: { id: { min: 'ten' } } }, table, postgres, now)).toThrow('columns.id.min: expected a number, found "ten"');
    expect(() => planSql({ columns: { seen: { type: 'date', min: '01/02/2024' } } }, table, postgres, now)).toThrow('columns.seen.min: expected an ISO 8601 date (2024-01-31), found "01/02/2024"');
    expect(() => planSql({ checks: { duplicates: { columns: ['nope'] } } }, table, postgres, now)).toThrow("checks.duplicates.columns: column 'nope' not found");
    expect(() => parseMaxAge('a month')).toThrow("checks.freshness.max-age: expected a duration like 30d, 12h, 15m, found 'a month'");
    expect(parseMaxAge('30d')).toBe(30 * 86_400_000);
    expect(parseMaxAge('90s')).toBe(90_000);
  });
});

describe('sqlFamily', () => {
  it('classifies PostgreSQL and DuckDB type names', () => {
    const cases: Record<string, string> = {
      integer: 'integer',
      BIGINT: 'integer',
      'numeric(10,2)': 'decimal',
      'DECIMAL(18,3)': 'decimal',
      'double precision': 'float',
      DOUBLE: 'float',
      real: 'float',
      'character varying': 'text',
      VARCHAR: 'text',
      text: 'text',
      boolean: 'boolean',
      date: 'date',
      'timestamp without time zone': 'timestamp',
      'TIMESTAMP WITH TIME ZONE': 'timestamp',
      jsonb: 'other',
      'USER-DEFINED': 'other',
    };
    for (const [type, family] of Object.entries(cases)) expect(sqlFamily(type), type).toBe(family);
  });
});
