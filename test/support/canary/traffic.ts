// An open-loop client: request i is sent at start + i / rps whatever happened to earlier
// ones, and every outcome is recorded as the client saw it. A request reset before any
// byte of its answer (nginx closing an idle keep-alive connection on reload) is retried
// once on a fresh connection, as HTTP clients do for idempotent requests; anything else
// that is not a 2xx is a failure.
import { Agent, request } from 'node:http';

export interface ClientOutcome {
  sentAt: number;
  doneAt: number;
  status: number | null;
  variant: string | null;
  error: string | null;
  retried: boolean;
}

export interface TrafficSummary {
  sent: number;
  ok: number;
  failed: ClientOutcome[];
  retried: number;
  byVariant: Record<string, number>;
  /** When the canary last answered a client (ms since epoch), or null. */
  lastCanaryAt: number | null;
  outcomes: ClientOutcome[];
  achievedRps: number;
}

function once(url: URL, agent: Agent | false): Promise<{ status: number; variant: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: 'GET', timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, variant: (res.headers['x-variant'] as string | undefined) ?? null }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export class OpenLoopClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly outcomes: ClientOutcome[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private started = 0;
  private sent = 0;

  constructor(
    private readonly url: string,
    private readonly rps = 200,
    /** `retry: false`: no retry at all (the reference that shows what reloads cost). */
    private readonly options: { retry?: boolean } = {},
  ) {}

  start(): this {
    this.started = Date.now();
    const tick = () => {
      const due = Math.floor(((Date.now() - this.started) * this.rps) / 1000);
      while (this.sent < due) this.fire();
      this.timer = setTimeout(tick, 2);
    };
    tick();
    return this;
  }

  private fire(): void {
    this.sent++;
    const sentAt = Date.now();
    const target = new URL('/predict', this.url);
    const work = (async () => {
      const outcome: ClientOutcome = { sentAt, doneAt: 0, status: null, variant: null, error: null, retried: false };
      try {
        Object.assign(outcome, await once(target, this.agent));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ECONNRESET' && this.options.retry !== false) {
          outcome.retried = true;
          try {
            Object.assign(outcome, await once(target, false));
          } catch (retryError) {
            outcome.error = (retryError as Error).message;
          }
        } else {
          outcome.error = `${code ?? ''} ${(error as Error).message}`.trim();
        }
      }
      outcome.doneAt = Date.now();
      this.outcomes.push(outcome);
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Everything so far (the client keeps running). */
  snapshot(): TrafficSummary {
    const outcomes = [...this.outcomes];
    const failed = outcomes.filter((o) => o.status === null || o.status >= 300);
    const byVariant: Record<string, number> = {};
    let lastCanaryAt: number | null = null;
    for (const o of outcomes) {
      if (o.variant) byVariant[o.variant] = (byVariant[o.variant] ?? 0) + 1;
      if (o.variant === 'canary') lastCanaryAt = Math.max(lastCanaryAt ?? 0, o.doneAt);
    }
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return { sent: this.sent, ok: outcomes.length - failed.length, failed, retried: outcomes.filter((o) => o.retried).length, byVariant, lastCanaryAt, outcomes, achievedRps: this.sent / seconds };
  }

  async stop(): Promise<TrafficSummary> {
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.inFlight]);
    this.agent.destroy();
    return this.snapshot();
  }
}
