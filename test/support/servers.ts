// Real servers on loopback for integration tests: each starts as a child in its own
// process group, on a free port, with every path under a temp dir, and is stopped
// by killing the group. A server that cannot start fails the test; nothing skips.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGroup, stopGroup } from './process-group.ts';

export interface RunningServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** A port the kernel says is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `condition` until it returns true or `timeoutMs` passes. */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: process exited with code ${child.exitCode}`);
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}

export function findBinary(name: string, extraDirs: string[] = []): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...extraDirs]) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`'${name}' is not installed (run .ci/run, which installs the Debian packages the tests need)`);
}

/** The CNCF distribution registry (Debian `docker-registry`) with filesystem storage. */
export async function startOciRegistry(): Promise<RunningServer> {
  const binary = findBinary('docker-registry');
  const dir = mkdtempSync(join(tmpdir(), 'pw-registry-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error }',
      'storage:',
      `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
      '  delete: { enabled: true }',
      `http: { addr: 127.0.0.1:${port} }`,
      '',
    ].join('\n'),
  );
  const { child, output } = startGroup(binary, ['serve', join(dir, 'config.yml')], {}, 20_000);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('docker-registry', async () => (await fetch(`${url}/v2/`)).ok, 20_000, child);
  } catch (error) {
    await stopGroup(child);
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return {
    url,
    port,
    dir,
    async stop() {
      await stopGroup(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningPostgres extends RunningServer {
  /** postgres://app@127.0.0.1:PORT/postgres */
  connectionString: string;
}

/** PostgreSQL 15 from Debian, initdb'd into a temp dir and run as the postgres user. */
export async function startPostgres(): Promise<RunningPostgres> {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  const pgDirs = versions.map((v) => `/usr/lib/postgresql/${v}/bin`);
  const initdb = findBinary('initdb', pgDirs);
  const postgres = findBinary('postgres', pgDirs);
  const dir = mkdtempSync(join(tmpdir(), 'pw-postgres-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? execFileSync('id', ['-u', 'postgres']).toString().trim() : undefined;
  if (asRoot && user) chownSync(dir, Number(user), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  execFileSync(...run(initdb, ['-D', join(dir, 'data'), '-U', 'app', '--auth=trust', '-E', 'UTF8', '--no-locale']), { stdio: 'pipe' });
  const port = await freePort();
  const { child, output } = startGroup(...run(postgres, ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']), {}, 20_000);
  const connectionString = `postgres://app@127.0.0.1:${port}/postgres`;
  try {
    await waitFor(
      'postgres',
      () => {
        try {
          execFileSync(findBinary('pg_isready', pgDirs), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
          return true;
        } catch {
          return false;
        }
      },
      30_000,
      child,
    );
  } catch (error) {
    await stopGroup(child, 'SIGINT');
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return {
    url: connectionString,
    connectionString,
    port,
    dir,
    async stop() {
      // SIGINT = fast shutdown; the group holds runuser and postgres.
      await stopGroup(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
