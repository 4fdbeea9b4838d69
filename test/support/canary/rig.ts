// The canary test rig: two model-server processes, real nginx in front of them including
// Pipewright's upstream file, real Prometheus scraping both every second, and a workspace
// whose registry holds v1..v3 with `champion` and `production` set. Every process runs
// in its own group on loopback, every path under one temp dir; stop() kills them all.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { PipelineSpec } from '../../../schema/src/index.ts';
import { openRegistry } from '../../../shared/src/registry/index.ts';
import { nginxConfig } from '../nginx-config.ts';
import { startGroup, stopGroup } from '../process-group.ts';
import { findBinary, freePort, waitFor } from '../servers.ts';

export { type Child, startGroup, stopGroup } from '../process-group.ts';

const here = import.meta.dirname;
export const repoRoot = resolve(here, '../../..');

export interface ModelServer {
  variant: 'stable' | 'canary';
  port: number;
  address: string;
  /** Injects faults: a share of 500s and the answer delay. */
  control(settings: { errorRate?: number; delayMs?: number; disagreeRate?: number }): Promise<void>;
  stop(): Promise<void>;
}

export async function startModelServer(variant: 'stable' | 'canary'): Promise<ModelServer> {
  const started = startGroup(process.execPath, [join(here, 'model-server.mjs'), '--variant', variant, '--port', '0']);
  let port = 0;
  await waitFor(`model server (${variant})`, () => {
    const match = /listening (\d+)/.exec(started.output());
    if (match) port = Number(match[1]);
    return port > 0;
  }, 10_000, started.child);
  const address = `127.0.0.1:${port}`;
  return {
    variant,
    port,
    address,
    async control(settings) {
      const response = await fetch(`http://${address}/control`, { method: 'POST', body: JSON.stringify(settings) });
      if (!response.ok) throw new Error(`control ${variant}: ${response.status}`);
    },
    stop: () => stopGroup(started.child),
  };
}

export interface Nginx {
  port: number;
  url: string;
  dir: string;
  /** Pipewright's file (deploy.nginx.config). */
  upstreamFile: string;
  /** Pipewright's shadow file, included in the server block (deploy.nginx.mirror-config). */
  mirrorFile: string;
  confirmAddress: string;
  reload: string;
  stop(): Promise<void>;
}

/** nginx with `daemon off`, every path under `dir`, proxying / to the `churn` upstream. */
export async function startNginx(dir: string, stable: string, canary: string): Promise<Nginx> {
  const nginx = findBinary('nginx', ['/usr/sbin', '/usr/bin']);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const confirmPort = await freePort();
  const upstreamFile = join(dir, 'churn-upstream.conf');
  const mirrorFile = join(dir, 'churn-mirror.conf');
  writeFileSync(mirrorFile, '');
  writeFileSync(upstreamFile, `upstream churn {\n    server ${stable} weight=100;\n    server ${canary} down;\n}\n`);
  writeFileSync(
    join(dir, 'nginx.conf'),
    nginxConfig(dir, {
      port,
      workerConnections: 2048,
      http: [`include ${upstreamFile};`],
      server: ['keepalive_timeout 30s;', `include ${mirrorFile};`, 'location / { proxy_pass http://churn; }'],
    }),
  );
  const started = startGroup(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('nginx', async () => (await fetch(`${url}/predict`)).ok, 10_000, started.child).catch((error: Error) => {
    throw new Error(`${error.message}\n${started.output()}`);
  });
  return {
    port,
    url,
    dir,
    upstreamFile,
    mirrorFile,
    confirmAddress: `127.0.0.1:${confirmPort}`,
    reload: `${nginx} -p ${dir} -c ${join(dir, 'nginx.conf')} -s reload`,
    stop: () => stopGroup(started.child, 'SIGQUIT'),
  };
}

export interface Prometheus {
  url: string;
  stop(): Promise<void>;
}

/** Prometheus scraping both model servers every second; ready once both targets are up. */
export async function startPrometheus(dir: string, targets: string[]): Promise<Prometheus> {
  const prometheus = findBinary('prometheus', ['/usr/sbin', '/usr/bin']);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(dir, 'prom.yml'),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: model\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const started = startGroup(prometheus, [`--config.file=${join(dir, 'prom.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'prometheus targets up',
    async () => {
      if (targets.length === 0) return (await fetch(`${url}/-/ready`)).ok;
      const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent('sum(up)')}`)).json()) as { data?: { result?: Array<{ value: [number, string] }> } };
      return body.data?.result?.[0]?.value[1] === String(targets.length);
    },
    30_000,
    started.child,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${started.output()}`);
  });
  return { url, stop: () => stopGroup(started.child) };
}

/** A card as the registry stores it: enough to deploy. */
async function pushVersion(workspace: string, accuracy: number): Promise<string> {
  const registry = openRegistry('file:.pipewright/registry', { workspace });
  const artifact = mkdtempSync(join(tmpdir(), 'pw-canary-model-'));
  writeFileSync(join(artifact, 'model.json'), JSON.stringify({ accuracy }));
  const version = await registry.push(
    {
      name: 'churn',
      created: new Date().toISOString(),
      metrics: { accuracy },
      params: {},
      data: {},
      git: { commit: null, dirty: null },
      run: { id: `run-${accuracy}` },
      train_seconds: null,
      peak_memory_mb: null,
    },
    artifact,
  );
  rmSync(artifact, { recursive: true, force: true });
  return version.card.version;
}

/**
 * A workspace with v1, v2, v3: `production` moved v1 → v2, `champion` v1 → v2 → v3, so v3
 * is the candidate, v2 serves, and rolling back `champion` returns it to v2.
 */
export async function canaryWorkspace(spec: PipelineSpec): Promise<{ dir: string; registry: ReturnType<typeof openRegistry> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-canary-ws-'));
  writeFileSync(join(dir, 'pipewright.yaml'), stringify(spec));
  for (const accuracy of [0.8, 0.82, 0.85]) await pushVersion(dir, accuracy);
  const registry = openRegistry('file:.pipewright/registry', { workspace: dir });
  const move = { actor: 'test', reason: 'setup' };
  await registry.moveAlias('production', 'v1', move);
  await registry.moveAlias('production', 'v2', move);
  for (const v of ['v1', 'v2', 'v3']) await registry.moveAlias('champion', v, move);
  return { dir, registry };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
