// `deploy.local.serve`: starts one model server for the local target from the spec's command
// (argv, never a shell; `{{ model.dir }}`, `{{ model.version }}`, `{{ port }}` templated per
// argument), on a free loopback port, in its own process group, ready once it accepts TCP.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect, createServer } from 'node:net';
import { PipewrightError } from '../../errors.ts';
import type { ModelRegistry } from '../../registry/types.ts';
import { renderCommand } from '../../spec/template.ts';
import { type LocalTarget, type LocalTargetOptions, startLocalTarget } from './local.ts';

/** The model server could not start, died, or did not listen in time. */
export class ModelServerError extends PipewrightError {
  constructor(message: string) {
    super('model-server', message, { exitCode: 2 });
  }
}

export interface ServeOptions {
  /** The spec's `deploy.local.serve` command line. */
  run: string;
  /** Template values: `model.dir`, `model.version`, and any others the caller provides. */
  context: Record<string, unknown> & { model: { version: string; dir?: string } };
  /** 0 (default) asks the OS for a free port. */
  port?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How long it may take to accept connections. Default 30 s. */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface ServedModel {
  version: string;
  /** 127.0.0.1:port, for the local target's stable or canary. */
  address: string;
  port: number;
  pid: number;
  /** The last 4 KB it printed. */
  output(): string;
  /** SIGTERM to its process group, SIGKILL after 5 s. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Pulls `version`'s files to where its model server reads them (`{{ model.dir }}`). */
export async function pullServedModel(registry: ModelRegistry, workspace: string, version: string, signal?: AbortSignal): Promise<string> {
  const dir = join(workspace, '.pipewright', 'deploy', 'models', version);
  await registry.pull(version, dir, { signal });
  return dir;
}

export async function serveModel(options: ServeOptions): Promise<ServedModel> {
  const port = options.port || (await freePort());
  const argv = renderCommand(options.run, { ...options.context, port });
  const [program, ...args] = argv;
  if (!program) throw new ModelServerError('deploy.local.serve is empty: expected a command such as `python3 serve.py --model {{ model.dir }} --port {{ port }}`');
  const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let failure: string | null = null;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'ENOENT' ? `'${program}' was not found` : error.message;
  });
  child.once('exit', (code, signal) => {
    failure ??= `it exited with ${code === null ? `signal ${signal}` : `code ${code}`}`;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const what = `the model server for ${options.context.model.version} (\`${argv.join(' ')}\`)`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (failure) {
      await exited;
      throw new ModelServerError(`${what} did not start: ${failure}${output.trim() ? `; its output ends: ${output.trim().slice(-500)}` : ''}`);
    }
    if (await accepts(port)) break;
    if (options.signal?.aborted || Date.now() > deadline) {
      await stop();
      throw new ModelServerError(options.signal?.aborted ? `${what} was stopped before it was ready` : `${what} did not listen on 127.0.0.1:${port} within ${options.readyTimeoutMs ?? 30_000} ms and was stopped`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { version: options.context.model.version, address: `127.0.0.1:${port}`, port, pid: child.pid!, output: () => output, stop };
}

export interface ServedTargetOptions extends Omit<LocalTargetOptions, 'stable' | 'canary' | 'stableVersion' | 'canaryVersion'> {
  /** The spec's `deploy.local.serve`. */
  serve: string;
  /** The version serving now (null on a first deploy: the candidate then starts alone). */
  stable: { version: string; dir?: string } | null;
  canary: { version: string; dir?: string };
  /** Other template values (`name`, `params`, `env`, …). */
  context?: Record<string, unknown>;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * `deploy.local.serve`: starts a model server per version and the proxy in front of them;
 * closing the target drains the proxy, then stops the servers. With no stable version yet,
 * the candidate is stable and canary both, so every weight serves it.
 */
export async function startServedLocalTarget(options: ServedTargetOptions): Promise<LocalTarget> {
  const { serve, stable, canary, context = {}, cwd, env, readyTimeoutMs, signal, ...proxy } = options;
  const started: ServedModel[] = [];
  const start = async (model: { version: string; dir?: string }) => {
    const served = await serveModel({ run: serve, context: { ...context, model }, ...(cwd ? { cwd } : {}), ...(env ? { env } : {}), ...(readyTimeoutMs ? { readyTimeoutMs } : {}), ...(signal ? { signal } : {}) });
    started.push(served);
    return served;
  };
  try {
    const candidate = await start(canary);
    const current = stable ? await start(stable) : candidate;
    const target = await startLocalTarget({ ...proxy, stable: current.address, canary: candidate.address, stableVersion: stable?.version ?? null, canaryVersion: canary.version });
    for (const served of started) target.own(served.stop);
    return target;
  } catch (error) {
    for (const served of started) await served.stop();
    throw error;
  }
}
