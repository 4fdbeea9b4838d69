// The shadow collector: a loopback server the traffic target mirrors requests to. It answers
// each copy at once (202, so the mirror never waits on the candidate), forwards the copy to
// the candidate, and pairs the candidate's answer with stable's by request id.
//
// Stable's answer comes one of two ways:
// - reported: the local proxy posts it to ANSWER_PATH after answering the client (free);
// - replay: the collector sends the same request to stable itself. nginx's `mirror` discards
//   the mirror's answer and cannot log response bodies, so this is the honest way there. It
//   doubles stable's load for mirrored requests during the shadow, and the two stable
//   answers are some milliseconds apart: only for read-only, deterministic endpoints
//   (`/predict`), never for ones that write.
import { randomUUID } from 'node:crypto';
import { Agent, type IncomingMessage, request as httpRequest, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ANSWER_PATH, endToEndHeaders, type Upstream } from '../targets/local-proxy.ts';
import type { Answer } from './compare.ts';

export interface CollectorOptions {
  candidate: Upstream;
  /** Set for replay mode: the collector asks stable itself. */
  stable?: Upstream;
  host?: string;
  timeoutMs?: number;
  /** Requests waiting for their other half; past this the oldest is dropped as unpaired. */
  maxPending?: number;
  maxBodyBytes?: number;
  /** Called once per pair, as soon as both halves are in. */
  onPair: (requestId: string, stable: Answer, candidate: Answer) => void;
}

export interface CollectorCounts {
  /** Mirrored copies received. */
  mirrored: number;
  /** Stable answers reported by the proxy. */
  reported: number;
  /** Copies without an X-Request-Id in reported mode: they cannot be paired. */
  withoutId: number;
  /** Dropped from the pending table when it was full. */
  evicted: number;
  /** Answers the proxy reported for the canary (weight > 0): not stable's, ignored. */
  ignored: number;
}

interface Pending {
  stable?: Answer;
  candidate?: Answer;
}

export class ShadowCollector {
  private readonly options: CollectorOptions;
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true, maxFreeSockets: 256 });
  private readonly pending = new Map<string, Pending>();
  private inFlight = 0;
  private lastActivity = 0;
  readonly counts: CollectorCounts = { mirrored: 0, reported: 0, withoutId: 0, evicted: 0, ignored: 0 };
  address = '';

  constructor(options: CollectorOptions) {
    this.options = options;
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = this.server.address() as AddressInfo;
    this.address = `${address}:${port}`;
    return this.address;
  }

  /** Requests that got only one half so far, by which half they have. */
  unpaired(): { stableOnly: number; candidateOnly: number } {
    let stableOnly = 0;
    let candidateOnly = 0;
    for (const entry of this.pending.values()) {
      if (entry.stable) stableOnly++;
      else candidateOnly++;
    }
    return { stableOnly, candidateOnly };
  }

  /**
   * Resolves once every request seen has both halves and no forward is in flight, or after
   * `ms`: late halves (the proxy reports stable's answer after the client has it) get until then.
   */
  async settle(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    // Quiet for a moment too: a retiring nginx worker may still send copies of requests it
    // was serving when mirroring stopped.
    const quiet = Math.min(250, ms / 4);
    while ((this.inFlight > 0 || this.pending.size > 0 || performance.now() - this.lastActivity < quiet) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.agent.destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.lastActivity = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = this.options.maxBodyBytes ?? 1024 * 1024;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = req.headers['x-request-id'];
      const given = typeof header === 'string' && header !== '' ? header : null;
      if (req.method === 'POST' && req.url === ANSWER_PATH) {
        res.writeHead(204).end();
        if (!given || size > limit) return;
        if (req.headers['x-pipewright-variant'] !== 'stable') {
          this.counts.ignored++;
          return;
        }
        this.counts.reported++;
        const status = Number(req.headers['x-pipewright-status'] ?? 0);
        this.record(given, 'stable', { status, body: body.toString(), latencyMs: Number(req.headers['x-pipewright-latency-ms'] ?? Number.NaN) });
        return;
      }
      res.writeHead(202, { 'content-length': '0' }).end();
      this.counts.mirrored++;
      const replay = this.options.stable;
      if (!given && !replay) {
        this.counts.withoutId++;
        return;
      }
      const id = given ?? randomUUID();
      const headers = endToEndHeaders(req.headers);
      headers['x-request-id'] = id;
      headers['content-length'] = String(body.length);
      this.forward(this.options.candidate, req, headers, body, (answer) => this.record(id, 'candidate', answer));
      if (replay) this.forward(replay, req, headers, body, (answer) => this.record(id, 'stable', answer));
    });
  }

  private record(id: string, side: 'stable' | 'candidate', answer: Answer): void {
    this.lastActivity = performance.now();
    let entry = this.pending.get(id);
    if (!entry) {
      entry = {};
      this.pending.set(id, entry);
      if (this.pending.size > (this.options.maxPending ?? 100_000)) {
        const oldest = this.pending.keys().next().value as string;
        this.pending.delete(oldest);
        this.counts.evicted++;
      }
    }
    entry[side] = answer;
    if (entry.stable && entry.candidate) {
      this.pending.delete(id);
      this.options.onPair(id, entry.stable, entry.candidate);
    }
  }

  private forward(upstream: Upstream, req: IncomingMessage, headers: ReturnType<typeof endToEndHeaders>, body: Buffer, done: (answer: Answer) => void): void {
    this.inFlight++;
    const started = performance.now();
    let settled = false;
    const settle = (answer: Omit<Answer, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      done({ ...answer, latencyMs: performance.now() - started });
      this.inFlight--;
    };
    const out = httpRequest({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent: this.agent });
    out.setTimeout(this.options.timeoutMs ?? 10_000, () => out.destroy(new Error('timeout')));
    out.on('response', (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => parts.push(chunk));
      answer.on('end', () => settle({ status: answer.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      answer.on('error', (error) => settle({ status: 0, body: '', error: error.message }));
    });
    out.on('error', (error) => settle({ status: 0, body: '', error: (error as NodeJS.ErrnoException).code ?? error.message }));
    out.end(body);
  }
}
