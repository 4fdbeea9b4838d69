// The command runner against real child processes: measurement, logs, timeout, errors.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../shared/src/train/runner.ts';

const fixtures = resolve(import.meta.dirname, '../../fixtures/train');
const python = '/usr/bin/python3';
const env = { PATH: process.env.PATH ?? '' };

/** Running, not a zombie: in a container nothing may reap an orphan that was killed. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('runCommand', () => {
  it('measures the peak memory of a grandchild within 20%', async () => {
    const outcome = await runCommand([python, join(fixtures, 'allocate_in_grandchild.py'), '200'], { cwd: fixtures, env });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.tail).toContain('200 MB held');
    const mb = outcome.peakMemoryBytes / (1024 * 1024);
    expect(mb).toBeGreaterThan(200 * 0.8);
    expect(mb).toBeLessThan(200 * 1.2);
  });

  it('counts the CPU time of a child that burns a core', async () => {
    const outcome = await runCommand([python, join(fixtures, 'burn_cpu.py'), '1.5'], { cwd: fixtures, env });
    expect(outcome.exitCode).toBe(0);
    // What the burner itself used, by its own clock: the measurement must match it.
    const own = Number(/^cpu (\S+)$/m.exec(outcome.tail.join('\n'))![1]);
    expect(own).toBeGreaterThanOrEqual(1.5);
    expect(outcome.cpuSeconds).toBeGreaterThan(own * 0.95);
    expect(outcome.cpuSeconds).toBeLessThan(own + 0.3);
    // A burner is on a CPU all the time it is not waiting for one: on a busy machine the
    // wall clock also counts the time both processes sat in the run queue.
    const waited = [...outcome.tail.join('\n').matchAll(/^waited (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(outcome.cpuSeconds).toBeGreaterThan(0.8 * (outcome.wallSeconds - waited));
  });

  it('passes output through and keeps only the last 50 lines', async () => {
    const chunks: string[] = [];
    const outcome = await runCommand([python, '-c', 'import sys\nfor i in range(120): print("line", i, flush=True)\nprint("oops", file=sys.stderr)\nsys.exit(3)'], {
      cwd: fixtures,
      env,
      onOutput: (_stream, chunk) => chunks.push(chunk.toString()),
    });
    expect(outcome.exitCode).toBe(3);
    expect(chunks.join('')).toContain('line 0\n');
    expect(outcome.tail).toHaveLength(50);
    expect(outcome.tail).toContain('oops');
    expect(outcome.tail).not.toContain('line 0');
    expect(outcome.tail).toContain('line 119');
  });

  it('kills the whole process group on timeout, grandchildren included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-train-'));
    const pidFile = join(dir, 'grandchild.pid');
    const outcome = await runCommand([python, join(fixtures, 'sleep_tree.py'), pidFile], { cwd: dir, env, timeoutMs: 1_000, killGraceMs: 500 });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.signal).toBe('SIGTERM');
    expect(outcome.wallSeconds).toBeLessThan(5);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(alive(grandchild)).toBe(false);
  });

  it('stops with SIGKILL a command that ignores SIGTERM', async () => {
    const outcome = await runCommand([python, '-c', 'import signal,time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("ready", flush=True)\ntime.sleep(600)'], {
      cwd: fixtures,
      env,
      timeoutMs: 500,
      killGraceMs: 300,
    });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.signal).toBe('SIGKILL');
  });

  it('stops the whole tree when the caller aborts (SIGINT at the command line)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-train-'));
    const pidFile = join(dir, 'grandchild.pid');
    const controller = new AbortController();
    const outcome = await runCommand([python, join(fixtures, 'sleep_tree.py'), pidFile], {
      cwd: dir,
      env,
      signal: controller.signal,
      killGraceMs: 500,
      onOutput: (_stream, chunk) => {
        if (chunk.toString().includes('started grandchild')) controller.abort();
      },
    });
    expect(outcome).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('rejects a command that does not exist with a clear error', async () => {
    await expect(runCommand(['no-such-trainer-xyz', '--fast'], { cwd: fixtures, env })).rejects.toThrow(/train command 'no-such-trainer-xyz' not found/);
  });
});
