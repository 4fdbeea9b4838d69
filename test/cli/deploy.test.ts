// `pipewright deploy` and `deploy status` through main(), with the command target (its
// commands record each weight in a file): progress lines, text and JSON, Ctrl-C.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanaryStep, PipelineSpec } from '../../schema/src/index.ts';
import { canaryWorkspace, startModelServer } from '../support/canary/rig.ts';
import { runCli } from '../support/cli.ts';
import { waitFor } from '../support/servers.ts';

const WRITE = `${process.execPath} -e "require('fs').writeFileSync(process.argv[1], process.argv[2])"`;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function workspace(steps: CanaryStep[]): Promise<string> {
  const spec = {
    version: 1,
    name: 'churn',
    registry: { url: 'file:.pipewright/registry' },
    deploy: { target: 'command', command: { 'set-weight': `${WRITE} weight.txt {{ weight }}` }, canary: { steps } },
  } as PipelineSpec;
  const { dir } = await canaryWorkspace(spec);
  dirs.push(dir);
  writeFileSync(join(dir, 'weight.txt'), 'untouched');
  return dir;
}

const env = { PATH: process.env.PATH ?? '', USER: 'tester' };

describe('pipewright deploy', () => {
  it('prints progress lines on stderr as it goes, the outcome and timeline on stdout, exit 0 when promoted', async () => {
    const ws = await workspace([{ weight: 10 }, { pause: '50ms' }, { weight: 100 }]);
    const run = await runCli(['deploy'], { cwd: ws, env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^deploy: \d\d:\d\d:\d\d {2}start +v3 over v2, 3 steps\n/);
    expect(run.stderr).toMatch(/deploy: \d\d:\d\d:\d\d {2}weight +10%\n/);
    expect(run.stdout).toMatch(/^canary v3 \(stable before: v2\): promoted\nreason: canary v3: every step and analysis passed\n\ntimeline:\n/);
    expect(run.stdout).toContain('production: v2 → v3');
    expect(readFileSync(join(ws, 'weight.txt'), 'utf8')).toBe('100');
    const status = await runCli(['deploy', 'status', '--format', 'json'], { cwd: ws, env });
    expect(status.code).toBe(0);
    const json = JSON.parse(status.stdout) as { state: { phase: string; outcome: string; weight: number }; traffic: unknown; trafficError: string };
    expect(json.state).toMatchObject({ phase: 'done', outcome: 'promoted', weight: 100 });
    expect(json.traffic).toBeNull();
    expect(json.trafficError).toBe('the command target cannot be asked where traffic stands: the last weight confirmed was 100% (v3)');
    const text = await runCli(['deploy', 'status'], { cwd: ws, env });
    expect(text.stdout).toMatch(/^traffic: the command target cannot be asked where traffic stands: the last weight confirmed was 100% \(v3\)\nlast deploy: v3 over v2, promoted, updated /);
  });

  it('Ctrl-C (the signal) during a pause: aborted, traffic to stable, exit 1, one JSON document', async () => {
    const ws = await workspace([{ weight: 10 }, { pause: '10m' }, { weight: 100 }]);
    const controller = new AbortController();
    const running = runCli(['deploy', '--format', 'json'], { cwd: ws, env, signal: controller.signal });
    await waitFor('the canary at 10%', () => readFileSync(join(ws, 'weight.txt'), 'utf8') === '10');
    controller.abort();
    const run = await running;
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { outcome: string; reason: string; rollback: { at: string } };
    expect(json.outcome).toBe('aborted');
    expect(json.reason).toMatch(/^canary v3: aborted by a signal \(Ctrl-C or SIGTERM\) at /);
    expect(readFileSync(join(ws, 'weight.txt'), 'utf8')).toBe('0');
    expect(run.stderr).toBe('');
  });

  it('a spec without deploy is a named error, exit 2', async () => {
    const ws = await workspace([{ weight: 100 }]);
    writeFileSync(join(ws, 'pipewright.yaml'), 'version: 1\nname: churn\n');
    const run = await runCli(['deploy'], { cwd: ws, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pipewright deploy: .*pipewright\.yaml has no 'deploy' section: add deploy\.target and deploy\.canary\.steps\n$/);
  });

  it('--ramp runs the load test at growing rates and reports where the server holds, moving no traffic', async () => {
    const server = await startModelServer('canary');
    try {
      const ws = await workspace([{ weight: 100 }]);
      const spec = `version: 1\nname: churn\nregistry: { url: 'file:.pipewright/registry' }\ndeploy:\n  target: command\n  command: { set-weight: 'true' }\n  load-test: { url: 'http://${server.address}/predict', rps: 20, duration: 1s, max-p99: 2s, ramp: { factor: 2, max-rps: 80, step-duration: 1s } }\n  canary: { steps: [{ weight: 100 }] }\n`;
      writeFileSync(join(ws, 'pipewright.yaml'), spec);
      const run = await runCli(['deploy', '--ramp', '--format', 'json'], { cwd: ws, env });
      expect(run.code, run.stdout).toBe(0);
      const report = JSON.parse(run.stdout) as { sustained_rps: number; saturation_rps: number | null; steps: Array<{ rps: number; verdict: string; error_rate: number; saturated: string | null }> };
      // Rates double from the spec's rps up to max-rps; a busy machine may end the ramp early.
      expect(report.steps.map((s) => s.rps)).toEqual([20, 40, 80].slice(0, report.steps.length));
      expect(report.steps[0]).toMatchObject({ rps: 20, verdict: 'pass', error_rate: 0 });
      expect(report.sustained_rps).toBe(report.steps.filter((s) => s.verdict === 'pass' && !s.saturated).at(-1)!.rps);
      expect(readFileSync(join(ws, 'weight.txt'), 'utf8')).toBe('untouched');
    } finally {
      await server.stop();
    }
  });

  it('--roll-back-unfinished sends a killed canary back to stable instead of resuming it; with nothing unfinished, exit 1', async () => {
    const ws = await workspace([{ weight: 10 }, { pause: '10m' }, { weight: 100 }]);
    const first = await runCli(['deploy', '--version', 'v3', '--format', 'json'], { cwd: ws, env, signal: AbortSignal.timeout(1_500) });
    expect(JSON.parse(first.stdout).outcome).toBe('aborted');
    // As a SIGKILLed controller leaves it: in the pause at 10%, its process gone.
    const statePath = join(ws, '.pipewright/deploy/churn.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>;
    writeFileSync(statePath, JSON.stringify({ ...state, phase: 'running', outcome: null, reason: null, step: 1, weight: 10, pid: 999_999_999 }));
    writeFileSync(join(ws, 'weight.txt'), '10');
    const run = await runCli(['deploy', '--roll-back-unfinished', '--format', 'json'], { cwd: ws, env });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { outcome: string; reason: string; timeline: Array<{ kind: string }> };
    expect(json.outcome).toBe('aborted');
    expect(json.reason).toMatch(/^canary v3: left unfinished at step 2 \(10%\), rolled back on request at /);
    expect(readFileSync(join(ws, 'weight.txt'), 'utf8')).toBe('0');
    expect(json.timeline.map((e) => e.kind)).not.toContain('resume');
    const again = await runCli(['deploy', '--roll-back-unfinished', '--format', 'json'], { cwd: ws, env });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error).toMatchObject({ code: 'nothing-unfinished', message: expect.stringContaining('v3 ended aborted); traffic is unchanged') });
  });
});

