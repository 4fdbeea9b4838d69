// Canary deploys through real nginx, judged by real Prometheus (1 s scrapes), with an
// open-loop client at 200 requests/s recording what every request got.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PipelineSpec } from '../../schema/src/index.ts';
import { deployFromSpec } from '../../shared/src/deploy/index.ts';
import type { TimelineEntry } from '../../shared/src/deploy/types.ts';
import { canaryWorkspace, type ModelServer, type Nginx, type Prometheus, startModelServer, startNginx, startPrometheus } from '../support/canary/rig.ts';
import { canarySpec, errorRate, faultDuringPause, LATENCY_QUERY, nginxSpec, resetUpstream, upstreamWeights } from '../support/canary/specs.ts';
import { OpenLoopClient } from '../support/canary/traffic.ts';
import { runCli } from '../support/cli.ts';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { freePort } from '../support/servers.ts';

let dir: string;
let stable: ModelServer;
let canary: ModelServer;
let nginx: Nginx;
let prometheus: Prometheus;
let client: OpenLoopClient;
const workspaces: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-canary-'));
  [stable, canary] = await Promise.all([startModelServer('stable'), startModelServer('canary')]);
  nginx = await startNginx(join(dir, 'nginx'), stable.address, canary.address);
  prometheus = await startPrometheus(join(dir, 'prometheus'), [stable.address, canary.address]);
  client = new OpenLoopClient(nginx.url, 200).start();
}, 60_000);

afterAll(async () => {
  await client?.stop();
  await Promise.all([nginx?.stop(), prometheus?.stop(), stable?.stop(), canary?.stop()]);
  for (const w of [dir, ...workspaces]) if (w) rmSync(w, { recursive: true, force: true });
});

beforeEach(async () => {
  await Promise.all([stable.control({ errorRate: 0, delayMs: 20, disagreeRate: 0 }), canary.control({ errorRate: 0, delayMs: 20, disagreeRate: 0 })]);
  resetUpstream(nginx, stable, canary);
});

async function workspace(spec: Parameters<typeof canaryWorkspace>[0]) {
  const ws = await canaryWorkspace(spec);
  workspaces.push(ws.dir);
  return ws;
}

describe('canary through nginx and Prometheus', () => {
  it('a healthy canary goes 5 → 25 → 100 with zero failed client requests across every reload', async () => {
    const { dir: ws, registry } = await workspace(
      nginxSpec({ nginx, stable, canary, steps: [{ weight: 5 }, { pause: '2s' }, { weight: 25 }, { pause: '2s' }, { weight: 100 }], metrics: { 'error-rate': errorRate(prometheus.url) }, analysis: ['error-rate'] }),
    );
    const before = client.snapshot().outcomes.length;
    const started = Date.now();
    const result = await deployFromSpec(join(ws, 'pipewright.yaml'), { env: { USER: 'tester' } });
    await new Promise((r) => setTimeout(r, 500));
    const during = client.snapshot().outcomes.slice(before).filter((o) => o.sentAt >= started);
    expect(result.outcome).toBe('promoted');
    expect(result.timeline.filter((e) => e.kind === 'weight').map((e) => e.weight)).toEqual([5, 25, 100]);
    expect(during.length).toBeGreaterThan(200);
    expect(during.filter((o) => o.status !== 200)).toEqual([]);
    expect(during.some((o) => o.variant === 'canary')).toBe(true);
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 0, canary: 100 });
    expect(await registry.resolveAlias('production')).toBe('v3');
    const moves = (await registry.history('production')).map((m) => m.to);
    expect(moves).toEqual(['v1', 'v2', 'v3']);
    console.log(`healthy canary: ${during.length} client requests during the deploy, 0 failed, ${during.filter((o) => o.retried).length} retried once after a reset before any byte`);
  }, 60_000);

  it('a canary that starts failing 20% in the middle of a long pause is caught by the background analysis and rolled back', async () => {
    const { dir: ws, registry } = await workspace(
      nginxSpec({ nginx, stable, canary, steps: [{ weight: 5 }, { pause: '60s' }, { weight: 100 }], metrics: { 'error-rate': errorRate(prometheus.url) }, analysis: ['error-rate'] }),
    );
    const fault = faultDuringPause(canary, 4_000, 0.2);
    const result = await deployFromSpec(join(ws, 'pipewright.yaml'), { env: { USER: 'tester' }, onEntry: fault.onEntry });
    const faultAt = fault.at();
    expect(faultAt).toBeGreaterThan(0);
    expect(result.outcome).toBe('rolled-back');
    expect(result.reason).toMatch(/^canary v3: error-rate 0\.\d+ > max 0\.01 at \d\d:\d\d:\d\d$/);
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 100, canary: 0 });
    const rollbackAt = Date.parse(result.rollback!.at);
    expect(rollbackAt).toBeGreaterThan(faultAt);
    await new Promise((r) => setTimeout(r, 1_000));
    const after = client.snapshot().outcomes.filter((o) => o.sentAt > rollbackAt + 100);
    expect(after.length).toBeGreaterThan(50);
    expect(after.every((o) => o.variant === 'stable')).toBe(true);
    expect(await registry.resolveAlias('production')).toBe('v2');
    expect(await registry.resolveAlias('champion')).toBe('v2');
    const last = (await registry.history('champion')).at(-1)!;
    expect(last.reason).toBe(`rollback: ${result.reason}`);
    const lastCanary = Math.max(...client.snapshot().outcomes.filter((o) => o.variant === 'canary').map((o) => o.doneAt));
    console.log(
      `fault onset → last request the canary served: ${((lastCanary - faultAt) / 1000).toFixed(2)} s; → traffic fully on stable: ${((rollbackAt - faultAt) / 1000).toFixed(2)} s; first failed measurement → rollback: ${result.rollback!.seconds_after_first_failure?.toFixed(2)} s`,
    );
  }, 60_000);

  it('a canary 30% slower than stable, with no errors, is caught by compare: stable on latency', async () => {
    await canary.control({ delayMs: 26 });
    const { dir: ws, registry } = await workspace(
      nginxSpec({
        nginx,
        stable,
        canary,
        steps: [{ weight: 25 }, { pause: '12s' }, { analysis: ['latency'] }, { weight: 100 }],
        metrics: { latency: { prometheus: { address: prometheus.url, query: LATENCY_QUERY, window: '10s', step: '1s' }, compare: 'stable', 'max-degradation': 0.1 } },
      }),
    );
    const result = await deployFromSpec(join(ws, 'pipewright.yaml'), { env: { USER: 'tester' } });
    const verdict = result.timeline.find((e) => e.kind === 'analysis' && e.metric === 'latency');
    expect(verdict?.verdict).toBe('fail');
    expect(result.outcome).toBe('rolled-back');
    expect(result.reason).toContain('canary v3: latency');
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 100, canary: 0 });
    expect(await registry.resolveAlias('production')).toBe('v2');
    console.log(`latency compare: ${verdict?.detail}`);
  }, 60_000);

  it('Prometheus stopped mid-analysis: inconclusive, rolled back, never promoted', async () => {
    const own = await startPrometheus(join(dir, 'prometheus-stopped'), [stable.address, canary.address]);
    try {
      const { dir: ws, registry } = await workspace(
        nginxSpec({ nginx, stable, canary, steps: [{ weight: 5 }, { pause: '40s' }, { weight: 100 }], metrics: { 'error-rate': errorRate(own.url, { 'inconclusive-limit': 3 }) }, analysis: ['error-rate'] }),
      );
      const onEntry = (entry: TimelineEntry) => {
        if (entry.kind === 'pause') setTimeout(() => void own.stop(), 2_000);
      };
      const result = await deployFromSpec(join(ws, 'pipewright.yaml'), { env: { USER: 'tester' }, onEntry });
      expect(result.outcome).toBe('inconclusive');
      expect(result.reason).toMatch(/^canary v3: inconclusive: error-rate .*(unreachable|did not answer)/);
      expect(result.timeline.some((e) => e.kind === 'promoted')).toBe(false);
      expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 100, canary: 0 });
      expect(await registry.resolveAlias('production')).toBe('v2');
    } finally {
      await own.stop();
    }
  }, 60_000);

  it('shadow through the nginx mirror before any weight: a candidate disagreeing on 10% of predictions fails min-agreement 0.98, no client ever reaches it', async () => {
    await canary.control({ disagreeRate: 0.1 });
    const spec = nginxSpec({ nginx, stable, canary, steps: [{ weight: 5 }, { weight: 100 }], metrics: {} });
    spec.deploy!.nginx!['mirror-config'] = nginx.mirrorFile;
    spec.deploy!.shadow = { duration: '4s', 'min-agreement': 0.98, ignore: ['variant'] };
    const { dir: ws, registry } = await workspace(spec);
    const started = Date.now();
    const result = await deployFromSpec(join(ws, 'pipewright.yaml'), { env: { USER: 'tester' } });
    const shadow = result.timeline.find((e) => e.kind === 'shadow');
    expect(shadow?.verdict).toBe('fail');
    expect(shadow?.detail).toMatch(/^shadow \(replay\) \d+ mirrored: agreement (8\d|9[0-7])\.\d+% \(\d+ of \d+\) < 98\.00%(; \d+ unpaired \(.*\))?: fail$/);
    expect(result.outcome).toBe('rolled-back');
    expect(result.reason).toMatch(/^canary v3: shadow failed: /);
    expect(result.timeline.filter((e) => e.kind === 'weight')).toEqual([]);
    expect(readFileSync(nginx.mirrorFile, 'utf8')).not.toContain('mirror /');
    expect(await registry.resolveAlias('champion')).toBe('v2');
    const during = client.snapshot().outcomes.filter((o) => o.sentAt >= started);
    expect(during.length).toBeGreaterThan(200);
    expect(during.every((o) => o.status === 200 && o.variant === 'stable')).toBe(true);
    console.log(`shadow: ${shadow?.detail}`);
  }, 60_000);

  it('an nginx config nginx rejects: the previous file is back, the old config keeps serving, a named error', async () => {
    const { dir: ws } = await workspace(
      nginxSpec({ nginx, stable, canary: 'no-such-host.invalid:8002', steps: [{ weight: 5 }, { weight: 100 }], metrics: {} }),
    );
    const before = client.snapshot().outcomes.length;
    const started = Date.now();
    const error = await deployFromSpec(join(ws, 'pipewright.yaml'), { env: { USER: 'tester' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TrafficError', code: 'nginx-config-invalid', exitCode: 2 });
    expect((error as Error).message).toMatch(/nginx rejected the config .*host not found.*the previous file is back and the old config keeps serving/s);
    expect(upstreamWeights(nginx, stable, canary)).toEqual({ stable: 100, canary: 0 });
    await new Promise((r) => setTimeout(r, 500));
    const during = client.snapshot().outcomes.slice(before).filter((o) => o.sentAt >= started);
    expect(during.length).toBeGreaterThan(50);
    expect(during.every((o) => o.status === 200 && o.variant === 'stable')).toBe(true);
  }, 30_000);

  it("docs/canary.md's examples run as written (addresses and pauses changed): the nginx include, the deploy section, the CLI lines", async () => {
    // The nginx config a user writes: tested by nginx itself with Pipewright's file included.
    const include = docBlock('canary.md', 'nginx-include')
      .replace('/etc/nginx/conf.d/churn-upstream.conf', nginx.upstreamFile)
      .replace('listen 8080', `listen 127.0.0.1:${await freePort()}`)
      .replace('http {', `http {\n    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(nginx.dir, `${t}_temp`)};`).join(' ')}`);
    writeFileSync(join(nginx.dir, 'doc.conf'), `pid ${join(nginx.dir, 'doc.pid')};\nerror_log ${join(nginx.dir, 'doc-error.log')};\nevents {}\n${include}`);
    execFileSync('nginx', ['-t', '-q', '-p', nginx.dir, '-c', join(nginx.dir, 'doc.conf')], { stdio: 'pipe' });

    const documented = parse(docBlock('canary.md', 'deploy-section')) as Pick<PipelineSpec, 'deploy'>;
    const deploy = documented.deploy!;
    deploy.nginx = { ...deploy.nginx!, config: nginx.upstreamFile, stable: stable.address, canary: canary.address, reload: nginx.reload, test: nginx.reload.replace('-s reload', '-t'), confirm: nginx.confirmAddress };
    deploy.canary!.steps = deploy.canary!.steps.map((step) => (step.pause ? { pause: '2s' } : step));
    deploy.canary!.metrics!['error-rate']!.prometheus!.address = prometheus.url;
    const { dir: ws, registry } = await workspace(canarySpec(deploy));
    const [deployLine, statusLine] = docCommands(docBlock('canary.md', 'deploy-cli'));
    const ran = await runCli(deployLine!, { cwd: ws, env: { PATH: process.env.PATH ?? '', USER: 'tester' } });
    expect(ran.code, ran.stderr).toBe(0);
    const json = JSON.parse(ran.stdout) as { outcome: string; version: string; stable_before: string; timeline: Array<{ kind: string; weight?: number }> };
    expect(json).toMatchObject({ outcome: 'promoted', version: 'v3', stable_before: 'v2' });
    expect(json.timeline.filter((e) => e.kind === 'weight').map((e) => e.weight)).toEqual([5, 25, 100]);
    expect(await registry.resolveAlias('production')).toBe('v3');
    const status = await runCli(statusLine!, { cwd: ws, env: { PATH: process.env.PATH ?? '' } });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('traffic: 100% stable (v3), 0% canary (none)');
    expect(status.stdout).toMatch(/last deploy: v3 over v2, promoted, updated /);
  }, 60_000);
});

