// The local target: a real proxy on loopback in front of two real model servers.
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TrafficError } from '../../../../shared/src/deploy/errors.ts';
import { runLoadTest } from '../../../../shared/src/deploy/load/index.ts';
import { LocalTargetError, type LocalTarget, METRICS_PATH, startLocalTarget } from '../../../../shared/src/deploy/targets/local.ts';
import { WeightedSplit } from '../../../../shared/src/deploy/targets/weighted-split.ts';
import { waitFor } from '../../../support/servers.ts';
import { type ModelServer, startModelServer } from '../model-server.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function servers(options: { stableDelay?: number; canaryDelay?: number } = {}): Promise<{ stable: ModelServer; canary: ModelServer; proxy: LocalTarget }> {
  const stable = await startModelServer({ name: 'stable', delayMs: () => options.stableDelay ?? 0 });
  const canary = await startModelServer({ name: 'canary', delayMs: () => options.canaryDelay ?? 0 });
  open.push(stable, canary);
  const proxy = await startLocalTarget({ stable: stable.address, canary: canary.address, stableVersion: 'v1', canaryVersion: 'v2', port: 0 });
  open.push(proxy);
  return { stable, canary, proxy };
}

async function predict(url: string, x: number, headers: Record<string, string> = {}): Promise<{ status: number; servedBy: string | null; requestId: string | null; body: string }> {
  const response = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ x }), headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, servedBy: response.headers.get('x-served-by'), requestId: response.headers.get('x-request-id'), body: await response.text() };
}

describe('WeightedSplit', () => {
  it('gives exactly `weight` canary picks in every 100, for every weight, spread evenly', () => {
    for (let weight = 0; weight <= 100; weight++) {
      const split = new WeightedSplit(weight);
      const picks = Array.from({ length: 300 }, () => split.next());
      for (let window = 0; window < 3; window++) {
        expect(picks.slice(window * 100, window * 100 + 100).filter((p) => p === 'canary').length, `weight ${weight}`).toBe(weight);
      }
      // Smooth: no run of canary picks longer than ceil(weight / (100 - weight)).
      if (weight > 0 && weight < 100) {
        const longest = Math.max(...picks.join('').split('stable').map((run) => run.length / 'canary'.length));
        expect(longest, `weight ${weight}`).toBeLessThanOrEqual(Math.ceil(weight / (100 - weight)));
      }
    }
  });
});

describe('local target', () => {
  it('splits exactly by weight and reports it in current() and per-variant counters', async () => {
    const { stable, canary, proxy } = await servers();
    expect(await proxy.current()).toEqual({ stable: 'v1', canary: 'v2', canaryWeight: 0 });
    await proxy.setWeight(25);
    const served: Array<string | null> = [];
    for (let i = 0; i < 200; i++) served.push((await predict(proxy.url, i)).servedBy);
    expect(served.filter((s) => s === 'canary').length).toBe(50);
    expect(canary.seen.length).toBe(50);
    expect(stable.seen.length).toBe(150);
    const counters = proxy.counters();
    expect(counters.canary.statuses['200']).toBe(50);
    expect(counters.stable.statuses['200']).toBe(150);
    expect(await proxy.current()).toEqual({ stable: 'v1', canary: 'v2', canaryWeight: 25 });
  });

  it('changes weight under concurrent load without a single failed request', async () => {
    const { proxy } = await servers({ stableDelay: 2, canaryDelay: 2 });
    const statuses: number[] = [];
    let x = 0;
    const worker = async () => {
      while (x < 1500) statuses.push((await predict(proxy.url, x++)).status);
    };
    const shifting = (async () => {
      for (const weight of [5, 25, 50, 100, 0, 75, 10, 0]) {
        await new Promise((r) => setTimeout(r, 40));
        await proxy.setWeight(weight);
      }
    })();
    await Promise.all([shifting, ...Array.from({ length: 32 }, worker)]);
    expect(statuses.length).toBeGreaterThanOrEqual(1500);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const counters = proxy.counters();
    expect(counters.stable.requests + counters.canary.requests).toBe(statuses.length);
    expect(counters.stable.inFlight + counters.canary.inFlight).toBe(0);
  });

  it('an open-loop client at 200 requests/s sees no failure across weight changes 0 → 5 → 25 → 100 → 0', async () => {
    const { stable, canary, proxy } = await servers();
    const load = runLoadTest({ url: `${proxy.url}/predict`, method: 'POST', body: '{"x":1}', rps: 200, durationMs: 2500 });
    for (const weight of [5, 25, 100, 0]) {
      await new Promise((r) => setTimeout(r, 450));
      await proxy.setWeight(weight);
    }
    const result = await load;
    expect(result.errorKinds).toEqual({});
    expect(result).toMatchObject({ due: 500, errors: 0, ok: 500 });
    expect(canary.seen.length).toBeGreaterThan(0);
    expect(stable.seen.length + canary.seen.length).toBe(500);
  });

  it('resends once, on a fresh connection, a request whose reused keep-alive connection the upstream closed', async () => {
    // A raw upstream that answers the first request of each connection and closes the
    // connection, without a byte, when a second one arrives on it: the race of a keep-alive
    // timeout, made certain.
    let connections = 0;
    const upstream = createNetServer((socket) => {
      connections++;
      let requests = 0;
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString();
        while (buffered.includes('\r\n\r\n')) {
          const end = buffered.indexOf('\r\n\r\n') + 4;
          const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
          if (buffered.length < end + length) return;
          buffered = buffered.slice(end + length);
          if (++requests > 1) {
            socket.destroy();
            return;
          }
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nkeep-alive: timeout=60\r\n\r\n{"ok":true}');
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise<void>((r) => upstream.close(() => r())) });
    const proxy = await startLocalTarget({ stable: `127.0.0.1:${(upstream.address() as AddressInfo).port}`, port: 0 });
    open.push(proxy);
    for (let i = 0; i < 5; i++) {
      expect((await predict(proxy.url, i)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(proxy.counters().stable.retries).toBe(4);
    expect(proxy.counters().stable.upstreamErrors).toBe(0);
    expect(connections).toBe(5);
  });

  it('adds an X-Request-Id when absent, passes one through when present', async () => {
    const { stable, proxy } = await servers();
    const fresh = await predict(proxy.url, 1);
    expect(fresh.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stable.seen[0]!.requestId).toBe(fresh.requestId);
    const given = await predict(proxy.url, 2, { 'x-request-id': 'req-42' });
    expect(given.requestId).toBe('req-42');
    expect(stable.seen[1]!.requestId).toBe('req-42');
    expect(stable.seen[1]!.body).toBe('{"x":2}');
  });

  it('answers 502 for a dead upstream and 504 for a silent one, and counts both', async () => {
    const stable = await startModelServer({ name: 'stable' });
    const silent = await startModelServer({ name: 'silent', delayMs: () => 60_000 });
    open.push(stable, silent);
    const dead = await startModelServer({ name: 'dead' });
    await dead.close();
    const proxy = await startLocalTarget({ stable: stable.address, canary: dead.address, port: 0, upstreamTimeoutMs: 300 });
    open.push(proxy);
    await proxy.setWeight(100);
    const refused = await predict(proxy.url, 1);
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body).error).toContain('ECONNREFUSED');
    expect(proxy.counters().canary).toMatchObject({ upstreamErrors: 1, timeouts: 0, statuses: { 502: 1 } });
    // A new canary starts its counts again: they describe the canary serving now.
    await proxy.setCanary(silent.address, 'v3');
    const late = await predict(proxy.url, 2);
    expect(late.status).toBe(504);
    const counters = proxy.counters();
    expect(counters.canary.upstreamErrors).toBe(0);
    expect(counters.canary.timeouts).toBe(1);
    expect(counters.canary.statuses).toEqual({ 504: 1 });
    expect(counters.canary.inFlight).toBe(0);
  });

  it('counts a client that goes away and cuts its upstream request, leaking nothing', async () => {
    const { stable, proxy } = await servers({ stableDelay: 500 });
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${proxy.url}/predict`, { method: 'POST' });
      req.on('error', () => resolve());
      req.end('{"x":1}');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await waitFor('the abort counted and passed upstream', () => proxy.counters().stable.clientAborts === 1 && stable.cut === 1, 5_000);
    expect(proxy.counters().stable.inFlight).toBe(0);
  });

  it('under many clients going away mid-answer, every cut is passed upstream and nothing stays in flight', async () => {
    const { stable, proxy } = await servers({ stableDelay: 1000 });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        new Promise<'answered' | 'cut'>((resolve) => {
          const req = httpRequest(`${proxy.url}/predict`, { method: 'POST' }, (res) => {
            res.resume();
            res.on('end', () => resolve('answered'));
          });
          req.on('error', () => resolve('cut'));
          const body = JSON.stringify({ x: i });
          req.end(body);
          // Every third client gives up once the model server has its request, before the 1 s answer.
          if (i % 3 === 0) waitFor('the model server to have the request', () => stable.seen.some((s) => s.body === body), 5_000).then(() => req.destroy());
        }),
      ),
    );
    expect(outcomes.filter((o) => o === 'cut')).toHaveLength(20);
    // The proxy cut each upstream request whose client left: the model server saw 20 cuts.
    await waitFor('20 aborts counted and passed upstream', () => proxy.counters().stable.clientAborts === 20 && stable.cut === 20, 5_000);
    expect(proxy.counters().stable).toMatchObject({ requests: 60, inFlight: 0, clientAborts: 20, statuses: { 200: 40 } });
  });

  it('close() lets a request in flight finish, then refuses new connections', async () => {
    const { proxy } = await servers({ stableDelay: 300 });
    const inFlight = predict(proxy.url, 7);
    await waitFor('one request in flight', () => proxy.counters().stable.inFlight === 1, 5_000);
    const closing = proxy.close();
    expect((await inFlight).status).toBe(200);
    await closing;
    await expect(predict(proxy.url, 8)).rejects.toThrow();
  });

  it('mirrors each request to a collector and reports the primary answer', async () => {
    const { proxy } = await servers();
    const collector = await startModelServer({ name: 'collector' });
    open.push(collector);
    await proxy.setMirror(collector.address);
    const live = await predict(proxy.url, 3, { 'x-request-id': 'm-1' });
    expect(live.servedBy).toBe('stable');
    await waitFor('the mirrored copy and answer', () => collector.seen.length === 2, 5_000);
    const copy = collector.seen.find((s) => s.url === '/predict')!;
    expect(copy).toMatchObject({ method: 'POST', requestId: 'm-1', body: '{"x":3}' });
    const answer = collector.seen.find((s) => s.url === '/.pipewright/answer')!;
    expect(answer.requestId).toBe('m-1');
    expect(answer.body).toBe(live.body);
    await proxy.setMirror(null);
    await predict(proxy.url, 4);
    expect(proxy.counters().mirror).toMatchObject({ sent: 1, failed: 0, dropped: 0, answersReported: 1 });
  });

  it('exposes requests by variant and code, and durations, in Prometheus format (checked by promtool)', async () => {
    const { proxy } = await servers();
    await proxy.setWeight(20);
    for (let i = 0; i < 10; i++) await predict(proxy.url, i);
    const response = await fetch(`${proxy.url}${METRICS_PATH}`);
    const text = await response.text();
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(text).toContain('http_requests_total{variant="stable",code="200"} 8\n');
    expect(text).toContain('http_requests_total{variant="canary",code="200"} 2\n');
    expect(text).toContain('http_request_duration_seconds_count{variant="stable"} 8\n');
    expect(text).toContain('http_request_duration_seconds_bucket{variant="canary",le="+Inf"} 2\n');
    expect(text).toContain('pipewright_canary_weight 20\n');
    // The scrape itself is not a request to either variant.
    expect(proxy.counters().stable.requests + proxy.counters().canary.requests).toBe(10);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error, 'promtool (Debian prometheus) must be installed').toBeUndefined();
    expect({ status: check.status, output: `${check.stdout}${check.stderr}` }).toEqual({ status: 0, output: '' });
  });

  it('promote makes the canary stable; abort sends everything back to stable', async () => {
    const { proxy } = await servers();
    await proxy.setWeight(50);
    await proxy.abort();
    expect((await predict(proxy.url, 1)).servedBy).toBe('stable');
    expect(await proxy.current()).toEqual({ stable: 'v1', canary: 'v2', canaryWeight: 0 });
    await proxy.promote();
    expect(await proxy.current()).toEqual({ stable: 'v2', canary: null, canaryWeight: 0 });
    for (let i = 0; i < 5; i++) expect((await predict(proxy.url, i)).servedBy).toBe('canary');
    await expect(proxy.setWeight(10)).rejects.toThrow(LocalTargetError);
  });

  it('refuses weights outside 0..100 and addresses that are not host:port', async () => {
    const { proxy } = await servers();
    await expect(proxy.setWeight(101)).rejects.toThrow('expected an integer percent from 0 to 100, found 101');
    await expect(proxy.setWeight(2.5)).rejects.toThrow(TrafficError);
    await expect(startLocalTarget({ stable: 'localhost', port: 0 })).rejects.toThrow("stable: expected host:port such as 127.0.0.1:8001, found 'localhost'");
  });
});
