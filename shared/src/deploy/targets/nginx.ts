// The `nginx` traffic target: writes the weighted `upstream` block into the file Pipewright
// owns (included by the larger config), tests the whole config, reloads, and confirms the
// new generation serves. A failed test or reload puts the previous file back: the old
// config keeps serving, and the error says what nginx said.
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { writeFileAtomic } from '../../registry/fsio.ts';
import { TrafficError } from '../errors.ts';
import type { TrafficState, TrafficTarget } from '../types.ts';
import { type CommandRun, runArgv, showArgv } from './run-command.ts';

export interface NginxTargetOptions {
  /** Absolute path of the file Pipewright owns. */
  config: string;
  upstream: string;
  /** host:port of each version. */
  stable: string;
  canary: string;
  stableVersion: string | null;
  canaryVersion: string;
  reload: string[];
  test: string[];
  /** host:port where the written file adds a tiny server answering its generation. */
  confirm?: string;
  /** The file the mirror location goes into (included inside a `server` block). */
  mirrorConfig?: string;
  mirrorLocation?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How long a confirmation may take after the reload. Default 10 s. */
  confirmTimeoutMs?: number;
}

interface Written extends TrafficState {
  generation: string;
  /** Which address serves all traffic after a promotion. */
  promoted: boolean;
}

const MARK = '# pipewright-state: ';

/** `nginx -s reload` → `nginx -t`: the default test command. */
export function defaultTestArgv(reload: string[]): string[] {
  const at = reload.findIndex((arg, i) => arg === '-s' && reload[i + 1] === 'reload');
  if (at === -1) return [];
  return [...reload.slice(0, at), '-t', ...reload.slice(at + 2)];
}

export function upstreamBlock(options: Pick<NginxTargetOptions, 'upstream' | 'stable' | 'canary' | 'confirm'>, state: Written): string {
  const weight = state.promoted ? 100 : state.canaryWeight;
  const server = (address: string, w: number) => (w === 0 ? `    server ${address} down;` : `    server ${address} weight=${w};`);
  const lines = [
    '# Written by Pipewright (pipewright deploy): the next deploy rewrites this file.',
    `${MARK}${JSON.stringify(state)}`,
    `upstream ${options.upstream} {`,
    server(options.stable, 100 - weight),
    server(options.canary, weight),
    '}',
  ];
  if (options.confirm) {
    lines.push(`server {`, `    listen ${options.confirm};`, `    location = /pipewright-generation {`, `        default_type text/plain;`, `        return 200 "${state.generation} ${weight}\\n";`, '    }', '}');
  }
  return `${lines.join('\n')}\n`;
}

export function mirrorBlock(location: string, collector: string | null): string {
  const head = '# Written by Pipewright (pipewright deploy): shadow traffic; include it inside the server block.\n';
  if (collector === null) return head;
  return `${head}mirror ${location};\nmirror_request_body on;\nlocation = ${location} {\n    internal;\n    proxy_pass http://${collector}$request_uri;\n}\n`;
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    // No file yet, or a path that cannot hold one (the write says so).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new TrafficError('nginx-config-unreadable', `cannot read the nginx config '${path}': ${(error as Error).message}`, error);
  }
}

export function parseWritten(text: string | null): Written | null {
  const line = text?.split('\n').find((l) => l.startsWith(MARK));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(MARK.length)) as Written;
  } catch {
    return null;
  }
}

/** One GET on a fresh connection: a kept-alive one could still reach an old worker. */
function askGeneration(address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`http://${address}/pipewright-generation`, { agent: false, timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body.trim()));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2 s')));
    req.on('error', reject);
  });
}

export class NginxTarget implements TrafficTarget {
  readonly kind = 'nginx' as const;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: NginxTargetOptions) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => {});
    return next;
  }

  private async run(argv: string[], what: string): Promise<CommandRun> {
    const result = await runArgv(argv, { cwd: this.options.cwd, env: this.options.env, timeoutMs: 30_000 });
    if (result.missing) {
      throw new TrafficError('nginx-not-installed', `nginx ${what}: '${argv[0]}' is not installed or not on PATH (deploy.nginx.${what} runs '${showArgv(argv)}')`);
    }
    return result;
  }

  /** Writes, tests, reloads and confirms one file; restores the previous file on any failure. */
  private async apply(path: string, text: string, generation: string | null): Promise<void> {
    const previous = await readOrNull(path);
    try {
      await writeFileAtomic(path, Buffer.from(text));
    } catch (error) {
      throw new TrafficError('nginx-config-unwritable', `cannot write the nginx config '${path}' (deploy.nginx.config): ${(error as Error).message}; nothing changed, the old config keeps serving`, error);
    }
    const restore = async () => {
      if (previous === null) await rm(path, { force: true });
      else await writeFileAtomic(path, Buffer.from(previous));
    };
    try {
      const test = await this.run(this.options.test, 'test');
      if (test.exitCode !== 0) {
        throw new TrafficError('nginx-config-invalid', `nginx rejected the config with '${path}' written (${showArgv(this.options.test)} ${test.timedOut ? 'timed out' : `exited ${test.exitCode}`}): ${test.output}; the previous file is back and the old config keeps serving`);
      }
      const reload = await this.run(this.options.reload, 'reload');
      if (reload.exitCode !== 0) {
        throw new TrafficError('nginx-reload-failed', `nginx did not reload (${showArgv(this.options.reload)} ${reload.timedOut ? 'timed out' : `exited ${reload.exitCode}`}): ${reload.output}; the previous file is back and the old config keeps serving`);
      }
    } catch (error) {
      await restore();
      throw error;
    }
    if (generation !== null) await this.confirm(generation);
  }

  /** Waits until a fresh connection is answered by the new generation's workers. */
  private async confirm(generation: string): Promise<void> {
    const address = this.options.confirm;
    if (!address) return;
    const deadline = Date.now() + (this.options.confirmTimeoutMs ?? 10_000);
    let seen = '';
    while (Date.now() < deadline) {
      try {
        seen = await askGeneration(address);
        if (seen.startsWith(`${generation} `)) return;
      } catch (error) {
        seen = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new TrafficError('nginx-not-confirmed', `nginx reloaded, but http://${address}/pipewright-generation did not answer generation ${generation} within ${(this.options.confirmTimeoutMs ?? 10_000) / 1000} s (last: '${seen}')`);
  }

  private write(weight: number, promoted: boolean): Promise<void> {
    return this.serial(async () => {
      if (!Number.isInteger(weight) || weight < 0 || weight > 100) throw new TrafficError('invalid-weight', `canary weight: expected an integer percent from 0 to 100, found ${weight}`);
      const state: Written = {
        stable: promoted ? this.options.canaryVersion : this.options.stableVersion,
        canary: promoted ? null : this.options.canaryVersion,
        canaryWeight: promoted ? 0 : weight,
        promoted,
        generation: randomBytes(6).toString('hex'),
      };
      await this.apply(this.options.config, upstreamBlock(this.options, state), state.generation);
    });
  }

  setWeight(weight: number): Promise<void> {
    return this.write(weight, false);
  }

  promote(): Promise<void> {
    return this.write(100, true);
  }

  abort(): Promise<void> {
    return this.write(0, false);
  }

  async current(): Promise<TrafficState> {
    const written = parseWritten(await readOrNull(this.options.config));
    if (!written) return { stable: this.options.stableVersion, canary: null, canaryWeight: 0 };
    return { stable: written.stable, canary: written.canary, canaryWeight: written.canaryWeight };
  }

  setMirror(collector: string | null): Promise<void> {
    const path = this.options.mirrorConfig;
    if (!path) return Promise.reject(new TrafficError('nginx-no-mirror', 'shadow traffic through nginx needs deploy.nginx.mirror-config: the file included inside the server block'));
    return this.serial(() => this.apply(path, mirrorBlock(this.options.mirrorLocation ?? '/pipewright-mirror', collector), null));
  }
}
