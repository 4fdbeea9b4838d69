// The `run` provider: a command (argv, never a shell) in its own process group. Exit 0
// passes and non-zero fails; when its last output line is a number, `min`/`max` judge that
// number. A command that outlives the metric's `timeout` has its whole process group killed
// and the measurement is INCONCLUSIVE (Argo counts a provider error as an error, not a
// failure): a hanging check says nothing about the canary, and inconclusive never promotes.
import { spawn } from 'node:child_process';
import { renderCommand } from '../../spec/template.ts';
import type { AnalysisContext } from '../types.ts';
import { formatNumber } from './compare.ts';
import { checkBounds, type Reading, templateContext } from './measure.ts';
import type { ResolvedMetric } from './spec.ts';

const KEEP_OUTPUT = 64 * 1024;
/** After SIGTERM, how long the group has before SIGKILL. */
const TERM_GRACE_MS = 1_000;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^[-+]?(?:NaN|Inf|Infinity)$/;

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export async function measureRun(metric: ResolvedMetric, ctx: AnalysisContext): Promise<Reading> {
  const argv = renderCommand(metric.spec.run!, templateContext(ctx, 'canary'));
  const shown = argv[0]!;
  const env = {
    ...ctx.env,
    PIPEWRIGHT_METRIC: metric.name,
    PIPEWRIGHT_CANARY_VERSION: ctx.canaryVersion,
    PIPEWRIGHT_STABLE_VERSION: ctx.stableVersion ?? '',
    PIPEWRIGHT_CANARY_WEIGHT: String(ctx.weight),
  };
  return new Promise<Reading>((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: ctx.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stoppedBy: 'timeout' | 'abort' | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-KEEP_OUTPUT);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-KEEP_OUTPUT);
    });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'abort') => {
      if (stoppedBy || child.pid === undefined || child.exitCode !== null) return;
      stoppedBy = why;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), TERM_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), metric.timeoutMs);
    const onAbort = () => stop('abort');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const finish = (reading: Reading) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(reading);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      finish({ value: null, verdict: 'inconclusive', detail: `cannot start '${shown}': ${error.code ?? error.message}` });
    });
    child.once('close', (code, signal) => {
      if (stoppedBy === 'timeout') {
        return finish({ value: null, verdict: 'inconclusive', detail: `'${shown}' did not finish within ${metric.timeoutMs} ms: its process group was killed` });
      }
      if (stoppedBy === 'abort') return finish({ value: null, verdict: 'inconclusive', detail: `'${shown}' stopped: the analysis was aborted` });
      if (code !== 0) {
        const why = signal ? `was killed by ${signal}` : `exited ${code}`;
        const said = lastLine(stderr) || lastLine(stdout);
        return finish({ value: null, verdict: 'fail', detail: `'${shown}' ${why}${said ? `: ${said.slice(0, 200)}` : ''}` });
      }
      const line = lastLine(stdout);
      const bounded = metric.spec.min !== undefined || metric.spec.max !== undefined;
      if (!NUMBER.test(line)) {
        if (bounded) return finish({ value: null, verdict: 'inconclusive', detail: `'${shown}' exited 0 but its last output line is not a number for min/max: '${line.slice(0, 120)}'` });
        return finish({ value: null, verdict: 'pass', detail: `'${shown}' exited 0` });
      }
      const value = Number(line.replace(/^([-+]?)Inf$/, '$1Infinity'));
      if (Number.isNaN(value)) return finish({ value: null, verdict: 'inconclusive', detail: `'${shown}' printed NaN` });
      finish(checkBounds(metric, value, formatNumber(value)));
    });
  });
}
