// Benchmark: the canary through real nginx and Prometheus (1 s scrapes) at 200 requests/s.
// 1. Fault onset → traffic fully on stable, against the bound interval × (failure-limit + 1)
//    + 2 s (interval 1 s, failure-limit 0: 3 s), over several rounds; also onset → the last
//    request the canary answered.
// 2. Dropped requests during weight changes (5 → 10 → 25 → 50 → 75 → 100, one reload each):
//    what clients saw, with the one retry of a reset-before-any-byte, and the same count for
//    a client without that retry (the reference: what nginx's reloads alone cost).
// Run: pnpm exec tsx bench/canary.bench.ts [ROUNDS]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployFromSpec } from '../shared/src/deploy/index.ts';
import { canaryWorkspace, startModelServer, startNginx, startPrometheus } from '../test/support/canary/rig.ts';
import { errorRate, faultDuringPause, nginxSpec, resetUpstream } from '../test/support/canary/specs.ts';
import { OpenLoopClient } from '../test/support/canary/traffic.ts';

const ROUNDS = Number(process.argv[2] ?? 3);
const INTERVAL_S = 1;
const FAILURE_LIMIT = 0;
const BOUND_S = INTERVAL_S * (FAILURE_LIMIT + 1) + 2;

const dir = mkdtempSync(join(tmpdir(), 'pw-canary-bench-'));
const [stable, canary] = await Promise.all([startModelServer('stable'), startModelServer('canary')]);
const nginx = await startNginx(join(dir, 'nginx'), stable.address, canary.address);
const prometheus = await startPrometheus(join(dir, 'prometheus'), [stable.address, canary.address]);
const cleanup: string[] = [dir];

try {
  // 1. Detection and rollback.
  const toStable: number[] = [];
  const lastCanary: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all([stable.control({ errorRate: 0 }), canary.control({ errorRate: 0 })]);
    resetUpstream(nginx, stable, canary);
    // The last round's 5xx leave Prometheus's 5 s rate window first.
    if (round > 0) await new Promise((r) => setTimeout(r, 7_000));
    const client = new OpenLoopClient(nginx.url, 200).start();
    const ws = await canaryWorkspace(
      nginxSpec({ nginx, stable, canary, steps: [{ weight: 5 }, { pause: '60s' }, { weight: 100 }], metrics: { 'error-rate': errorRate(prometheus.url, { interval: `${INTERVAL_S}s`, 'failure-limit': FAILURE_LIMIT }) }, analysis: ['error-rate'] }),
    );
    cleanup.push(ws.dir);
    const fault = faultDuringPause(canary, 4_000 + round * 300, 0.2);
    const result = await deployFromSpec(join(ws.dir, 'pipewright.yaml'), { env: { USER: 'bench' }, onEntry: fault.onEntry });
    const faultAt = fault.at();
    await new Promise((r) => setTimeout(r, 500));
    const traffic = await client.stop();
    if (result.outcome !== 'rolled-back' || !result.rollback) throw new Error(`round ${round + 1}: expected a rollback, got ${result.outcome}: ${result.reason}`);
    toStable.push((Date.parse(result.rollback.at) - faultAt) / 1000);
    lastCanary.push(((traffic.lastCanaryAt ?? faultAt) - faultAt) / 1000);
    console.log(`round ${round + 1}: fault → traffic fully on stable ${toStable.at(-1)!.toFixed(2)} s, → last canary answer ${lastCanary.at(-1)!.toFixed(2)} s (${result.reason})`);
  }
  const worst = Math.max(...toStable);
  const median = [...toStable].sort((a, b) => a - b)[Math.floor(toStable.length / 2)]!;
  console.log(`\nfault onset → traffic fully on stable: median ${median.toFixed(2)} s, worst ${worst.toFixed(2)} s; bound ${BOUND_S} s (interval ${INTERVAL_S} s × (failure-limit ${FAILURE_LIMIT} + 1) + 2 s): worst / bound = ${(worst / BOUND_S).toFixed(2)} ${worst <= BOUND_S ? '(within)' : '(OVER)'}`);
  console.log(`fault onset → last request the canary answered: worst ${Math.max(...lastCanary).toFixed(2)} s`);

  // 2. Weight changes at 200 requests/s.
  await Promise.all([stable.control({ errorRate: 0 }), canary.control({ errorRate: 0 })]);
  resetUpstream(nginx, stable, canary);
  const withRetry = new OpenLoopClient(nginx.url, 200).start();
  const naive = new OpenLoopClient(nginx.url, 200, { retry: false }).start();
  const steps = [5, 10, 25, 50, 75, 100].flatMap((weight) => [{ weight }, { pause: '700ms' }]).slice(0, -1);
  const ws = await canaryWorkspace(nginxSpec({ nginx, stable, canary, steps, metrics: {} }));
  cleanup.push(ws.dir);
  const started = Date.now();
  const result = await deployFromSpec(join(ws.dir, 'pipewright.yaml'), { env: { USER: 'bench' } });
  await new Promise((r) => setTimeout(r, 500));
  const [seen, reference] = await Promise.all([withRetry.stop(), naive.stop()]);
  const during = (s: typeof seen) => s.outcomes.filter((o) => o.sentAt >= started);
  const failed = during(seen).filter((o) => o.status !== 200).length;
  const naiveFailed = during(reference).filter((o) => o.status !== 200).length;
  const kinds = new Map<string, number>();
  for (const o of during(seen).filter((o) => o.status !== 200)) kinds.set(`${o.status ?? o.error} from ${o.variant ?? '?'}`, (kinds.get(`${o.status ?? o.error} from ${o.variant ?? '?'}`) ?? 0) + 1);
  if (kinds.size > 0) console.log('failures:', Object.fromEntries(kinds));
  const reloads = result.timeline.filter((e) => e.kind === 'weight' || e.kind === 'promoted').length - 1;
  console.log(
    `\nweight changes: ${result.outcome}, ${reloads} reloads in ${((Date.now() - started) / 1000).toFixed(1)} s; client at ${seen.achievedRps.toFixed(0)} req/s: ${during(seen).length} requests, ${failed} failed (${during(seen).filter((o) => o.retried).length} retried once after a reset before any byte); reference client without that retry: ${during(reference).length} requests, ${naiveFailed} failed`,
  );
} finally {
  await Promise.all([nginx.stop(), prometheus.stop(), stable.stop(), canary.stop()]);
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
}
