// The canary as separate processes: the CLI SIGKILLed between steps and started again, the
// CLI's JSON contract, and the action run as the runner runs it (node dist/index.js).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeployState } from '../../shared/src/deploy/state.ts';
import { expectNoStackTrace, runAction } from '../support/action-runner.ts';
import { canaryWorkspace, type ModelServer, type Nginx, type Prometheus, repoRoot, startGroup, startModelServer, startNginx, startPrometheus, stopGroup } from '../support/canary/rig.ts';
import { errorRate, nginxSpec, resetUpstream, upstreamWeights } from '../support/canary/specs.ts';
import { OpenLoopClient } from '../support/canary/traffic.ts';
import { waitFor } from '../support/servers.ts';

let dir: string;
let stable: ModelServer;
let canary: ModelServer;
let nginx: Nginx;
let prometheus: Prometheus;
const workspaces: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-canary-restart-'));
  [stable, canary] = await Promise.all([startModelServer('stable'), startModelServer('canary')]);
  nginx = await startNginx(join(dir, 'nginx'), stable.address, canary.address);
  prometheus = await startPrometheus(join(dir, 'prometheus'), [stable.address, canary.address]);
  // The action runs from its bundle, as on a runner: built here as scripts/build.mjs builds it.
  await build({
    entryPoints: [join(repoRoot, 'actions/canary-deploy/src/main.ts')],
    outfile: join(repoRoot, 'actions/canary-deploy/dist/index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['@duckdb/node-api', 'pg-native', 'cloudflare:sockets'],
    banner: { js: "const __pwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__pwImportMetaUrl' },
  });
}, 90_000);

afterAll(async () => {
  await Promise.all([nginx?.stop(), prometheus?.stop(), stable?.stop(), canary?.stop()]);
  for (const w of [dir, ...workspaces]) if (w) rmSync(w, { recursive: true, force: true });
});

beforeEach(async () => {
  await Promise.all([stable.control({ errorRate: 0, delayMs: 20 }), canary.control({ errorRate: 0, delayMs: 20 })]);
  resetUpstream(nginx, stable, canary);
});

function spawnDeploy(cwd: string, args: string[] = []): { child: ChildProcess; result: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(join(repoRoot, 'node_modules/.bin/tsx'), [join(repoRoot, 'cli/src/index.ts'), 'deploy', '--format', 'json', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, USER: 'tester' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const result = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, result };
}

describe('canary controller as a process', () => {
  it('SIGKILLed between steps and started again, it resumes from its state and finishes: never left at a partial weight', async () => {
    const { dir: ws, registry } = await canaryWorkspace(
      nginxSpec({ nginx, stable, canary, steps: [{ weight: 5 }, { pause: '1s' }, { weight: 25 }, { pause: '6s' }, { weight: 100 }], metrics: { 'error-rate': errorRate(prometheus.url) }, analysis: ['error-rate'] }),
    );
    workspaces.push(ws);
    const client = new OpenLoopClient(nginx.url, 200).start();
    const statePath = join(ws, '.pipewright/deploy/churn.json');
    const readState = () => (existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as DeployState) : null);
    const first = spawnDeploy(ws);
    // Killed in the pause after weight 25: the state says step 4 (pause), weight 25.
    await waitFor('the canary at 25%', () => readState()?.weight === 25 && readState()?.step === 3, 30_000);
    process.kill(-first.child.pid!, 'SIGKILL');
    const killed = await first.result;
    expect(killed.signal).toBe('SIGKILL');
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 75, canary: 25 });
    expect(readState()).toMatchObject({ phase: 'running', weight: 25, step: 3 });

    const second = spawnDeploy(ws);
    const done = await second.result;
    const traffic = await client.stop();
    expect(done.stderr).toBe('');
    expect(done.code, done.stdout).toBe(0);
    const json = JSON.parse(done.stdout) as { outcome: string; version: string; stable_before: string; timeline: Array<{ kind: string; weight?: number }> };
    expect(json).toMatchObject({ outcome: 'promoted', version: 'v3', stable_before: 'v2' });
    const kinds = json.timeline.map((e) => e.kind);
    expect(kinds).toContain('resume');
    expect(json.timeline.filter((e) => e.kind === 'weight').map((e) => e.weight)).toEqual([5, 25, 25, 100]);
    expect(readState()).toMatchObject({ phase: 'done', outcome: 'promoted', weight: 100 });
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 0, canary: 100 });
    expect(await registry.resolveAlias('production')).toBe('v3');
    expect(traffic.failed).toEqual([]);
  }, 60_000);

  it('SIGTERM to the CLI mid-canary: traffic back on stable, outcome aborted, exit 1, the registry untouched', async () => {
    const { dir: ws, registry } = await canaryWorkspace(nginxSpec({ nginx, stable, canary, steps: [{ weight: 10 }, { pause: '5m' }, { weight: 100 }], metrics: {} }));
    workspaces.push(ws);
    const statePath = join(ws, '.pipewright/deploy/churn.json');
    const running = spawnDeploy(ws);
    await waitFor('the canary at 10%', () => existsSync(statePath) && (JSON.parse(readFileSync(statePath, 'utf8')) as DeployState).weight === 10, 30_000);
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 90, canary: 10 });
    process.kill(running.child.pid!, 'SIGTERM');
    const done = await running.result;
    expect(done.code).toBe(1);
    expect(JSON.parse(done.stdout)).toMatchObject({ outcome: 'aborted', version: 'v3' });
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 100, canary: 0 });
    expect(await registry.resolveAlias('champion')).toBe('v3');
    expect(await registry.resolveAlias('production')).toBe('v2');
  }, 60_000);

  it('the action, run as the runner runs it: a canary failing from its first request is rolled back, outputs and a summary with charts', async () => {
    await canary.control({ errorRate: 0.3 });
    const { dir: ws, registry } = await canaryWorkspace(
      nginxSpec({ nginx, stable, canary, steps: [{ weight: 20 }, { pause: '30s' }, { weight: 100 }], metrics: { 'error-rate': errorRate(prometheus.url) }, analysis: ['error-rate'] }),
    );
    workspaces.push(ws);
    // runAction blocks this process: the traffic comes from another one.
    const load = startGroup(process.execPath, [join(repoRoot, 'test/support/canary/background-load.mjs'), `${nginx.url}/predict`, '200']);
    const run = runAction('canary-deploy', { workspace: ws, inputs: { 'registry-token': 'ghp_canaryS3cret' }, env: { USER: 'tester' }, timeoutMs: 45_000 });
    await stopGroup(load.child);
    expectNoStackTrace(run);
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ outcome: 'rolled-back', version: 'v3', 'stable-before': 'v2' });
    expect(run.outputs.reason).toMatch(/^canary v3: error-rate 0\.\d+ > max 0\.01 at /);
    expect(Number(run.outputs['rollback-seconds'])).toBeGreaterThanOrEqual(0);
    expect(run.commands.find((c) => c.command === 'error')?.message).toBe(run.outputs.reason);
    const timeline = JSON.parse(run.outputs.timeline!) as Array<{ kind: string }>;
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['start', 'weight', 'measurement', 'rollback']));
    expect(run.summary).toContain('### Canary v3: Rolled back');
    expect(run.summary).toContain('```mermaid\nxychart-beta\n  title "canary weight (%)"');
    expect(run.summary).toContain('title "error-rate over time"');
    expect(run.summary).toContain('| time (UTC) | event | weight | metric | value | verdict | detail |');
    expect(run.summary).not.toContain('ghp_canaryS3cret');
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 100, canary: 0 });
    expect(await registry.resolveAlias('champion')).toBe('v2');
  }, 60_000);
});
