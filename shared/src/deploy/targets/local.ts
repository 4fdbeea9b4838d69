// The `local` traffic target: the embedded weighted proxy (local-proxy.ts) behind the
// TrafficTarget interface, for the demo and for laptops.
//
// Spec keys it reads (deploy.local): `port` (existing), and, to be added to the schema:
//   stable: host:port of the stable model server      (when not started by `serve`)
//   canary: host:port of the canary model server      (when not started by `serve`)
//   timeout: Duration, an upstream's answer deadline  (default 30s; then 504)
import { TrafficError } from '../errors.ts';
import type { TrafficCounts, TrafficState, TrafficTarget } from '../types.ts';
import { type ProxyCounters, type Upstream, type VariantCounters, WeightedProxy } from './local-proxy.ts';
import { checkWeight } from './weighted-split.ts';

export type { ProxyCounters, VariantCounters, MirrorCounters } from './local-proxy.ts';
export { ANSWER_PATH, DURATION_BUCKETS, METRICS_PATH, metricsText } from './local-proxy.ts';

/** The local target was asked something it cannot do (bad weight, no canary, bad address). */
export class LocalTargetError extends TrafficError {
  constructor(message: string, cause?: unknown) {
    super('local-target', message, cause);
  }
}

export interface LocalTargetOptions {
  /** host:port (or http://host:port) of the stable model server. */
  stable: string;
  /** host:port of the canary; may come later with setCanary(). */
  canary?: string | null;
  stableVersion?: string | null;
  canaryVersion?: string | null;
  /** Listen port on `host`; 0 asks the OS for a free one. Default 8080 (the schema's). */
  port?: number;
  host?: string;
  /** An upstream's answer deadline; past it the client gets 504. Default 30 s. */
  upstreamTimeoutMs?: number;
  /** Larger request bodies get 413. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Mirrored copies on their way at once; more are dropped and counted. Default 512. */
  maxMirrorsInFlight?: number;
  /** close() waits this long for requests in flight. Default 10 s. */
  drainMs?: number;
}

/** Parses `host:port`, `http://host:port` or `[::1]:port`. */
export function parseUpstream(address: string, what = 'upstream'): Upstream {
  const text = address.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const match = /^(\[[^\]]+\]|[^\s:/]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new LocalTargetError(`${what}: expected host:port such as 127.0.0.1:8001, found '${address}'`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export class LocalTarget implements TrafficTarget {
  readonly kind = 'local' as const;
  /** The proxy also posts the primary answer of each mirrored request to the collector. */
  readonly mirrorReportsAnswers = true;
  readonly url: string;
  readonly port: number;
  private readonly proxy: WeightedProxy;
  private readonly drainMs: number;
  private readonly owned: Array<() => Promise<void>> = [];
  private state: TrafficState;
  private stable: Upstream;
  private canary: Upstream | null;
  /** Bumped each time the canary's counters start again. */
  private canarySince = 0;

  /** Use startLocalTarget(). */
  constructor(proxy: WeightedProxy, port: number, host: string, stable: Upstream, canary: Upstream | null, state: TrafficState, drainMs: number) {
    this.proxy = proxy;
    this.port = port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.stable = stable;
    this.canary = canary;
    this.state = state;
    this.drainMs = drainMs;
  }

  async setWeight(weight: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    checkWeight(weight);
    if (weight > 0 && !this.canary) throw new LocalTargetError(`cannot send ${weight}% to the canary: no canary server is set`);
    this.proxy.setWeight(weight);
    this.state = { ...this.state, canaryWeight: weight };
  }

  async current(): Promise<TrafficState> {
    return { ...this.state };
  }

  /** The canary takes all traffic and becomes stable; the old stable is released. */
  async promote(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (!this.canary) throw new LocalTargetError('cannot promote: no canary server is set');
    this.stable = this.canary;
    this.canary = null;
    // One step: the new stable takes every next request; none is routed to the old one.
    this.proxy.setUpstreams(this.stable, null);
    this.proxy.setWeight(0);
    this.state = { stable: this.state.canary, canary: null, canaryWeight: 0 };
  }

  async abort(): Promise<void> {
    this.proxy.setWeight(0);
    this.state = { ...this.state, canaryWeight: 0 };
  }

  /** A new canary server (weight stays where it is: set it with setWeight). */
  async setCanary(address: string | null, version: string | null): Promise<void> {
    const canary = address === null ? null : parseUpstream(address, 'canary');
    if (!canary && this.state.canaryWeight > 0) throw new LocalTargetError(`cannot remove the canary while it serves ${this.state.canaryWeight}%: abort first`);
    this.canary = canary;
    this.proxy.setUpstreams(this.stable, canary);
    // The canary's counters describe the canary serving now, not the one before it.
    this.proxy.resetCounters('canary');
    this.canarySince++;
    this.state = { ...this.state, canary: version };
  }

  async setMirror(collector: string | null, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.proxy.setMirror(collector === null ? null : parseUpstream(collector, 'mirror collector'));
  }

  upstreams(): { stable: string | null; canary: string | null } {
    const address = (u: Upstream | null) => (u === null ? null : `${u.host.includes(':') ? `[${u.host}]` : u.host}:${u.port}`);
    return { stable: address(this.stable), canary: address(this.canary) };
  }

  /** Requests answered and 5xx answers per variant, for the `traffic` analysis provider. */
  traffic(): TrafficCounts {
    const variant = (c: VariantCounters) => {
      const answers = Object.entries(c.statuses);
      return { requests: answers.reduce((n, [, count]) => n + count, 0), errors: answers.reduce((n, [status, count]) => (Number(status) >= 500 ? n + count : n), 0) };
    };
    const { stable, canary } = this.proxy.snapshot();
    return { stable: variant(stable), canary: { ...variant(canary), since: this.canarySince } };
  }

  /** Requests, answers by status, durations, 502s, 504s, client aborts and mirrors, per variant (also at METRICS_PATH). */
  counters(): ProxyCounters {
    return this.proxy.snapshot();
  }

  /** Something to stop after the proxy has drained (the model servers `serve` started). */
  own(stop: () => Promise<void>): void {
    this.owned.push(stop);
  }

  async close(): Promise<void> {
    await this.proxy.close(this.drainMs);
    for (const stop of this.owned.splice(0).reverse()) await stop();
  }
}

/** Starts the proxy on `host:port` and resolves once it listens. */
export async function startLocalTarget(options: LocalTargetOptions): Promise<LocalTarget> {
  const stable = parseUpstream(options.stable, 'stable');
  const canary = options.canary ? parseUpstream(options.canary, 'canary') : null;
  const host = options.host ?? '127.0.0.1';
  const proxy = new WeightedProxy(stable, canary, {
    host,
    port: options.port ?? 8080,
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 30_000,
    maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
    maxMirrorsInFlight: options.maxMirrorsInFlight ?? 512,
    maxReportedAnswerBytes: 1024 * 1024,
  });
  let address: { port: number };
  try {
    address = await proxy.listen();
  } catch (error) {
    throw new LocalTargetError(`cannot listen on ${host}:${options.port ?? 8080}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, error);
  }
  const state: TrafficState = { stable: options.stableVersion ?? null, canary: options.canaryVersion ?? null, canaryWeight: 0 };
  return new LocalTarget(proxy, address.port, host, stable, canary, state, options.drainMs ?? 10_000);
}
