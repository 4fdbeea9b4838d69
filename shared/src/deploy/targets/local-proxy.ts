// The embedded weighted reverse proxy behind the `local` target: node:http in, keep-alive
// agents out, one smooth weighted split per weight (so a change is one assignment and no
// request is dropped), optional mirroring of every request to a shadow collector.
import { randomUUID } from 'node:crypto';
import { Agent, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest, type OutgoingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DURATION_BUCKETS, emptyCounters, METRICS_PATH, metricsText, type ProxyCounters, type VariantCounters } from './proxy-counters.ts';
import { type Variant, WeightedSplit } from './weighted-split.ts';

export { DURATION_BUCKETS, METRICS_PATH, metricsText, type MirrorCounters, type ProxyCounters, type VariantCounters } from './proxy-counters.ts';

/** `host:port` split once. */
export interface Upstream {
  host: string;
  port: number;
}

export interface ProxyOptions {
  host: string;
  port: number;
  upstreamTimeoutMs: number;
  maxBodyBytes: number;
  maxMirrorsInFlight: number;
  /** Bodies of answers larger than this are not reported to the collector. */
  maxReportedAnswerBytes: number;
}

/** Where the proxy posts the primary answer of each mirrored request (see shadow/collector.ts). */
export const ANSWER_PATH = '/.pipewright/answer';

// Hop-by-hop headers (RFC 9110 §7.6.1), and `expect`: the proxy has the whole body already.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate', 'proxy-authorization', 'expect']);

/** Headers without hop-by-hop ones (and those `connection` names). */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = value;
  }
  return out;
}

class UpstreamTimeout extends Error {}

interface ReportedAnswer {
  body: Buffer;
  contentType: string | undefined;
}

export class WeightedProxy {
  private readonly options: ProxyOptions;
  private readonly server: Server;
  private readonly agents = new Map<string, Agent>();
  private split = new WeightedSplit(0);
  private upstreams: Record<Variant, Upstream | null>;
  private mirror: Upstream | null = null;
  private mirrorsInFlight = 0;
  private closing = false;
  private counters: ProxyCounters = { stable: emptyCounters(), canary: emptyCounters(), mirror: { sent: 0, failed: 0, dropped: 0, answersReported: 0, answersFailed: 0 } };
  private readonly idleWaiters: Array<() => void> = [];

  constructor(stable: Upstream, canary: Upstream | null, options: ProxyOptions) {
    this.options = options;
    this.upstreams = { stable, canary };
    this.server = createServer((req, res) => this.handle(req, res));
    // Keep clients' idle connections open longer than a typical client pool does, so the
    // client, not the proxy, closes them (no reset under a request in flight).
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get canaryWeight(): number {
    return this.split.canaryWeight;
  }

  /** Takes effect for the next request; requests already routed finish where they went. */
  setWeight(weight: number): void {
    this.split = new WeightedSplit(weight);
  }

  /** Starts a variant's counters again (requests in flight finish on the old ones). */
  resetCounters(variant: 'stable' | 'canary'): void {
    this.counters[variant] = emptyCounters();
  }

  setUpstreams(stable: Upstream, canary: Upstream | null): void {
    this.upstreams = { stable, canary };
  }

  setMirror(collector: Upstream | null): void {
    this.mirror = collector;
  }

  snapshot(): ProxyCounters {
    return structuredClone(this.counters);
  }

  /** Stops accepting, lets requests in flight finish (up to `drainMs`), then cuts the rest. */
  async close(drainMs: number): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const drained = new Promise<void>((resolve) => {
      if (this.busy() === 0) resolve();
      else this.idleWaiters.push(resolve);
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)))]);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private busy(): number {
    return this.counters.stable.inFlight + this.counters.canary.inFlight + this.mirrorsInFlight;
  }

  private settle(): void {
    if (this.busy() === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private agentFor(upstream: Upstream): Agent {
    const key = `${upstream.host}:${upstream.port}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({ keepAlive: true, keepAliveMsecs: 1000, maxFreeSockets: 256, scheduling: 'lifo' });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === METRICS_PATH && req.method === 'GET') {
      const text = metricsText(this.counters, this.split.canaryWeight);
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) }).end(text);
      return;
    }
    const arrived = performance.now();
    const pick = this.split.next();
    const variant: Variant = pick === 'canary' && this.upstreams.canary ? 'canary' : 'stable';
    const upstream = this.upstreams[variant]!;
    const counters = this.counters[variant];
    counters.requests++;
    counters.inFlight++;
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && incoming !== '' ? incoming : randomUUID();
    const mirror = this.mirror;

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      counters.inFlight--;
      this.settle();
    };
    let upstreamRequest: ReturnType<typeof httpRequest> | undefined;
    res.on('finish', () => {
      const status = res.statusCode;
      counters.statuses[status] = (counters.statuses[status] ?? 0) + 1;
      const seconds = (performance.now() - arrived) / 1000;
      const { duration } = counters;
      duration.count++;
      duration.sum += seconds;
      DURATION_BUCKETS.forEach((le, i) => {
        if (seconds <= le) duration.buckets[i]!++;
      });
    });
    res.on('close', () => {
      if (!res.writableFinished) {
        counters.clientAborts++;
        upstreamRequest?.destroy();
      }
      finish();
    });

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.options.maxBodyBytes) {
        req.removeAllListeners('data');
        this.fail(res, 413, `request body larger than ${this.options.maxBodyBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (res.headersSent || res.destroyed) return;
      const body = Buffer.concat(chunks);
      const headers = endToEndHeaders(req.headers);
      headers['x-request-id'] = requestId;
      const forwardedFor = req.headers['x-forwarded-for'];
      const peer = req.socket.remoteAddress ?? '';
      headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${peer}` : peer;
      headers['content-length'] = String(body.length);
      if (mirror) this.sendMirror(mirror, req, headers, body);
      const started = performance.now();
      const send = (attempt: number) => {
        // Mirrored when it arrived: its answer is reported even if mirroring stops meanwhile.
        const report = mirror
          ? (answer: ReportedAnswer | null, status: number) => {
              if (answer) this.reportAnswer(mirror, requestId, variant, status, performance.now() - started, answer);
            }
          : null;
        upstreamRequest = this.forward(upstream, req, headers, body, res, counters, requestId, attempt, report, send);
      };
      send(0);
    });
  }

  private forward(
    upstream: Upstream,
    req: IncomingMessage,
    headers: OutgoingHttpHeaders,
    body: Buffer,
    res: ServerResponse,
    counters: VariantCounters,
    requestId: string,
    attempt: number,
    onAnswer: ((answer: ReportedAnswer | null, status: number) => void) | null,
    retry: (attempt: number) => void,
  ): ReturnType<typeof httpRequest> {
    const out = httpRequest({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent: this.agentFor(upstream) });
    let answered = false;
    out.setTimeout(this.options.upstreamTimeoutMs, () => out.destroy(new UpstreamTimeout()));
    out.on('response', (answer) => {
      answered = true;
      const status = answer.statusCode ?? 502;
      const responseHeaders = endToEndHeaders(answer.headers);
      if (responseHeaders['x-request-id'] === undefined) responseHeaders['x-request-id'] = requestId;
      res.writeHead(status, answer.statusMessage, responseHeaders);
      const keep: Buffer[] | null = onAnswer ? [] : null;
      let kept = 0;
      answer.on('data', (chunk: Buffer) => {
        if (keep && kept + chunk.length <= this.options.maxReportedAnswerBytes) keep.push(chunk);
        kept += chunk.length;
        if (!res.write(chunk)) {
          answer.pause();
          res.once('drain', () => answer.resume());
        }
      });
      answer.on('end', () => {
        res.end();
        const complete = keep && kept <= this.options.maxReportedAnswerBytes;
        onAnswer?.(complete ? { body: Buffer.concat(keep), contentType: answer.headers['content-type'] } : null, status);
      });
      answer.on('error', () => {
        counters.upstreamErrors++;
        res.destroy();
      });
    });
    out.on('error', (error) => {
      if (res.destroyed) return;
      // A keep-alive socket the upstream closed just as we reused it: nothing reached the
      // upstream, so sending once more on a fresh socket is safe (Node's documented pattern).
      if (!answered && attempt === 0 && out.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        counters.retries++;
        retry(1);
        return;
      }
      if (answered) {
        counters.upstreamErrors++;
        res.destroy();
        return;
      }
      if (error instanceof UpstreamTimeout) {
        counters.timeouts++;
        this.fail(res, 504, `upstream ${upstream.host}:${upstream.port} did not answer within ${this.options.upstreamTimeoutMs} ms`);
      } else {
        counters.upstreamErrors++;
        this.fail(res, 502, `upstream ${upstream.host}:${upstream.port} failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`);
      }
    });
    out.end(body);
    return out;
  }

  private fail(res: ServerResponse, status: number, message: string): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text = `${JSON.stringify({ error: message })}\n`;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private sendMirror(collector: Upstream, req: IncomingMessage, headers: OutgoingHttpHeaders, body: Buffer): void {
    const mirror = this.counters.mirror;
    if (this.mirrorsInFlight >= this.options.maxMirrorsInFlight) {
      mirror.dropped++;
      return;
    }
    mirror.sent++;
    this.post(collector, req.method ?? 'GET', req.url ?? '/', headers, body, (ok) => {
      if (!ok) mirror.failed++;
    });
  }

  private reportAnswer(collector: Upstream, requestId: string, variant: Variant, status: number, latencyMs: number, answer: ReportedAnswer): void {
    const mirror = this.counters.mirror;
    if (this.mirrorsInFlight >= this.options.maxMirrorsInFlight) {
      mirror.answersFailed++;
      return;
    }
    const headers: OutgoingHttpHeaders = {
      'x-request-id': requestId,
      'x-pipewright-variant': variant,
      'x-pipewright-status': String(status),
      'x-pipewright-latency-ms': latencyMs.toFixed(3),
      'content-length': String(answer.body.length),
    };
    if (answer.contentType) headers['content-type'] = answer.contentType;
    this.post(collector, 'POST', ANSWER_PATH, headers, answer.body, (ok) => {
      if (ok) mirror.answersReported++;
      else mirror.answersFailed++;
    });
  }

  /** Fire and forget to the collector: the answer is read and discarded. */
  private post(collector: Upstream, method: string, path: string, headers: OutgoingHttpHeaders, body: Buffer, done: (ok: boolean) => void): void {
    this.mirrorsInFlight++;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      this.mirrorsInFlight--;
      done(ok);
      this.settle();
    };
    const out = httpRequest({ host: collector.host, port: collector.port, method, path, headers, agent: this.agentFor(collector) });
    out.setTimeout(this.options.upstreamTimeoutMs, () => out.destroy(new UpstreamTimeout()));
    out.on('response', (answer) => {
      answer.resume();
      answer.on('end', () => settle((answer.statusCode ?? 500) < 500));
      answer.on('error', () => settle(false));
    });
    out.on('error', () => settle(false));
    out.end(body);
  }
}
