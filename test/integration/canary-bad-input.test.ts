// Bad input to `pipewright deploy`: each gives a clear, named error (or an inconclusive
// canary) and leaves traffic where it is safe. Traffic here goes through the `command`
// target, whose commands record each weight in a file; monitoring is a real Prometheus.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CanaryMetric, CanaryStep, PipelineSpec } from '../../schema/src/index.ts';
import { canaryWorkspace, type ModelServer, type Prometheus, startModelServer, startPrometheus } from '../support/canary/rig.ts';
import { canarySpec } from '../support/canary/specs.ts';
import { runCli } from '../support/cli.ts';
import { freePort, waitFor } from '../support/servers.ts';

let dir: string;
let stable: ModelServer;
let prometheus: Prometheus;
const workspaces: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-canary-bad-'));
  stable = await startModelServer('stable');
  // Only the stable server is scraped: a comparison finds no canary series.
  prometheus = await startPrometheus(join(dir, 'prometheus'), [stable.address]);
  await fetch(`http://${stable.address}/predict`);
  // The comparison below needs the stable series to exist with a rate: two scrapes at least.
  const query = encodeURIComponent('sum by (variant) (rate(http_requests_total[10s]))');
  await waitFor('a stable rate in Prometheus', async () => {
    const body = (await (await fetch(`${prometheus.url}/api/v1/query?query=${query}`)).json()) as { data?: { result?: unknown[] } };
    return (body.data?.result?.length ?? 0) > 0;
  }, 20_000);
}, 60_000);

afterAll(async () => {
  await Promise.all([prometheus?.stop(), stable?.stop()]);
  for (const w of [dir, ...workspaces]) if (w) rmSync(w, { recursive: true, force: true });
});

/** `set-weight` writes the weight to weight.txt; `abort` writes 0 (argv, no shell). */
const WRITE = `${process.execPath} -e "require('fs').writeFileSync(process.argv[1], process.argv[2])"`;

function commandSpec(metrics: Record<string, CanaryMetric>, steps: CanaryStep[]): PipelineSpec {
  return canarySpec({
    target: 'command',
    command: { 'set-weight': `${WRITE} weight.txt {{ weight }}`, abort: `${WRITE} weight.txt 0` },
    canary: { steps, metrics },
  });
}

async function workspace(spec: PipelineSpec) {
  const ws = await canaryWorkspace(spec);
  workspaces.push(ws.dir);
  writeFileSync(join(ws.dir, 'weight.txt'), 'untouched');
  return ws;
}

async function deploy(ws: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = await runCli(['deploy', '--format', 'json', ...args], { cwd: ws, env: { PATH: process.env.PATH ?? '', USER: 'tester', ...env } });
  return { ...result, json: JSON.parse(result.stdout) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

const weight = (ws: string) => readFileSync(join(ws, 'weight.txt'), 'utf8');

describe('pipewright deploy: bad input', () => {
  it('a version not in the registry: exit 2, a named error listing the versions, nothing moved', async () => {
    const { dir: ws } = await workspace(commandSpec({}, [{ weight: 10 }, { weight: 100 }]));
    const run = await deploy(ws, ['--version', 'v9']);
    expect(run.code).toBe(2);
    expect(run.json.error).toMatchObject({ code: 'deploy-version' });
    expect(run.json.error!.message).toBe("version 'v9' is not in the registry file:.pipewright/registry (versions: v1, v2, v3); nothing was deployed and traffic is unchanged");
    expect(weight(ws)).toBe('untouched');
  });

  it('weights above 100 or not increasing: the spec is refused with its line, before any traffic moves', async () => {
    const { dir: ws } = await workspace(commandSpec({}, [{ weight: 30 }, { weight: 20 }, { weight: 100 }]));
    const run = await deploy(ws);
    expect(run.code).toBe(1);
    expect(run.json.error).toMatchObject({ code: 'invalid-spec' });
    expect(run.json.error!.message).toMatch(/pipewright\.yaml:\d+:\d+: canary weight 20 \(step 2\) does not increase on weight 30 \(step 1\) \[weight-not-increasing\]/);
    writeFileSync(join(ws, 'pipewright.yaml'), stringify(commandSpec({}, [{ weight: 150 }])));
    const above = await deploy(ws);
    expect(above.code).toBe(1);
    expect(above.json.error!.message).toMatch(/pipewright\.yaml:\d+:\d+: .*(100|maximum)/);
    expect(weight(ws)).toBe('untouched');
  });

  it('nginx not installed: a named error, the config file as it was', async () => {
    const { dir: ws } = await workspace(commandSpec({}, [{ weight: 100 }]));
    const config = join(ws, 'nginx', 'churn.conf');
    mkdirSync(join(ws, 'nginx'));
    writeFileSync(config, 'upstream churn { server 127.0.0.1:8001; }\n');
    const spec = commandSpec({}, [{ weight: 10 }, { weight: 100 }]);
    spec.deploy = { ...spec.deploy!, target: 'nginx', nginx: { config, stable: '127.0.0.1:8001', canary: '127.0.0.1:8002', reload: `nginx -p ${ws}/nginx -s reload` } };
    writeFileSync(join(ws, 'pipewright.yaml'), stringify(spec));
    const run = await deploy(ws, [], { PATH: '/nonexistent' });
    expect(run.code).toBe(2);
    expect(run.json.error).toMatchObject({ code: 'nginx-not-installed' });
    expect(run.json.error!.message).toContain("nginx test: 'nginx' is not installed or not on PATH");
    expect(readFileSync(config, 'utf8')).toBe('upstream churn { server 127.0.0.1:8001; }\n');
  });

  it('a config path that cannot be written: a named error, nothing changed', async () => {
    const { dir: ws } = await workspace(commandSpec({}, [{ weight: 100 }]));
    writeFileSync(join(ws, 'not-a-dir'), '');
    const spec = commandSpec({}, [{ weight: 10 }, { weight: 100 }]);
    spec.deploy = { ...spec.deploy!, target: 'nginx', nginx: { config: join(ws, 'not-a-dir', 'churn.conf'), stable: '127.0.0.1:8001', canary: '127.0.0.1:8002', reload: 'nginx -s reload' } };
    writeFileSync(join(ws, 'pipewright.yaml'), stringify(spec));
    const run = await deploy(ws);
    expect(run.code).toBe(2);
    expect(run.json.error).toMatchObject({ code: 'nginx-config-unwritable' });
    expect(run.json.error!.message).toMatch(/cannot write the nginx config '.*not-a-dir\/churn\.conf' \(deploy\.nginx\.config\): .*(ENOTDIR|EEXIST).*nothing changed, the old config keeps serving/);
  });

  it('Prometheus unreachable: inconclusive, traffic back to stable, exit 1', async () => {
    const port = await freePort();
    const metric: CanaryMetric = { prometheus: { address: `http://127.0.0.1:${port}`, query: 'up' }, max: 1 };
    const { dir: ws, registry } = await workspace(commandSpec({ up: metric }, [{ weight: 10 }, { analysis: ['up'] }, { weight: 100 }]));
    const run = await deploy(ws);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ outcome: 'inconclusive', version: 'v3', stable_before: 'v2' });
    expect(run.json.reason).toMatch(/^canary v3: inconclusive: up Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable: ECONNREFUSED at /);
    expect(weight(ws)).toBe('0');
    expect(await registry.resolveAlias('production')).toBe('v2');
  });

  it('Prometheus answering an error document (a query it cannot parse): inconclusive, its error in the reason', async () => {
    const metric: CanaryMetric = { prometheus: { address: prometheus.url, query: 'sum(rate(http_requests_total[5s]' }, max: 1 };
    const { dir: ws } = await workspace(commandSpec({ broken: metric }, [{ weight: 10 }, { analysis: ['broken'] }, { weight: 100 }]));
    const run = await deploy(ws);
    expect(run.code).toBe(1);
    expect(run.json.outcome).toBe('inconclusive');
    expect(run.json.reason).toMatch(/Prometheus answered 400 bad_data: .*parse error/);
    expect(weight(ws)).toBe('0');
  });

  it('a compare query that returns series for only one variant: inconclusive, naming the missing variant', async () => {
    const metric = { prometheus: { address: prometheus.url, query: 'sum by (variant) (rate(http_requests_total[10s]))', window: '5s' }, compare: 'stable' } as CanaryMetric;
    const { dir: ws } = await workspace(commandSpec({ rate: metric }, [{ weight: 10 }, { analysis: ['rate'] }, { weight: 100 }]));
    const run = await deploy(ws);
    expect(run.code).toBe(1);
    expect(run.json.outcome).toBe('inconclusive');
    expect(run.json.reason).toContain('the query returned no series for the canary variant (variant="canary"); found variant="stable"');
    expect(weight(ws)).toBe('0');
  });

  it('a script that hangs is killed at its timeout: inconclusive, traffic back to stable', async () => {
    const metric = { run: 'sleep 30', timeout: '1s' } as CanaryMetric;
    const { dir: ws } = await workspace(commandSpec({ script: metric }, [{ weight: 10 }, { analysis: ['script'] }, { weight: 100 }]));
    const run = await deploy(ws);
    expect(run.code).toBe(1);
    expect(run.json.outcome).toBe('inconclusive');
    expect(String(run.json.reason)).toMatch(/script .*(1s|1000 ms|timeout|timed out|killed)/i);
    expect(weight(ws)).toBe('0');
  });
});
