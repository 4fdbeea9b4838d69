// `pipewright profile` and `pipewright drift` through main(): files, JSON, text, exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../shared/src/drift/index.ts';
import { seededRandom as random } from '../support/random.ts';
import { runCli } from '../support/cli.ts';

async function run(cwd: string, args: string[]) {
  const { code, stdout: out, stderr: err } = await runCli(args, { cwd });
  return { code, out, err };
}

/** `shift` 0 is the reference distribution; 1 moves spend and plan. */
function csv(rows: number, seed: number, shift: number): string {
  const r = random(seed);
  const lines = ['customer_id,age,plan,spend_30d,churned'];
  for (let i = 0; i < rows; i++) {
    const u = r();
    const plan = u < 0.5 - shift * 0.3 ? 'basic' : u < 0.8 - shift * 0.3 ? 'pro' : 'enterprise';
    const spend = (50 + shift * 25 + (r() + r() + r() - 1.5) * 20).toFixed(2);
    lines.push(`c${i},${18 + Math.floor(r() * 60)},${plan},${spend},${r() < 0.2}`);
  }
  return `${lines.join('\n')}\n`;
}

function workspace(onDrift = 'retrain', extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-drift-'));
  writeFileSync(join(dir, 'train.csv'), csv(800, 1, 0));
  writeFileSync(join(dir, 'live.csv'), csv(600, 2, 1));
  writeFileSync(join(dir, 'same.csv'), csv(600, 6, 0));
  writeFileSync(join(dir, 'empty.csv'), 'customer_id,age,plan,spend_30d,churned\n');
  writeFileSync(
    join(dir, 'pipewright.yaml'),
    `version: 1
name: churn
datasets:
  train:
    path: train.csv
    columns:
      customer_id: { type: string, unique: true }
      age: { type: integer, min: 18 }
      plan: { type: string, values: [basic, pro, enterprise] }
      spend_30d: { type: number }
      churned: { type: boolean }
  live:
    path: live.csv
    like: train
drift:
  reference: train
  current: live
  on-drift: ${onDrift}
${extra}`,
  );
  return dir;
}

describe('pipewright profile', () => {
  it('writes a version-1 profile of the dataset and describes it', async () => {
    const dir = workspace();
    const r = await run(dir, ['profile', '--dataset', 'train', '--out', 'ref.json']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Profiled dataset 'train' (train.csv): 800 rows, 5 columns");
    expect(r.out).toMatch(/plan: string, 800 values, 0 nulls, 3 distinct, top "basic" \d+/);
    const profile = parseProfile(readFileSync(join(dir, 'ref.json'), 'utf8'), 'ref.json');
    expect(profile).toMatchObject({ kind: 'pipewright-profile', version: 1, rows: 800, dataset: 'train' });
    expect(profile.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(profile.columns)).toEqual(['customer_id', 'age', 'plan', 'spend_30d', 'churned']);
  });

  it('prints one JSON document with --format json', async () => {
    const dir = workspace();
    const r = await run(dir, ['profile', '--dataset', 'train', '--out', 'ref.json', '--path', 'same.csv', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ dataset: 'train', path: 'same.csv', rows: 600, out: 'ref.json', passed: true });
    expect(json.columns.age).toEqual({ kind: 'numeric', type: 'integer', count: 600, nulls: 0 });
  });

  it('exits 2 on usage errors and unknown datasets', async () => {
    const dir = workspace();
    expect((await run(dir, ['profile', '--out', 'ref.json'])).code).toBe(2);
    const r = await run(dir, ['profile', '--dataset', 'nope', '--out', 'ref.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown dataset 'nope'");
    writeFileSync(
      join(dir, 'pipewright.yaml'),
      readFileSync(join(dir, 'pipewright.yaml'), 'utf8').replace('drift:', '  db:\n    sql: { engine: postgres, url-env: DATABASE_URL, table: customers }\n    like: train\ndrift:'),
    );
    const sql = await run(dir, ['profile', '--dataset', 'db', '--out', 'ref.json']);
    expect([sql.code, sql.err.trim()]).toEqual([2, "pipewright profile: environment variable DATABASE_URL is not set (sql.url-env names it as the PostgreSQL connection URL)"]);
    const outside = await run(dir, ['profile', '--dataset', 'train', '--out', '../ref.json']);
    expect(outside.code).toBe(2);
    expect(outside.err).toContain('outside the workspace');
  });
});

describe('pipewright drift', () => {
  it('finds drift against a profile file, exits 1 and asks for a retrain (JSON)', async () => {
    const dir = workspace();
    await run(dir, ['profile', '--dataset', 'train', '--out', 'ref.json']);
    const r = await run(dir, ['drift', '--reference', 'ref.json', '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ drifted: true, action: 'retrain', threshold: 0.5, reference: { profile: 'ref.json' }, current: { dataset: 'live' } });
    const byName = Object.fromEntries(json.columns.map((c: { column: string }) => [c.column, c]));
    expect(byName.customer_id).toMatchObject({ verdict: 'skipped', drifted: false });
    expect(byName.spend_30d).toMatchObject({ method: 'ks', threshold: 0.05, drifted: true, reference_rows: 800, current_rows: 600 });
    expect(byName.plan).toMatchObject({ method: 'chi2', drifted: true });
    expect(byName.age).toMatchObject({ method: 'ks', drifted: false });
    expect(byName.churned).toMatchObject({ method: 'chi2', drifted: false });
    expect(json.share).toBe(0.5);
    for (const c of json.columns) expect(Object.keys(c)).toEqual(expect.arrayContaining(['column', 'method', 'statistic', 'threshold', 'drifted']));
  });

  it('prints a table of method, statistic, threshold and verdict per column', async () => {
    const dir = workspace();
    const r = await run(dir, ['drift']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^column\s+method\s+statistic\s+drifts when\s+verdict$/);
    expect(lines.find((l) => l.startsWith('spend_30d'))).toMatch(/^spend_30d\s+ks\s+p = [\d.e-]+\s+p ≤ 0.05\s+drift$/);
    expect(r.out).toContain('Dataset drift: 2 of 4 columns drifted (50%, threshold 50%)');
    expect(r.out).toContain('Action: retrain');
  });

  it('exits 0 when current data matches the reference', async () => {
    const dir = workspace();
    const r = await run(dir, ['drift', '--current', 'same.csv', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ drifted: false, action: null, share: 0, current: { dataset: 'live', path: 'same.csv' } });
  });

  it('follows on-drift: alert exits 0, fail exits 1', async () => {
    const alert = await run(workspace('alert'), ['drift', '--format', 'json']);
    expect([alert.code, JSON.parse(alert.out).action]).toEqual([0, 'alert']);
    const fail = await run(workspace('fail'), ['drift']);
    expect(fail.code).toBe(1);
    expect(fail.out).toContain('Action: fail');
  });

  it('uses drift.method and drift.share from the spec', async () => {
    const r = await run(workspace('retrain', '  method: psi\n  share: 0.75\n'), ['drift', '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(json.columns.filter((c: { method: string }) => c.method === 'psi')).toHaveLength(4);
    expect(json.threshold).toBe(0.75);
    expect(r.code).toBe(json.drifted ? 1 : 0);
  });

  it('exits 2 with a clear message for a reference that is not a profile', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'bad.json'), 'not json at all');
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ kind: 'pipewright-profile', version: 2, rows: 0, columns: {} }));
    const bad = await run(dir, ['drift', '--reference', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^pipewright drift: bad\.json: the profile is not JSON/);
    const v2 = await run(dir, ['drift', '--reference', 'v2.json', '--format', 'json']);
    expect(v2.code).toBe(2);
    expect(JSON.parse(v2.out).error).toMatchObject({ code: 'profile-invalid', location: { file: 'v2.json' } });
    expect(JSON.parse(v2.out).error.message).toContain('version 2; this Pipewright reads version 1 profiles');
    const missing = await run(dir, ['drift', '--reference', 'nope.json']);
    expect([missing.code, missing.err.trim()]).toEqual([2, 'pipewright drift: nope.json: cannot read the reference profile: no such file']);
  });

  it('exits 2 when the current data is empty: nothing can be compared', async () => {
    const r = await run(workspace(), ['drift', '--current', 'empty.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no column could be compared (reference 800 rows, current 0 rows)');
    expect(r.err).toContain("'age': no non-null values in the current data");
  });

  it('exits 2 when the spec has no drift section', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'pipewright.yaml'), 'version: 1\nname: churn\n');
    const r = await run(dir, ['drift']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("the spec has no 'drift' section");
  });
});
