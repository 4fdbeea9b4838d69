// Every rule against results computed by hand the way Great Expectations reports them:
// value rules count non-null values, nulls fail only not-null, `mostly` is the share of
// non-null values that must pass, unique counts every occurrence of a repeated value.
import { describe, expect, it } from 'vitest';
import { ruleOf, TINY_RANGES, validate, workspace } from './data-helpers.ts';

const csv = [
  'id,age,plan,email,joined,score,flag,seen_at',
  '1,34,basic,a@x.io,2024-01-05,1.5,true,2024-06-01T10:00:00Z',
  '2,,pro,bad-email,2024-02-30,2,false,2024-06-02 09:30',
  '3,17,gold,c@x.io,,abc,yes,2024-06-03T00:00:00+02:00',
  '3,150,basic,,2024-03-01,-1,TRUE,',
  '5,forty,enterprise,e@x.io,2024-03-02,1e3,0,2024-05-01T00:00:00Z',
  '6,40,,f@x.io,2024-03-03,,1,not-a-time',
].join('\n');

const contract = {
  path: 'd.csv',
  strict: true,
  columns: {
    id: { type: 'integer' as const, unique: true, nullable: false },
    age: { type: 'integer' as const, min: 18, max: 120 },
    plan: { type: 'string' as const, values: ['basic', 'pro', 'enterprise'], nullable: false },
    email: { type: 'string' as const, pattern: '^[a-c]', length: { max: 6 }, mostly: 0.7 },
    joined: { type: 'date' as const },
    score: { type: 'number' as const, min: 0, severity: 'warn' as const },
    flag: { type: 'boolean' as const },
    seen_at: { type: 'timestamp' as const },
  },
  checks: {
    'row-count': { min: 1, max: 5 },
    'missing-rows': { max: 0.5 },
    duplicates: { columns: ['id'], max: 0 },
    freshness: { column: 'seen_at', 'max-age': '2d' },
  },
};

const now = new Date('2024-06-03T12:00:00Z');

describe('contract rules (GE semantics)', () => {
  for (const [label, tuning] of [
    ['in-process', { workers: 0 }],
    ['over worker ranges', TINY_RANGES],
  ] as const) {
    it(`match hand-computed results ${label}`, async () => {
      const dir = workspace({ 'd.csv': csv });
      const r = await validate(dir, contract, { now, tuning });
      expect(r.rows).toBe(6);
      const pick = (rule: Parameters<typeof ruleOf>[1], column: string | null = null) => {
        const x = ruleOf(r.results, rule, column);
        return [x.passed, x.element_count, x.unexpected_count, x.partial_unexpected_list];
      };
      expect(pick('type', 'id')).toEqual([true, 6, 0, []]);
      expect(pick('not-null', 'id')).toEqual([true, 6, 0, []]);
      // 3 appears twice: both occurrences are unexpected, and both are listed.
      expect(pick('unique', 'id')).toEqual([
        false,
        6,
        2,
        [
          { row: 3, value: '3' },
          { row: 4, value: '3' },
        ],
      ]);
      expect(pick('type', 'age')).toEqual([false, 5, 1, [{ row: 5, value: 'forty' }]]);
      // The null (row 2) passes min/max; 'forty' is not an integer and so not compared.
      expect(pick('min', 'age')).toEqual([false, 5, 1, [{ row: 3, value: '17' }]]);
      expect(pick('max', 'age')).toEqual([false, 5, 1, [{ row: 4, value: '150' }]]);
      expect(pick('values', 'plan')).toEqual([false, 5, 1, [{ row: 3, value: 'gold' }]]);
      expect(pick('not-null', 'plan')).toEqual([false, 6, 1, [{ row: 6, value: null }]]);
      // mostly 0.7 of 5 non-null emails: 3/5 = 0.6 match the pattern (fail), 4/5 = 0.8 have length <= 6 (pass).
      expect(pick('pattern', 'email')).toEqual([false, 5, 2, [{ row: 5, value: 'e@x.io' }, { row: 6, value: 'f@x.io' }]]);
      expect(pick('length', 'email')).toEqual([true, 5, 1, [{ row: 2, value: 'bad-email' }]]);
      expect(pick('type', 'joined')).toEqual([false, 5, 1, [{ row: 2, value: '2024-02-30' }]]);
      expect(pick('type', 'score')).toEqual([false, 5, 1, [{ row: 3, value: 'abc' }]]);
      expect(pick('min', 'score')).toEqual([false, 5, 1, [{ row: 4, value: '-1' }]]);
      expect(ruleOf(r.results, 'min', 'score').severity).toBe('warn');
      expect(pick('type', 'flag')).toEqual([false, 6, 1, [{ row: 3, value: 'yes' }]]);
      expect(pick('type', 'seen_at')).toEqual([false, 5, 1, [{ row: 6, value: 'not-a-time' }]]);
      // Cutoff 2024-06-01T12:00Z: rows 1 and 5 are older, the newest (row 3, 22:00Z) is not.
      expect(pick('freshness', 'seen_at')).toEqual([
        true,
        4,
        2,
        [
          { row: 1, value: '2024-06-01T10:00:00Z' },
          { row: 5, value: '2024-05-01T00:00:00Z' },
        ],
      ]);
      expect(ruleOf(r.results, 'freshness', 'seen_at').observed).toBe('latest 2024-06-03T00:00:00+02:00');
      expect(pick('row-count')).toEqual([false, 6, 0, []]);
      expect(pick('missing-rows')).toEqual([
        false,
        6,
        4,
        [
          { row: 2, value: 'age' },
          { row: 3, value: 'joined' },
          { row: 4, value: 'email' },
          { row: 6, value: 'plan' },
        ],
      ]);
      expect(pick('duplicates')).toEqual([false, 6, 1, [{ row: 4, value: '3' }]]);
      expect(pick('strict')).toEqual([true, 6, 0, []]);
      expect(r.passed).toBe(false);
      for (const x of r.results) expect(x.unexpected_percent).toBeCloseTo(x.element_count ? (100 * x.unexpected_count) / x.element_count : 0, 10);
    });
  }

  it('fails freshness when the newest value is older than max-age', async () => {
    const dir = workspace({ 'd.csv': 'day\n2024-01-01\n2024-01-02\n' });
    const r = await validate(dir, { path: 'd.csv', columns: { day: { type: 'date' } }, checks: { freshness: { column: 'day', 'max-age': '30d' } } }, { now });
    const f = ruleOf(r.results, 'freshness', 'day');
    expect([f.passed, f.element_count, f.unexpected_count]).toEqual([false, 2, 2]);
    expect(r.passed).toBe(false);
  });

  it('passes when only warn rules fail, and nulls pass every rule but not-null', async () => {
    const dir = workspace({ 'd.csv': 'x,y\n,\n,\n5,a\n' });
    const r = await validate(dir, {
      path: 'd.csv',
      columns: { x: { type: 'integer', min: 10, severity: 'warn', unique: true }, y: { type: 'string', values: ['a'], pattern: '^a$', length: 1 } },
    });
    expect(r.passed).toBe(true);
    expect(ruleOf(r.results, 'min', 'x')).toMatchObject({ passed: false, element_count: 1, unexpected_count: 1, unexpected_percent: 100 });
    expect(ruleOf(r.results, 'unique', 'x')).toMatchObject({ passed: true, element_count: 1, unexpected_count: 0 });
    for (const rule of ['values', 'pattern', 'length'] as const) expect(ruleOf(r.results, rule, 'y')).toMatchObject({ passed: true, element_count: 1, unexpected_count: 0 });
  });

  it('strict reports undeclared and missing columns', async () => {
    const dir = workspace({ 'd.csv': 'a,extra\n1,2\n' });
    const r = await validate(dir, { path: 'd.csv', strict: true, columns: { a: { type: 'integer' }, gone: { type: 'string' } } });
    expect(ruleOf(r.results, 'strict')).toMatchObject({ passed: false, observed: 'undeclared columns: extra; missing columns: gone' });
    expect(r.results.some((x) => x.column === 'gone')).toBe(false);
  });

  it('without strict, a declared column missing from the header is an error naming it', async () => {
    const dir = workspace({ 'd.csv': 'a,b\n1,2\n' });
    await expect(validate(dir, { path: 'd.csv', columns: { a: {}, c: {} } })).rejects.toThrow(/column 'c' is declared in the contract but not in the header/);
  });
});
