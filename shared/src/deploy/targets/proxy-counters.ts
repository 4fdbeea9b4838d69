// What the local proxy counts per variant, and the same counters as Prometheus exposition
// text (served at METRICS_PATH), so the canary analysis' queries work against the proxy.

/** What one variant saw, counted by the proxy (the figures a person checks after a step). */
export interface VariantCounters {
  requests: number;
  /** Answers sent to clients, by HTTP status code (the proxy's own 502, 504 and 413 included). */
  statuses: Record<string, number>;
  /** Time from a request's arrival to its answer's end, as a Prometheus histogram. */
  duration: { buckets: number[]; sum: number; count: number };
  /** Upstream refused, reset or broke the answer: the client got a 502 (or a cut answer). */
  upstreamErrors: number;
  /** Upstream did not answer in time: the client got a 504. */
  timeouts: number;
  /** The client went away before its answer was complete. */
  clientAborts: number;
  /** Requests resent once because a reused keep-alive socket was closed under them. */
  retries: number;
  inFlight: number;
}

export interface MirrorCounters {
  sent: number;
  failed: number;
  /** Not mirrored because `maxMirrorsInFlight` copies were already on their way. */
  dropped: number;
  answersReported: number;
  answersFailed: number;
}

export interface ProxyCounters {
  stable: VariantCounters;
  canary: VariantCounters;
  mirror: MirrorCounters;
}

/** Upper bounds (seconds) of the duration histogram's buckets, Prometheus client defaults. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Where the proxy answers its own counters in Prometheus text format (never proxied). */
export const METRICS_PATH = '/.pipewright/metrics';

export function emptyCounters(): VariantCounters {
  return { requests: 0, statuses: {}, duration: { buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }, upstreamErrors: 0, timeouts: 0, clientAborts: 0, retries: 0, inFlight: 0 };
}

/**
 * The counters as Prometheus exposition text: `http_requests_total{variant,code}` and
 * `http_request_duration_seconds{variant}`, the names the canary analysis examples query.
 */
export function metricsText(counters: ProxyCounters, canaryWeight: number): string {
  const lines = ['# HELP http_requests_total Requests answered by the Pipewright proxy.', '# TYPE http_requests_total counter'];
  for (const variant of ['stable', 'canary'] as const) {
    for (const [code, n] of Object.entries(counters[variant].statuses)) lines.push(`http_requests_total{variant="${variant}",code="${code}"} ${n}`);
  }
  lines.push('# HELP http_request_duration_seconds Time from arrival to the end of the answer.', '# TYPE http_request_duration_seconds histogram');
  for (const variant of ['stable', 'canary'] as const) {
    const { buckets, sum, count } = counters[variant].duration;
    for (const [i, le] of DURATION_BUCKETS.entries()) lines.push(`http_request_duration_seconds_bucket{variant="${variant}",le="${le}"} ${buckets[i]}`);
    lines.push(`http_request_duration_seconds_bucket{variant="${variant}",le="+Inf"} ${count}`);
    lines.push(`http_request_duration_seconds_sum{variant="${variant}"} ${sum}`, `http_request_duration_seconds_count{variant="${variant}"} ${count}`);
  }
  lines.push('# HELP pipewright_canary_weight Percent of requests sent to the canary.', '# TYPE pipewright_canary_weight gauge', `pipewright_canary_weight ${canaryWeight}`);
  return `${lines.join('\n')}\n`;
}
