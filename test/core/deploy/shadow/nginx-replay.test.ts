// Shadow through a real nginx `mirror`: nginx discards the mirror's answers, so the
// collector replays each mirrored request to stable itself (replay mode) and pairs the two.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runShadow } from '../../../../shared/src/deploy/shadow/index.ts';
import type { TrafficState, TrafficTarget } from '../../../../shared/src/deploy/types.ts';
import { nginxConfig } from '../../../support/nginx-config.ts';
import { startGroup, stopGroup } from '../../../support/process-group.ts';
import { findBinary, freePort, waitFor } from '../../../support/servers.ts';
import { defaultPrediction, type ModelServer, startModelServer } from '../model-server.ts';

const NGINX = findBinary('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/bin']);

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** nginx in front of stable, with an included file holding the mirror (empty when off). */
class MirroringNginx implements TrafficTarget {
  readonly kind = 'nginx' as const;
  readonly url: string;
  private readonly dir: string;
  private readonly args: string[];
  constructor(dir: string, port: number) {
    this.dir = dir;
    this.url = `http://127.0.0.1:${port}`;
    this.args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  }
  async setMirror(collector: string | null): Promise<void> {
    const block = collector ? `mirror /pipewright-mirror;\nmirror_request_body on;\nlocation = /pipewright-mirror {\n  internal;\n  proxy_pass http://${collector}$request_uri;\n}\n` : '';
    writeFileSync(join(this.dir, 'mirror.conf'), block);
    execFileSync(NGINX, [...this.args, '-t'], { stdio: 'pipe' });
    execFileSync(NGINX, [...this.args, '-s', 'reload'], { stdio: 'pipe' });
  }
  async setWeight(): Promise<void> {}
  async current(): Promise<TrafficState> {
    return { stable: 'v1', canary: null, canaryWeight: 0 };
  }
  async promote(): Promise<void> {}
  async abort(): Promise<void> {}
}

async function startNginx(stable: ModelServer): Promise<MirroringNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-shadow-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'mirror.conf'), '');
  writeFileSync(
    join(dir, 'nginx.conf'),
    nginxConfig(dir, {
      port,
      workerConnections: 512,
      http: [`upstream stable { server ${stable.address}; keepalive 16; }`],
      server: [`include ${join(dir, 'mirror.conf')};`, 'location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://stable; }'],
    }),
  );
  const { child } = startGroup(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')]);
  cleanup.push(async () => {
    await stopGroup(child);
    rmSync(dir, { recursive: true, force: true });
  });
  const target = new MirroringNginx(dir, port);
  await waitFor('nginx', async () => (await fetch(`${target.url}/predict`, { method: 'POST', body: '{"x":0}' })).ok, 10_000, child);
  return target;
}

/**
 * Requests one after another until `until` settles, each on its own connection: nginx closes
 * idle keep-alive connections when a reload retires a worker, and keep-alive is not what
 * this test is about (../shared/notes/services.md).
 */
async function liveTraffic(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  until.finally(() => (done = true)).catch(() => {});
  const statuses: number[] = [];
  const send = (x: number) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/predict`, { method: 'POST', agent: false, headers: { connection: 'close' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ x }));
    });
  for (let x = 0; !done; x++) statuses.push(await send(x));
  return statuses;
}

describe('runShadow through nginx mirror (replay mode)', () => {
  it('fails min-agreement 0.98 for a candidate that disagrees on 10%, passes an agreeing one', async () => {
    const stable = await startModelServer({ name: 'stable' });
    const flipping = await startModelServer({
      name: 'candidate',
      predict: (input) => {
        const p = defaultPrediction(input);
        return (input.x ?? 0) % 10 === 7 ? { ...p, score: p.score + 0.5 } : p;
      },
    });
    const agreeing = await startModelServer({ name: 'candidate' });
    cleanup.push(() => stable.close(), () => flipping.close(), () => agreeing.close());
    const nginx = await startNginx(stable);

    const failing = runShadow({ target: nginx, candidate: flipping.address, stable: stable.address, durationMs: 60_000, maxPairs: 100, minAgreement: 0.98, compare: { ignore: ['model'], tolerance: 1e-9 } });
    const seenBefore = stable.seen.length;
    const live = await liveTraffic(nginx.url, failing);
    const result = await failing;
    expect(live.every((s) => s === 200)).toBe(true);
    expect(result.mode).toBe('replay');
    expect(result.verdict).toBe('fail');
    expect(result.paired).toBeGreaterThanOrEqual(100);
    expect(result.agreement!).toBeGreaterThan(0.8);
    expect(result.agreement!).toBeLessThan(0.95);
    expect(result.disagreements[0]!.why).toMatch(/^prediction\.score: [\d.]+ ≠ [\d.]+$/);
    // The trade-off, measured: stable answered each mirrored request twice (live and replay).
    expect(stable.seen.length - seenBefore).toBe(live.length + result.mirrored);

    const passing = runShadow({ target: nginx, candidate: agreeing.address, stable: stable.address, durationMs: 60_000, maxPairs: 30, minAgreement: 0.98, compare: { ignore: ['model'] } });
    await liveTraffic(nginx.url, passing);
    const passed = await passing;
    expect(passed).toMatchObject({ mode: 'replay', verdict: 'pass', agreement: 1 });
    expect(passed.unpaired).toEqual({ stableOnly: 0, candidateOnly: 0, withoutId: 0, evicted: 0 });
  });
});
