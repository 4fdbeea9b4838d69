// Benchmark: the local target's proxy against nginx (the reference: the same weighted split
// in C) in front of the same two model servers, loaded by the open-loop generator at the same
// rate in the same run, with the weight moving 0 → 5 → 25 → 50 → 100 → 0 during each run.
// Prints achieved rate, p50/p99/max and failures for direct, nginx and the proxy, and the
// ratio of the added p99. Target: zero failed requests through the proxy across the weight
// changes. Run: pnpm exec tsx bench/local-proxy.bench.ts [RPS]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadTestResult, runLoadTest } from '../shared/src/deploy/load/index.ts';
import { startLocalTarget } from '../shared/src/deploy/targets/local.ts';

const RPS = Number(process.argv[2] ?? 1000);
const SECONDS = 5;
const ROUNDS = 3;
const WEIGHTS = [5, 25, 50, 100, 0];

const MODEL = `
const http = require('node:http');
const body = JSON.stringify({ prediction: { score: 0.42, label: 'stay' }, model: process.argv[1] });
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); });
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function model(name: string): Promise<{ address: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', MODEL, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim())));
  return { address: `127.0.0.1:${port}`, child };
}

const nginxBinary = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!nginxBinary) throw new Error("'nginx' is not installed (run .ci/run)");

async function nginx(stable: string, canary: string): Promise<{ url: string; setWeight(w: number): void; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-bench-nginx-'));
  const port = await freePort();
  const upstream = (w: number) =>
    `upstream churn { server ${stable}${w === 100 ? ' down' : ` weight=${100 - w}`}; server ${canary}${w === 0 ? ' down' : ` weight=${w}`}; keepalive 64; }\n`;
  writeFileSync(join(dir, 'upstream.conf'), upstream(0));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join(' ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; user root; worker_processes 1; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http { access_log off; ${temp} include ${join(dir, 'upstream.conf')};
  server { listen 127.0.0.1:${port}; keepalive_timeout 65s; keepalive_requests 100000;
    location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_pass http://churn; } } }\n`,
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  const child = spawn(nginxBinary!, args, { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/predict`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    setWeight(w) {
      writeFileSync(join(dir, 'upstream.conf'), upstream(w));
      execFileSync(nginxBinary!, [...args, '-s', 'reload'], { stdio: 'ignore' });
    },
    stop() {
      process.kill(-child.pid!, 'SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One run at RPS for SECONDS, moving the weight through WEIGHTS at even intervals. */
async function run(url: string, setWeight: (w: number) => void | Promise<void>): Promise<LoadTestResult> {
  const load = runLoadTest({ url, method: 'POST', body: '{"x":1}', rps: RPS, durationMs: SECONDS * 1000 });
  for (const w of WEIGHTS) {
    await new Promise((r) => setTimeout(r, (SECONDS * 1000) / (WEIGHTS.length + 1)));
    await setWeight(w);
  }
  return load;
}

const median = (results: LoadTestResult[]) => results.sort((a, b) => a.latencyMs!.p99 - b.latencyMs!.p99)[Math.floor(results.length / 2)]!;
const row = (name: string, r: LoadTestResult) =>
  `  ${name.padEnd(26)}${r.achievedRps.toFixed(1).padStart(9)}${r.latencyMs!.p50.toFixed(2).padStart(9)}${r.latencyMs!.p99.toFixed(2).padStart(9)}${r.latencyMs!.max.toFixed(1).padStart(9)}${String(r.errors).padStart(8)}   ${JSON.stringify(r.errorKinds)}`;

const stable = await model('stable');
const canary = await model('canary');
const reference = await nginx(stable.address, canary.address);
const proxy = await startLocalTarget({ stable: stable.address, canary: canary.address, port: 0 });
try {
  console.log(`local proxy vs nginx, ${RPS} requests/s for ${SECONDS} s, weights 0 → ${WEIGHTS.join(' → ')} during each run; ${ROUNDS} interleaved rounds, median-p99 round shown; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  await runLoadTest({ url: `${proxy.url}/predict`, rps: 200, durationMs: 1000 });
  await runLoadTest({ url: reference.url, rps: 200, durationMs: 1000 });
  const direct: LoadTestResult[] = [];
  const viaNginx: LoadTestResult[] = [];
  const viaProxy: LoadTestResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    direct.push(await runLoadTest({ url: `http://${stable.address}/predict`, method: 'POST', body: '{"x":1}', rps: RPS, durationMs: SECONDS * 1000 }));
    viaNginx.push(await run(reference.url, (w) => reference.setWeight(w)));
    viaProxy.push(await run(`${proxy.url}/predict`, (w) => proxy.setWeight(w)));
  }
  const [d, n, p] = [median(direct), median(viaNginx), median(viaProxy)];
  console.log('  path                       achieved      p50      p99      max  errors');
  console.log(row('direct to a model server', d));
  console.log(row('nginx (reloads)', n));
  console.log(row('pipewright local proxy', p));
  const failures = viaProxy.reduce((sum, r) => sum + r.errors, 0);
  console.log(`  p99 added over direct: nginx ${(n.latencyMs!.p99 - d.latencyMs!.p99).toFixed(2)} ms, proxy ${(p.latencyMs!.p99 - d.latencyMs!.p99).toFixed(2)} ms; proxy p99 / nginx p99 = ${(p.latencyMs!.p99 / n.latencyMs!.p99).toFixed(2)}`);
  console.log(`  failed requests through the proxy over ${ROUNDS} runs (${ROUNDS * WEIGHTS.length} weight changes): ${failures}; through nginx: ${viaNginx.reduce((sum, r) => sum + r.errors, 0)} (target: 0 for the proxy: ${failures === 0 ? 'meets' : 'misses'})`);
  console.log(`  generator send lag p99 (this process was late): ${[d, n, p].map((r) => r.sendLagMs.p99.toFixed(1)).join(' / ')} ms`);
} finally {
  await proxy.close();
  reference.stop();
  stable.child.kill();
  canary.child.kill();
}
