// The open-loop load generator, its gate and the ramp, against real servers on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findSaturation, judgeLoadTest, type LoadProgress, LoadTestError, loadTestPlan, runLoadTest } from '../../../../shared/src/deploy/load/index.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

type Handler = Parameters<typeof createServer>[1] & {};

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`;
}

/** Answers every 10th request 503, the rest 200, counting what it got. */
async function flaky(): Promise<{ url: string; seen: () => number; bodies: string[] }> {
  let n = 0;
  const bodies: string[] = [];
  const url = await serve((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.headers['content-type']} ${body}`);
      res.statusCode = ++n % 10 === 0 ? 503 : 200;
      res.end('{}');
    });
  });
  return { url, seen: () => n, bodies };
}

describe('runLoadTest', () => {
  it('sends exactly the scheduled requests and counts statuses and the error rate', async () => {
    const server = await flaky();
    const result = await runLoadTest({ url: server.url, method: 'POST', body: '{"x":1}', rps: 200, durationMs: 1000 });
    expect(result).toMatchObject({ due: 200, sent: 200, ok: 180, errors: 20, errorRate: 0.1, statuses: { 200: 180, 503: 20 }, errorKinds: { 'HTTP 503': 20 }, aborted: false });
    expect(server.seen()).toBe(200);
    expect(server.bodies[0]).toBe('POST application/json {"x":1}');
    expect(result.latencyMs!.count).toBe(200);
    expect(result.latencyMs!.p50).toBeLessThanOrEqual(result.latencyMs!.p90);
    expect(result.latencyMs!.p99).toBeLessThanOrEqual(result.latencyMs!.max);
    expect(result.achievedRps).toBeGreaterThan(0);
  });

  it('measures latency from each due time, so a stall shows in every request due during it', async () => {
    // The server holds every answer until 500 ms after the first request arrived. A
    // closed-loop client would see one slow request; the schedule keeps sending, and each
    // request due in the first 250 ms waited at least 250 ms from its due time.
    let releaseAt = 0;
    const url = await serve((req, res) => {
      if (releaseAt === 0) releaseAt = Date.now() + 500;
      req.resume();
      req.on('end', () => setTimeout(() => res.end('ok'), Math.max(0, releaseAt - Date.now())));
    });
    const result = await runLoadTest({ url, rps: 100, durationMs: 1000 });
    expect(result.errors).toBe(0);
    expect(result.latencyMs!.p90).toBeGreaterThanOrEqual(250);
    expect(result.latencyMs!.max).toBeGreaterThanOrEqual(450);
  });

  it("counts the generator's own stalls: a blocked event loop shows as send lag and as latency", async () => {
    const server = await flaky();
    // 300 ms into the run this process blocks for 200 ms: requests due then go out late, and
    // their latency still counts from when they were due.
    setTimeout(() => {
      const until = Date.now() + 200;
      while (Date.now() < until) {}
    }, 300);
    const result = await runLoadTest({ url: server.url, rps: 100, durationMs: 1000, connections: 4 });
    expect(result.due).toBe(100);
    expect(result.sendLagMs.max).toBeGreaterThanOrEqual(150);
    expect(result.latencyMs!.max).toBeGreaterThanOrEqual(150);
    // Timed from the actual send, as a closed-loop tool would, the stall disappears.
    // About 20 requests were due during the stall, waiting 0 to 200 ms from their due time.
    expect(result.latencyMs!.p90).toBeGreaterThanOrEqual(50);
    expect(result.serviceLatencyMs!.p90).toBeLessThan(result.latencyMs!.p90);
    expect(result.serviceLatencyMs!.count).toBe(result.latencyMs!.count);
  });

  it('counts timeouts (with their time as latency), the in-flight cap and refused connections', async () => {
    const silent = await serve(() => {});
    const timedOut = await runLoadTest({ url: silent, rps: 40, durationMs: 500, timeoutMs: 200 });
    expect(timedOut).toMatchObject({ due: 20, ok: 0, errors: 20, errorRate: 1, errorKinds: { timeout: 20 } });
    expect(timedOut.latencyMs!.min).toBeGreaterThanOrEqual(200);

    const capped = await runLoadTest({ url: silent, rps: 40, durationMs: 500, timeoutMs: 3000, maxInFlight: 3 });
    expect(capped).toMatchObject({ due: 20, sent: 3, errorKinds: { timeout: 3, 'in-flight cap': 17 } });

    const port = new URL(silent).port;
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    const refused = await runLoadTest({ url: `http://127.0.0.1:${port}/`, rps: 20, durationMs: 500 });
    expect(refused).toMatchObject({ due: 10, errors: 10, errorKinds: { ECONNREFUSED: 10 }, latencyMs: null });
  });

  it('reports progress and stops when aborted, as inconclusive', async () => {
    const server = await flaky();
    const progress: LoadProgress[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const result = await runLoadTest({ url: server.url, rps: 50, durationMs: 10_000, onProgress: (p) => progress.push(p), progressEveryMs: 100, signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(result.due).toBeLessThan(500);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ due: result.due, sent: result.sent, inFlight: 0, errors: result.errors });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.due).toBeGreaterThanOrEqual(progress[i - 1]!.due);
    const tidy = { ...result, errors: 0, errorRate: 0, errorKinds: {} };
    expect(judgeLoadTest(tidy, { maxErrorRate: 0.5 })).toMatchObject({ verdict: 'inconclusive', reasons: [`aborted after ${result.due} of the planned requests`] });
  });

  it('refuses what it cannot run with a named error', async () => {
    await expect(runLoadTest({ url: 'ftp://127.0.0.1/x', rps: 10, durationMs: 1000 })).rejects.toThrow("load-test.url: expected an http:// or https:// URL, found 'ftp://127.0.0.1/x'");
    await expect(runLoadTest({ url: 'http://127.0.0.1:9/', rps: 0, durationMs: 1000 })).rejects.toThrow(LoadTestError);
  });
});

describe('judgeLoadTest', () => {
  it('fails on p99 and error rate with the numbers, passes within both', async () => {
    const server = await flaky();
    const result = await runLoadTest({ url: server.url, rps: 100, durationMs: 500 });
    const failed = judgeLoadTest(result, { maxErrorRate: 0.01, maxP99Ms: 0.001 });
    expect(failed.verdict).toBe('fail');
    expect(failed.reasons[0]).toBe('error rate 10.00% (5 of 50: 5 HTTP 503) > max-error-rate 1.00%');
    expect(failed.reasons[1]).toMatch(/^p99 latency [\d.]+ ms > max-p99 0\.00 ms$/);
    const passed = judgeLoadTest(result, { maxErrorRate: 0.1, maxP99Ms: 60_000 });
    expect(passed).toMatchObject({ verdict: 'pass', reasons: [] });
    expect(passed.summary).toMatch(/^load test 100 rps for 1s \(achieved [\d.]+ rps\): errors 10\.00% ≤ 10\.00%, p99 [\d.]+ ms ≤ 60000 ms: pass$/);
  });
});

describe('findSaturation', () => {
  it('steps the rate up until a server that handles 50 requests/s breaks the p99 gate', async () => {
    // One request at a time, 20 ms each: above 50 requests/s its queue grows without end.
    const queue: Array<() => void> = [];
    let busy = false;
    const next = () => {
      const job = queue.shift();
      busy = job !== undefined;
      if (!job) return;
      setTimeout(() => {
        job();
        next();
      }, 20);
    };
    const url = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        queue.push(() => res.end('ok'));
        if (!busy) next();
      });
    });
    const seen: number[] = [];
    // A loose gate (1 s) so a busy test machine's pauses do not break the low steps.
    const report = await findSaturation({ url, startRps: 10, factor: 2, stepDurationMs: 1000, gate: { maxP99Ms: 1000 }, onStep: (s) => seen.push(s.rps) });
    expect(seen[0]).toBe(10);
    expect(seen.slice(1)).toEqual([20, 40, 80, 160].slice(0, seen.length - 1));
    // At 160 requests/s the queue grows by 110 a second: the last ones wait over 2 s.
    expect(report.saturationRps).not.toBeNull();
    expect(report.saturationRps!).toBeLessThanOrEqual(160);
    expect(report.steps.at(-1)!.saturated).toMatch(/p99 latency|achieved/);
    expect(report.sustainedRps!).toBe(report.saturationRps! / 2);
    expect(report.summary).toContain(`saturates between ${report.sustainedRps} and ${report.saturationRps} rps`);
  });

  it('stops at max-rps when nothing breaks, in fixed steps', async () => {
    const server = await flaky();
    const report = await findSaturation({ url: server.url, startRps: 20, stepRps: 20, maxRps: 60, stepDurationMs: 500, gate: { maxErrorRate: 0.2 }, minAchievedShare: 0.5 });
    expect(report.steps.map((s) => s.rps)).toEqual([20, 40, 60]);
    expect(report).toMatchObject({ sustainedRps: 60, saturationRps: null, headroom: 3 });
    expect(report.summary).toBe('held 60 rps (3.0× 20 rps) without breaking the gate: saturation is above it');
  });
});

describe('findSaturation when aborted', () => {
  it('stops at once and names no saturation point', async () => {
    const server = await flaky();
    const report = await findSaturation({ url: server.url, startRps: 20, stepDurationMs: 5000, gate: { maxErrorRate: 0.5 }, signal: AbortSignal.timeout(300) });
    expect(report.steps).toHaveLength(1);
    expect(report).toMatchObject({ sustainedRps: null, saturationRps: null, generatorBound: false, summary: 'aborted at 20 rps: no saturation point' });
  });
});

describe('loadTestPlan', () => {
  it('reads the spec keys, durations in ms, with the schema defaults', () => {
    const plan = loadTestPlan({ url: 'http://127.0.0.1:8080/predict', method: 'POST', body: '{}', rps: 200, duration: '30s', 'max-p99': '250ms', 'max-error-rate': 0.01, timeout: '2s', ramp: { factor: 2, 'max-rps': 2000 } });
    expect(plan.options).toEqual({ url: 'http://127.0.0.1:8080/predict', method: 'POST', body: '{}', rps: 200, durationMs: 30_000, timeoutMs: 2000 });
    expect(plan.gate).toEqual({ maxErrorRate: 0.01, maxP99Ms: 250 });
    expect(plan.ramp).toMatchObject({ startRps: 200, factor: 2, maxRps: 2000, stepDurationMs: 30_000 });
    expect(loadTestPlan({ url: 'http://h/' }).options).toMatchObject({ rps: 50, durationMs: 30_000, method: 'GET' });
    expect(loadTestPlan({ url: 'http://h/' }).gate).toEqual({ maxErrorRate: 0 });
  });
});
