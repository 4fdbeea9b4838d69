// Runs a training command as argv (never through a shell) in its own process group:
// streams its output, keeps the last lines, enforces a timeout and measures the tree.
import { spawn } from 'node:child_process';
import { ProcessTreeMonitor, reapedChildrenSeconds } from './process-tree.ts';
import { TrainCommandNotFoundError } from './errors.ts';

export type LogStream = 'stdout' | 'stderr';

export interface RunCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kill the whole group after this long; undefined = no limit. */
  timeoutMs?: number;
  /** SIGTERM first, then SIGKILL after this grace period. */
  killGraceMs?: number;
  /** Receives the child's output as it arrives. */
  onOutput?: (stream: LogStream, chunk: Buffer) => void;
  /** How many trailing lines to keep for error reports. */
  tailLines?: number;
  signal?: AbortSignal;
  pollIntervalMs?: number;
}

export interface CommandOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  startedAt: Date;
  endedAt: Date;
  wallSeconds: number;
  cpuSeconds: number;
  peakMemoryBytes: number;
  tail: string[];
}

/** Keeps the last `limit` lines of a byte stream, whichever stream they came from. */
class LineTail {
  private readonly lines: string[] = [];
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };

  constructor(private readonly limit: number) {}

  push(stream: LogStream, chunk: Buffer): void {
    const parts = (this.partial[stream] + chunk.toString('utf8')).split(/\r?\n/);
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  private add(line: string): void {
    this.lines.push(line.length > 1000 ? `${line.slice(0, 1000)}…` : line);
    if (this.lines.length > this.limit) this.lines.shift();
  }

  finish(): string[] {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') this.add(this.partial[stream]);
      this.partial[stream] = '';
    }
    return [...this.lines];
  }
}

function killGroup(pid: number, signal: NodeJS.Signals, strays: number[]): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
  // Descendants that left the group (setsid) are still part of the run.
  for (const stray of strays) {
    try {
      process.kill(stray, signal);
    } catch {}
  }
}

/** Commands running in this process, and how many have started: to tell a run that had it to itself. */
let running = 0;
let starts = 0;

/** Runs `argv` to completion (or timeout/abort) and measures it. */
export function runCommand(argv: string[], options: RunCommandOptions): Promise<CommandOutcome> {
  const [command, ...args] = argv;
  if (!command) throw new TrainCommandNotFoundError('', 'the command is empty');
  const tail = new LineTail(options.tailLines ?? 50);
  const startedAt = new Date();
  const started = performance.now();
  const reapedBefore = reapedChildrenSeconds();
  const aloneAtStart = running === 0;
  const myStart = ++starts;
  running++;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    running--;
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let monitor: ProcessTreeMonitor | undefined;
    let timedOut = false;
    let aborted = false;
    let timer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      const strays = monitor?.livePids() ?? [];
      if (child.pid !== undefined) killGroup(child.pid, 'SIGTERM', strays);
      graceTimer = setTimeout(() => {
        if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL', monitor?.livePids() ?? strays);
      }, options.killGraceMs ?? 5_000);
    };
    const onAbort = () => {
      aborted = true;
      stop();
    };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        tail.push(stream, chunk);
        options.onOutput?.(stream, chunk);
      });
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      finish();
      monitor?.stop();
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error.code === 'ENOENT') reject(new TrainCommandNotFoundError(command, `not found (looked in PATH and ${options.cwd})`));
      else if (error.code === 'EACCES') reject(new TrainCommandNotFoundError(command, 'is not executable (permission denied)'));
      else reject(new TrainCommandNotFoundError(command, `could not start: ${error.message}`));
    });
    child.once('spawn', () => {
      monitor = new ProcessTreeMonitor(child.pid!, options.pollIntervalMs ?? 50);
      monitor.start();
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs);
      }
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    child.once('exit', () => {
      // A last look before the streams drain; the root itself is already reaped.
      monitor?.poll();
      // Whatever the command left running is part of the run and ends with it.
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL', monitor?.livePids() ?? []);
    });
    child.once('close', (code, signal) => {
      const endedAt = new Date();
      if (timer) clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      const usage = monitor?.stop() ?? { cpuSeconds: 0, peakMemoryBytes: 0, processes: 0 };
      // Alone in this process, the growth of our reaped-children time is the command's
      // exact total (orphans re-parented elsewhere aside): take it when it is larger.
      const reapedAfter = reapedChildrenSeconds();
      const exact = aloneAtStart && starts === myStart && reapedBefore !== null && reapedAfter !== null ? reapedAfter - reapedBefore : 0;
      finish();
      resolve({
        exitCode: code,
        signal,
        timedOut,
        aborted,
        startedAt,
        endedAt,
        wallSeconds: (performance.now() - started) / 1000,
        cpuSeconds: Math.max(usage.cpuSeconds, exact),
        peakMemoryBytes: usage.peakMemoryBytes,
        tail: tail.finish(),
      });
    });
  });
}
