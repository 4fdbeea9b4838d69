// A real Prometheus (Debian `prometheus`) on loopback scraping a small Node exporter every
// second; the test sets what the exporter says. Started as a child in its own process
// group, every path under a temp dir, stopped by killing the group. If it cannot start,
// the test fails.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../../../support/servers.ts';

export interface Exporter {
  url: string;
  /** What /metrics answers, made afresh for every scrape. */
  metrics: () => string;
  scrapes: number;
  close(): Promise<void>;
}

export async function startExporter(metrics: () => string): Promise<Exporter> {
  const exporter = { url: '', metrics, scrapes: 0, close: async () => {} } as Exporter;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    exporter.scrapes++;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exporter.metrics());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  exporter.url = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  exporter.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return exporter;
}

export interface RunningPrometheus {
  url: string;
  /** The value of an instant query's first series, or undefined when it has none yet. */
  value(query: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

function binary(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`'${name}' is not installed (run .ci/run, which installs the Debian packages the tests need)`);
}

/**
 * Prometheus scraping `target` every second; or, with `history` (OpenMetrics text with
 * timestamps, ending in `# EOF`), serving that history backfilled with promtool and
 * scraping nothing, so queries over minutes answer at once.
 */
export async function startPrometheus(target: string | null, history?: string): Promise<RunningPrometheus> {
  const prometheus = binary('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'pw-prometheus-'));
  const port = await freePort();
  const scrape = target ? `[ { job_name: exporter, static_configs: [ { targets: ['${target}'] } ] } ]` : '[]';
  writeFileSync(join(dir, 'prom.yml'), `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs: ${scrape}\n`);
  if (history !== undefined) {
    writeFileSync(join(dir, 'history.om'), history);
    execFileSync(binary('promtool'), ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dir, 'history.om'), join(dir, 'data')], { stdio: 'pipe' });
  }
  const child: ChildProcess = spawn(prometheus, [`--config.file=${join(dir, 'prom.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-10_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(-child.pid, 'SIGTERM');
      const kill = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const value = async (query: string) => {
    const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
    return body.data.result[0]?.value[1];
  };
  try {
    await waitFor('prometheus', async () => (await fetch(`${url}/-/ready`)).ok, 30_000, child);
    if (target) await waitFor('the first scrape', async () => (await value('up')) === '1', 30_000, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return { url, value, stop };
}
