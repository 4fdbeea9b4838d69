// `pipewright train` on a real child process: the run record, params, and every way a run fails.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/src/train/run-record.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

let ws: PipelineWorkspace;
beforeEach(() => {
  ws = PipelineWorkspace.from('test/fixtures/train/workspace');
});
afterEach(() => ws.cleanup());

function mode(value: string) {
  ws.editSpec((spec) => {
    spec.train!.params!.mode = value;
  });
}

describe('pipewright train', () => {
  it('runs the command, passes params, and prints and saves the run record', async () => {
    const result = await ws.cli(['train', '--format', 'json', '--out', 'run.json']);
    expect(result.code).toBe(0);
    const record = JSON.parse(result.stdout) as RunRecord;
    expect(record).toMatchObject({
      schema: 'pipewright.run/v1',
      name: 'toy',
      status: 'succeeded',
      exit_code: 0,
      command: ['python3', 'trainer.py', '--mode', 'ok', '--data', 'data.csv', '--out', 'model/'],
      params: { mode: 'ok', quality: 0.8 },
      metrics: { accuracy: 0.8, auc: 0.85 },
      spec: { path: 'pipewright.yaml' },
      error: null,
    });
    expect(record.run_id).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(record.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.train_seconds).toBeGreaterThan(0);
    expect(record.peak_memory_mb).toBeGreaterThan(1);
    expect(record.data.train).toMatchObject({ path: 'data.csv' });
    expect(record.artifact?.path).toBe('model');
    expect(record.artifact?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(record.artifact?.files.map((f) => f.path)).toEqual(['metrics.json', 'model.bin', 'params.json']);
    expect(record.host.hostname).not.toBe('');
    // The child's logs went to stderr so that stdout holds one JSON document.
    expect(result.stderr).toContain("training on 3 rows with {'mode': 'ok', 'quality': 0.8}");
    expect(JSON.parse(ws.read('model/params.json'))).toEqual({ mode: 'ok', quality: 0.8 });
    expect(JSON.parse(ws.read(`.pipewright/runs/${record.run_id}.json`))).toEqual(record);
    expect(JSON.parse(ws.read('run.json'))).toEqual(record);
  });

  it('streams the logs to stdout in text mode and sums up the run', async () => {
    const result = await ws.cli(['train']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('training on 3 rows');
    expect(result.stdout).toMatch(/run \S+ succeeded in .* wall, .* CPU, peak .* MB/);
    expect(result.stdout).toContain('accuracy: 0.8');
  });

  it('records the git commit and whether the tree was dirty before the run', async () => {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    run('init', '-q');
    ws.write('.gitignore', 'model/\n.pipewright/\n');
    run('add', '.');
    run('commit', '-q', '-m', 'init');
    const head = run('rev-parse', 'HEAD').toString().trim();
    const clean = JSON.parse((await ws.cli(['train', '--format', 'json'])).stdout) as RunRecord;
    expect(clean.git).toEqual({ commit: head, dirty: false });
    ws.write('data.csv', 'id,x\n1,0.5\n');
    const dirty = JSON.parse((await ws.cli(['train', '--format', 'json'])).stdout) as RunRecord;
    expect(dirty.git).toEqual({ commit: head, dirty: true });
  });

  it('fails with exit 1 and the last log lines when the command exits non-zero', async () => {
    mode('fail');
    const result = await ws.cli(['train']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed: exited with code 3');
    expect(result.stderr).toContain('last 50 lines of output:');
    expect(result.stderr).toContain('ValueError: learning rate too high');
    expect(result.stderr).not.toContain('| step 0\n');
    const json = JSON.parse((await ws.cli(['train', '--format', 'json'])).stdout) as RunRecord;
    expect(json).toMatchObject({ status: 'failed', exit_code: 3, error: 'exited with code 3', artifact: null, metrics: {} });
    expect(json.log_tail.at(-1)).toBe('ValueError: learning rate too high');
  });

  it('exits 2 with a clear error when the command does not exist', async () => {
    ws.editSpec((spec) => {
      spec.train!.run = 'no-such-trainer --out model/';
    });
    const result = await ws.cli(['train']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("train command 'no-such-trainer' not found");
    expect(result.stderr).not.toContain('    at ');
  });

  it('stops the process group after the timeout and says so', async () => {
    mode('sleep');
    ws.editSpec((spec) => {
      spec.train!.timeout = '1s';
    });
    const started = Date.now();
    const result = await ws.cli(['train', '--format', 'json']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'timed-out', error: 'timed out after 1s', signal: 'SIGTERM' });
  });

  it.each([
    ['missing-metrics', "metrics file 'model/metrics.json' not found"],
    ['bad-json', "metrics file 'model/metrics.json' is not valid JSON"],
    ['non-numeric', "metrics file 'model/metrics.json': key 'auc' must be a finite number, found \"high\""],
  ])('fails when the metrics file is %s', async (name, message) => {
    mode(name);
    const result = await ws.cli(['train']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('rejects a metrics file left over from an earlier run', async () => {
    expect((await ws.cli(['train'])).code).toBe(0);
    mode('missing-metrics');
    const result = await ws.cli(['train']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("metrics file 'model/metrics.json' was not written by this run");
  });

  it('exits 2 when the spec is missing', async () => {
    const result = await ws.cli(['train', 'nope.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read the spec');
    expect(existsSync(ws.path('model'))).toBe(false);
    expect(readFileSync(ws.path('pipewright.yaml'), 'utf8')).toContain('trainer.py');
  });
});
