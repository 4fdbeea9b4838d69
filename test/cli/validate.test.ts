// `pipewright validate` through main(): the JSON contract, the text report and exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

async function run(cwd: string, args: string[]) {
  const { code, stdout: out, stderr: err } = await runCli(args, { cwd });
  return { code, out, err };
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-validate-cli-'));
  writeFileSync(join(dir, 'good.csv'), 'customer_id,age,plan\nc1,34,basic\nc2,51,pro\n');
  writeFileSync(join(dir, 'bad.csv'), 'customer_id,age,plan\nc1,34,basic\nc1,12,gold\nc3,,pro\n');
  writeFileSync(join(dir, 'broken.csv'), 'customer_id,age,plan\nc1,"34\n');
  writeFileSync(
    join(dir, 'pipewright.yaml'),
    `version: 1
name: churn
datasets:
  train:
    path: good.csv
    strict: true
    columns:
      customer_id: { type: string, nullable: false, unique: true }
      age: { type: integer, min: 18, max: 120 }
      plan: { type: string, values: [basic, pro, enterprise] }
    checks:
      row-count: { min: 1 }
`,
  );
  return dir;
}

describe('pipewright validate', () => {
  it('prints exactly the contract JSON and exits 0 when every rule passes', async () => {
    const dir = project();
    const r = await run(dir, ['validate', '--dataset', 'train', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(['dataset', 'path', 'fingerprint', 'rows', 'passed', 'results']);
    expect(report).toMatchObject({ dataset: 'train', path: 'good.csv', rows: 2, passed: true });
    expect(report.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const result of report.results) {
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['rule', 'column', 'severity', 'passed', 'element_count', 'unexpected_count', 'unexpected_percent', 'partial_unexpected_list']));
    }
  });

  it('exits 1 on a failed rule and lists failed rules first, with rows and examples', async () => {
    const dir = project();
    const r = await run(dir, ['validate', 'pipewright.yaml', '--dataset', 'train', '--path', 'bad.csv']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe("Dataset 'train' (bad.csv): 3 rows, 10 rules, 3 failed");
    expect(lines[1]).toBe('  FAIL customer_id: unique (expected unique) 2 of 3 unexpected (66.67%)');
    expect(lines[2]).toBe('         e.g. row 1: "c1"; row 2: "c1"');
    expect(r.out).toContain('  FAIL age: min (expected >= 18) 1 of 2 unexpected (50%)\n         e.g. row 2: "12"');
    expect(r.out).toContain('  FAIL plan: values (expected one of basic, pro, enterprise) 1 of 3 unexpected (33.33%)');
    expect(r.out.indexOf('FAIL')).toBeLessThan(r.out.indexOf('ok '));
    expect(r.out.trimEnd().endsWith('FAILED')).toBe(true);
    const json = JSON.parse((await run(dir, ['validate', '--dataset', 'train', '--path', 'bad.csv', '--format', 'json'])).out);
    expect(json.passed).toBe(false);
  });

  it('exits 2 on unreadable input, an unknown dataset or a missing --dataset', async () => {
    const dir = project();
    const broken = await run(dir, ['validate', '--dataset', 'train', '--path', 'broken.csv']);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.csv: row 1, column 'age', byte 24: a quoted field is not closed/);
    const missing = await run(dir, ['validate', '--dataset', 'train', '--path', 'nope.csv', '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out).error).toMatchObject({ code: 'data-missing' });
    expect((await run(dir, ['validate', '--dataset', 'nope'])).code).toBe(2);
    expect((await run(dir, ['validate'])).code).toBe(2);
  });

  it('names a binary data file as binary at byte 0 and quotes none of it (text and JSON)', async () => {
    const dir = project();
    writeFileSync(join(dir, 'junk.csv'), Buffer.alloc(200 * 1024, 0xb9));
    const text = await run(dir, ['validate', '--dataset', 'train', '--path', 'junk.csv']);
    expect(text.code).toBe(2);
    expect(text.out + text.err).toContain('binary data at byte 0');
    expect((text.out + text.err).length).toBeLessThan(400);
    const json = await run(dir, ['validate', '--dataset', 'train', '--path', 'junk.csv', '--format', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out).error).toMatchObject({ code: 'data-binary', location: { file: 'junk.csv', byteOffset: 0 } });
  });
});
