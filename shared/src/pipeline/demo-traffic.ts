// Synthetic production traffic for the demo: live customers' rows POSTed to the proxy on
// a fixed schedule (open loop), a share of them without an email address, as customers who
// opted out of sharing it. Counts what the clients saw.
import { readFileSync } from 'node:fs';

export interface TrafficTally {
  sent: number;
  ok: number;
  failed: number;
}

export class SyntheticTraffic {
  readonly tally: TrafficTally = { sent: 0, ok: 0, failed: 0 };
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stop = new AbortController();

  private constructor(
    private readonly url: string,
    private readonly bodies: string[],
  ) {}

  /**
   * Rows of a JSON Lines file; about `withoutEmail` of them leave out the email, picked by a
   * hash of the row number so that no weight of the split lines up with them.
   */
  static fromJsonl(file: string, url: string, withoutEmail = 0.2): SyntheticTraffic {
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        const { churned: _label, customer_id: _id, ...features } = JSON.parse(line) as Record<string, unknown>;
        if (((Math.imul(i + 1, 2654435761) >>> 0) % 1000) / 1000 < withoutEmail) delete features.email;
        return JSON.stringify(features);
      });
    return new SyntheticTraffic(`${url}/predict`, rows);
  }

  /** Fires `rps` requests a second until stopped; due times do not wait for answers. */
  start(rps: number): void {
    const interval = 1000 / rps;
    const began = performance.now();
    let next = 0;
    const tick = () => {
      const due = Math.floor((performance.now() - began) / interval);
      for (; next <= due; next++) this.send(this.bodies[next % this.bodies.length]!);
      this.timer = setTimeout(tick, interval);
    };
    tick();
  }

  private send(body: string): void {
    this.tally.sent++;
    const request = fetch(this.url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(5000)]) })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.ok) this.tally.ok++;
        else this.tally.failed++;
      })
      .catch(() => {
        if (!this.stop.signal.aborted) this.tally.failed++;
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  /** Stops sending and waits for the answers on their way. */
  async end(): Promise<TrafficTally> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 3000))]);
    this.stop.abort();
    return { ...this.tally };
  }
}
