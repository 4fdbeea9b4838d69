// Runs the bundled validate-data action exactly as the runner does: INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, exit code, workflow commands.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadDuckDB, loadPostgres } from '../fixtures/sql/tables.ts';
import { expectNoStackTrace, runAction } from '../support/action-runner.ts';
import { type RunningPostgres, startPostgres } from '../support/servers.ts';

const SPEC = `version: 1
name: churn
datasets:
  train:
    path: data/train.csv
    columns:
      customer_id: { type: string, nullable: false, unique: true }
      age: { type: integer, min: 18, max: 120 }
      plan: { type: string, values: [basic, pro, enterprise] }
      email: { type: string, pattern: '^[^@]+@[^@]+$', severity: warn }
    checks:
      row-count: { min: 3 }
  bad:
    path: data/bad.csv
    like: train
  warned:
    path: data/warned.csv
    like: train
  customers_db:
    sql: { engine: postgres, url-env: DATABASE_URL, table: customers }
    like: train
  warehouse:
    sql: { engine: duckdb, database: data/warehouse.duckdb, table: customers }
    like: train
`;

let workspace: string;
let server: RunningPostgres;

function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runAction('validate-data', { workspace, inputs, env });
}

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'pw-validate-data-'));
  mkdirSync(join(workspace, 'data'));
  writeFileSync(join(workspace, 'pipewright.yaml'), SPEC);
  writeFileSync(join(workspace, 'data/train.csv'), 'customer_id,age,plan,email\nc1,34,pro,a@x.io\nc2,50,basic,b@x.io\nc3,29,enterprise,c@x.io\n');
  writeFileSync(join(workspace, 'data/bad.csv'), 'customer_id,age,plan,email\nc1,34,pro,a@x.io\nc2,17,gold,nope\nc2,,basic,b@x.io\nc4,130,pro,\n');
  writeFileSync(join(workspace, 'data/warned.csv'), 'customer_id,age,plan,email\nc1,34,pro,a@x.io\nc2,50,basic,nope\nc3,29,enterprise,c@x.io\n');
  await loadDuckDB(join(workspace, 'data/warehouse.duckdb'), 'customers', {
    columns: { customer_id: 'VARCHAR', age: 'INTEGER', plan: 'VARCHAR', email: 'VARCHAR' },
    rows: [
      ['c1', 34, 'pro', 'a@x.io'],
      ['c2', 44, 'pro', 'b@x.io'],
      ['c3', 40, 'basic', 'c@x.io'],
    ],
  });
  server = await startPostgres();
  await loadPostgres(server.connectionString, 'customers', {
    columns: { customer_id: 'text', age: 'integer', plan: 'text', email: 'text' },
    rows: [
      ['c1', 34, 'pro', 'a@x.io'],
      ['c2', 12, 'pro', 'b@x.io'],
      ['c3', 40, 'platinum', 'c@x.io'],
    ],
  });
});

afterAll(async () => {
  await server?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('validate-data action', () => {
  it('passes a clean dataset: outputs, JSON report and summary table', () => {
    const result = run({ dataset: 'train' });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.outputs.passed).toBe('true');
    expect(result.outputs.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8'));
    expect(report).toMatchObject({ dataset: 'train', path: 'data/train.csv', rows: 3, passed: true, fingerprint: result.outputs.fingerprint });
    expect(result.summary).toContain('## ✅ Dataset `train` passed');
    expect(result.summary).toContain('| Rule | Column | Severity | Unexpected | Percent | Expected | Examples (row: value) |');
    expect(result.summary).toContain('| unique | customer_id | error | 0 | 0% | unique |  |');
    expect(result.commands.filter((c) => c.command === 'error')).toEqual([]);
  });

  it('fails a bad dataset with annotations at the spec lines and a chart in the summary', () => {
    const result = run({ dataset: 'bad' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.passed).toBe('false');
    expect(result.outputs.fingerprint).toMatch(/^sha256:/);
    const errors = result.commands.filter((c) => c.command === 'error');
    expect(errors.map((e) => e.properties)).toContain('title=Data rule failed (bad),file=pipewright.yaml,line=9');
    expect(errors.some((e) => e.message.includes("column 'age': rule 'min' failed (expected >= 18)") && e.message.includes('row 2: "17"'))).toBe(true);
    expect(result.commands.filter((c) => c.command === 'warning').map((w) => w.properties)).toEqual(['title=Data rule failed (bad),file=pipewright.yaml,line=10']);
    expect(errors.at(-1)!.message).toBe("4 data rules failed on dataset 'bad' (fail-on: error)");
    expect(result.summary).toContain('## ❌ Dataset `bad` failed');
    expect(result.summary).toContain('| values | plan | error | 1 | 25% | one of basic, pro, enterprise | row 2: "gold" |');
    expect(result.summary).toContain('```mermaid\nxychart-beta');
    expect(result.summary).toContain('x-axis ["customer_id", "age", "plan", "email"]');
    expectNoStackTrace(result);
  });

  it('validates another file through the path input', () => {
    const result = run({ dataset: 'bad', path: 'data/train.csv' });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(result.outputs.report!, 'utf8'))).toMatchObject({ dataset: 'bad', path: 'data/train.csv', passed: true });
    const outside = run({ dataset: 'bad', path: '/etc/passwd' });
    expect(outside.exitCode).toBe(1);
    expect(outside.commands.at(-1)!.message).toBe(`Invalid input 'path': '/etc/passwd'. Expected a path inside the workspace '${workspace}'.`);
  });

  it('fails on warn-severity rules only with fail-on: warn', () => {
    const lenient = run({ dataset: 'warned' });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs.passed).toBe('true');
    expect(lenient.commands.filter((c) => c.command === 'warning')).toHaveLength(1);
    const strict = run({ dataset: 'warned', 'fail-on': 'warn' });
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs.passed).toBe('false');
    expect(strict.commands.at(-1)).toMatchObject({ command: 'error', message: "1 data rule failed on dataset 'warned' (fail-on: warn)" });
  });

  it('validates a PostgreSQL table through SQL pushdown', () => {
    const result = run({ dataset: 'customers_db' }, { DATABASE_URL: server.connectionString });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.summary).toContain('- **Source:** `postgres:public.customers`');
    expect(result.summary).toContain('| min | age | error | 1 | 33.33% | >= 18 | row 2: 12 |');
    expect(result.summary).toContain('row 3: "platinum"');
  });

  it('needs @duckdb/node-api for a DuckDB dataset, and finds it in the workspace', () => {
    const missing = run({ dataset: 'warehouse' });
    expect(missing.exitCode).toBe(1);
    expect(missing.commands.at(-1)!.message).toBe("engine 'duckdb' needs the optional package @duckdb/node-api, which is not installed (install it: npm install @duckdb/node-api)");
    expectNoStackTrace(missing);
    // As `npm install @duckdb/node-api` in the repository would provide it.
    const installed = realpathSync(new URL('../../shared/node_modules/@duckdb/node-api', import.meta.url));
    mkdirSync(join(workspace, 'node_modules/@duckdb'), { recursive: true });
    symlinkSync(installed, join(workspace, 'node_modules/@duckdb/node-api'));
    try {
      const result = run({ dataset: 'warehouse' });
      expect(result.exitCode).toBe(0);
      expect(result.outputs.passed).toBe('true');
      expect(result.summary).toContain('- **Source:** `duckdb:main.customers`');
    } finally {
      rmSync(join(workspace, 'node_modules'), { recursive: true, force: true });
    }
  });

  it('rejects bad inputs with a clear message and no stack trace', () => {
    const badFailOn = run({ dataset: 'train', 'fail-on': 'nope' });
    expect(badFailOn.exitCode).toBe(1);
    expect(badFailOn.commands).toContainEqual({ command: 'error', properties: '', message: "Invalid input 'fail-on': 'nope'. Expected 'error' or 'warn'." });
    expectNoStackTrace(badFailOn);
    const outside = run({ dataset: 'train', spec: '../outside.yaml' });
    expect(outside.exitCode).toBe(1);
    expect(outside.commands).toContainEqual({ command: 'error', properties: '', message: `Invalid input 'spec': '../outside.yaml'. Expected a path inside the workspace '${workspace}'.` });
    expectNoStackTrace(outside);
    const noDataset = run({ dataset: '' });
    expect(noDataset.exitCode).toBe(1);
    expect(noDataset.commands.at(-1)!.message).toMatch(/^Input required and not supplied: dataset/);
    const unknown = run({ dataset: 'nope' });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.commands.at(-1)!.message).toBe("unknown dataset 'nope': the spec defines 'train', 'bad', 'warned', 'customers_db', 'warehouse'");
    const noEnv = run({ dataset: 'customers_db' });
    expect(noEnv.exitCode).toBe(1);
    expect(noEnv.commands.at(-1)!.message).toMatch(/^environment variable DATABASE_URL is not set/);
    expectNoStackTrace(noEnv);
  });
});

describe('validate-data documentation', () => {
  it('docs/actions.md documents every input and output of action.yml, with its default', () => {
    const metadata = parseYaml(readFileSync(new URL('../../actions/validate-data/action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default?: string; required?: boolean; description: string }>;
      outputs: Record<string, { description: string }>;
      runs: { using: string; main: string };
    };
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const doc = readFileSync(new URL('../../docs/actions.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## validate-data'));
    for (const [name, input] of Object.entries(metadata.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
      const row = section.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, `input ${name}`).toBeDefined();
      expect(row!.split('|')[2]!.trim(), `required ${name}`).toBe(input.required ? 'yes' : 'no');
      if (input.default) expect(row, `default of ${name}`).toContain(`\`${input.default}\``);
    }
    for (const name of Object.keys(metadata.outputs)) expect(section, `output ${name}`).toContain(`| \`${name}\` |`);
  });
});
