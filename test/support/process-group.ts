// Child processes for tests, each in its own process group so that stopping one also ends
// whatever it started (workers, watchers). The core's model server (shared/src/deploy/
// targets/local-serve.ts) does the same for deploys; tests use this copy.
import { type ChildProcess, spawn } from 'node:child_process';

export interface Child {
  child: ChildProcess;
  /** The last `keep` characters of stdout and stderr together. */
  output(): string;
}

/** Starts `command` detached (its own group) with stdout and stderr captured. */
export function startGroup(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}, keep = 40_000): Child {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keep);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, output: () => output };
}

/** Sends `signal` to the child's whole group, SIGKILL after 5 s, and waits until the child exits. */
export async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
