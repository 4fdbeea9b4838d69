// How `run` and `demo` show pipeline steps on a terminal.
import type { StepResult } from '@pipewright/core/pipeline';
import type { CommandIO } from './command.ts';

const MARK: Record<StepResult['status'], string> = { running: '…', passed: '✓', failed: '✗', skipped: '-' };

/** Prints each step as it ends; on a TTY a `…` line shows the step that is running. */
export function stepPrinter(io: CommandIO): (step: StepResult) => void {
  const tty = Boolean(io.stdout.isTTY);
  return (step) => {
    if (step.status === 'running') {
      if (tty) io.stdout.write(`${MARK.running} ${step.step}\r`);
      return;
    }
    const time = step.status === 'skipped' ? '' : ` (${step.seconds.toFixed(2)} s)`;
    io.stdout.write(`${tty ? '\x1b[2K' : ''}${MARK[step.status]} ${step.step.padEnd(9)} ${step.summary}${time}\n`);
  };
}
