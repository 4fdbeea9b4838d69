// The examples in docs/drift.md, run as written on the churn example, and the
// statistics they print checked against scipy on the same files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

const root = join(import.meta.dirname, '../..');

let ws: PipelineWorkspace | undefined;
afterEach(() => ws?.cleanup());

describe('docs/drift.md', () => {
  it('runs the drift example on the churn example and prints what the page shows', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    const results = [];
    for (const argv of docCommands(docBlock('drift.md', 'drift-cli'))) {
      const result = await ws.cli(argv);
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
      results.push(result);
    }
    expect(results[1]!.stdout).toBe(docBlock('drift.md', 'drift-output'));
    expect(JSON.parse(results[2]!.stdout)).toMatchObject({ drifted: false, action: null, current: { path: 'data/live/day1.jsonl' }, current_rows: 500 });
  });

  it('prints the statistics scipy computes from the same files (exact: 1e-9, sketched: 1%)', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    expect((await ws.cli(['profile', '--dataset', 'train', '--out', 'reference.json'])).code).toBe(0);
    const drift = await ws.cli(['drift', '--reference', 'reference.json', '--format', 'json']);
    const report = JSON.parse(drift.stdout) as { columns: Array<{ column: string; method: string; statistic: number; approximate?: boolean }> };
    const live = readdirSync(ws.path('data/live')).map((f) => ws!.path('data/live', f));
    const script = join(root, 'test/fixtures/drift/scipy_churn.py');
    const python = spawnSync('/usr/bin/python3', [script, ws.path('data/train.csv'), ...live], { encoding: 'utf8' });
    if (python.status !== 0) throw new Error(`/usr/bin/python3 with pandas and scipy is needed for this test: ${python.error?.message ?? python.stderr}`);
    const expected = JSON.parse(python.stdout) as Record<string, { method: string; statistic: number }>;
    expect(Object.keys(expected)).toHaveLength(5);
    for (const [column, want] of Object.entries(expected)) {
      const got = report.columns.find((c) => c.column === column)!;
      expect(got.method).toBe(want.method);
      const tolerance = got.approximate ? 0.01 : 1e-9;
      expect(Math.abs(got.statistic - want.statistic), `${column}: ${got.statistic} vs scipy ${want.statistic}`).toBeLessThanOrEqual(tolerance * want.statistic);
    }
  });
});
