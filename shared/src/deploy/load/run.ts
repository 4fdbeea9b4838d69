// The open-loop load generator: request i is due at start + i / rps whether or not earlier
// ones have answered, and its latency counts from that due time. A slow server therefore
// shows as latency (and as requests the in-flight cap could not send), never as a quietly
// lower send rate: coordinated omission cannot hide it.
import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { PipewrightError } from '../../errors.ts';
import { LatencySamples, type LatencySummary, rank } from './latency.ts';

/** The load test cannot run as asked (bad URL, rate, duration). */
export class LoadTestError extends PipewrightError {
  constructor(message: string) {
    super('load-test', message, { exitCode: 2 });
  }
}

export interface LoadTestOptions {
  url: string;
  method?: string;
  /** Sent as is; `content-type: application/json` unless headers say otherwise. */
  body?: string;
  headers?: Record<string, string>;
  /** Requests per second, > 0. */
  rps: number;
  durationMs: number;
  /** Requests awaiting an answer at once; a request due while this many are out is not sent and counts as an error. Default max(256, rps). */
  maxInFlight?: number;
  /**
   * Keep-alive connections to the server. Requests due while all are busy wait for one, and
   * that wait counts in their latency (measured from the due time). Default max(32, rps / 50).
   */
  connections?: number;
  /** A request not answered in this long is an error (its time still counts as latency). Default 10 s. */
  timeoutMs?: number;
  /** Called about every `progressEveryMs` (default 1 s) and once at the end. */
  onProgress?: (progress: LoadProgress) => void;
  progressEveryMs?: number;
  signal?: AbortSignal;
}

export interface LoadProgress {
  elapsedMs: number;
  durationMs: number;
  due: number;
  sent: number;
  answered: number;
  errors: number;
  inFlight: number;
  /** p99 of the answers in the last interval, ms; null when none came. */
  recentP99Ms: number | null;
}

export interface LoadTestResult {
  url: string;
  method: string;
  requestedRps: number;
  durationMs: number;
  /** From the first due time to the last answer or error. */
  elapsedMs: number;
  /** Requests the schedule called for (fewer when aborted). */
  due: number;
  sent: number;
  /** Answers with a status below 400. */
  ok: number;
  /** Everything that was due and did not get such an answer: statuses ≥ 400, timeouts, connection errors, in-flight cap. */
  errors: number;
  errorRate: number;
  /** Counted by kind: `HTTP 503`, `timeout`, `ECONNREFUSED`, `in-flight cap`. */
  errorKinds: Record<string, number>;
  statuses: Record<string, number>;
  /** Answers (any status) per second over the run, or longer while answers trail in: the rate actually achieved. */
  achievedRps: number;
  /** Latency from each request's due time to its answer, ms, over answers and timeouts. */
  latencyMs: LatencySummary | null;
  /**
   * The same answers timed from when each request was actually sent: the server's share of
   * the wait. Diagnosis only; the gate uses latencyMs, which is what a user would have seen.
   */
  serviceLatencyMs: LatencySummary | null;
  aborted: boolean;
  /**
   * How late the generator itself sent requests after their due time, ms (p99 and max). High
   * values mean this process could not keep the schedule (a busy CPU), not that the server is slow.
   */
  sendLagMs: { p99: number; max: number };
}

class Timeout extends Error {}

function checkOptions(options: LoadTestOptions): URL {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new LoadTestError(`load-test.url: expected an http:// or https:// URL, found '${options.url}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LoadTestError(`load-test.url: expected an http:// or https:// URL, found '${options.url}'`);
  if (!(options.rps > 0) || !Number.isFinite(options.rps)) throw new LoadTestError(`load-test.rps: expected a rate above 0, found ${options.rps}`);
  if (!(options.durationMs > 0)) throw new LoadTestError(`load-test.duration: expected a duration above 0, found ${options.durationMs} ms`);
  if (options.maxInFlight !== undefined && !(options.maxInFlight >= 1)) throw new LoadTestError(`load-test.max-in-flight: expected at least 1, found ${options.maxInFlight}`);
  return url;
}

/** Runs the load and resolves with what it measured; never rejects for failed requests. */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const url = checkOptions(options);
  const method = (options.method ?? 'GET').toUpperCase();
  const maxInFlight = options.maxInFlight ?? Math.max(256, Math.ceil(options.rps));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const total = Math.max(1, Math.floor((options.rps * options.durationMs) / 1000));
  const interval = 1000 / options.rps;
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (body) {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    headers['content-length'] = String(body.length);
  }
  const https = url.protocol === 'https:';
  const connections = Math.min(maxInFlight, options.connections ?? Math.max(32, Math.ceil(options.rps / 50)));
  const agentOptions = { keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: 'lifo' as const };
  const agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const send = https ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (https ? 443 : 80), path: `${url.pathname}${url.search}`, method, headers, agent };

  const latency = new LatencySamples(total);
  const service = new LatencySamples(total);
  const lag = new LatencySamples(total);
  let recent: number[] = [];
  const statuses: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  let due = 0;
  let sent = 0;
  let ok = 0;
  let answered = 0;
  let failed = 0;
  let inFlight = 0;
  let lastEnd = 0;
  let aborted = false;
  const start = performance.now();

  const fail = (kind: string) => {
    failed++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };

  return new Promise<LoadTestResult>((resolve) => {
    let scheduler: NodeJS.Timeout | undefined;
    let finished = false;
    const progress = () =>
      options.onProgress?.({
        elapsedMs: performance.now() - start,
        durationMs: options.durationMs,
        due,
        sent,
        answered,
        errors: failed,
        inFlight,
        recentP99Ms: recent.length ? rank(recent.sort((a, b) => a - b), 0.99) : null,
      });
    const reporter = options.onProgress
      ? setInterval(() => {
          progress();
          recent = [];
        }, options.progressEveryMs ?? 1000)
      : undefined;

    const finish = () => {
      if (finished || inFlight > 0 || (due < total && !aborted)) return;
      finished = true;
      clearTimeout(scheduler);
      clearInterval(reporter);
      options.signal?.removeEventListener('abort', onAbort);
      agent.destroy();
      progress();
      const elapsedMs = Math.max(lastEnd - start, 1);
      const lagSummary = lag.summary();
      resolve({
        url: options.url,
        method,
        requestedRps: options.rps,
        durationMs: options.durationMs,
        elapsedMs,
        due,
        sent,
        ok,
        errors: failed,
        errorRate: due === 0 ? 0 : failed / due,
        errorKinds,
        statuses,
        achievedRps: answered / (Math.max(elapsedMs, options.durationMs) / 1000),
        latencyMs: latency.summary(),
        serviceLatencyMs: service.summary(),
        aborted,
        sendLagMs: { p99: lagSummary?.p99 ?? 0, max: lagSummary?.max ?? 0 },
      });
    };

    const fire = (dueAt: number) => {
      due++;
      lag.add(performance.now() - dueAt);
      if (inFlight >= maxInFlight) {
        fail('in-flight cap');
        lastEnd = Math.max(lastEnd, performance.now());
        return;
      }
      sent++;
      const sentAt = performance.now();
      inFlight++;
      let settled = false;
      const settle = (kind: string | null, status?: number, countLatency = true) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const now = performance.now();
        lastEnd = Math.max(lastEnd, now);
        if (countLatency) {
          latency.add(now - dueAt);
          service.add(now - sentAt);
          recent.push(now - dueAt);
        }
        if (status !== undefined) {
          answered++;
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
        if (kind === null) ok++;
        else fail(kind);
        inFlight--;
        finish();
      };
      const req = send(requestOptions, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          settle(status < 400 ? null : `HTTP ${status}`, status);
        });
        res.on('error', () => settle('answer cut'));
      });
      const timer = setTimeout(() => req.destroy(new Timeout()), timeoutMs);
      req.on('error', (error) => {
        if (error instanceof Timeout) settle('timeout');
        else settle((error as NodeJS.ErrnoException).code ?? error.message, undefined, false);
      });
      req.end(body);
    };

    const tick = () => {
      const now = performance.now();
      while (due < total && !aborted && start + due * interval <= now) fire(start + due * interval);
      if (due < total && !aborted) scheduler = setTimeout(tick, Math.max(0, Math.min(start + due * interval - performance.now(), 5)));
      else finish();
    };
    const onAbort = () => {
      aborted = true;
      clearTimeout(scheduler);
      finish();
    };
    if (options.signal?.aborted) onAbort();
    else {
      options.signal?.addEventListener('abort', onAbort, { once: true });
      tick();
    }
  });
}
