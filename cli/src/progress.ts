// A terminal progress bar on stderr, drawn only on a TTY and at most ~10 times a second.
import type { ProgressReporter } from '@pipewright/core/report';
import { silentProgress } from '@pipewright/core/report';
import type { CommandIO } from './command.ts';
import { formatBytes } from './format.ts';

/** A bar for byte counts (`done`/`total` in bytes) when stderr is a TTY; silent otherwise. */
export function terminalProgress(io: CommandIO): ProgressReporter {
  if (!io.stderr.isTTY) return silentProgress;
  let last = 0;
  let drawn = false;
  const started = Date.now();
  return {
    update(done, total, label) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const rate = done / Math.max((now - started) / 1000, 0.001);
      let line: string;
      if (total && total > 0) {
        const share = Math.min(done / total, 1);
        const width = 30;
        const filled = Math.round(share * width);
        line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0)}% ${formatBytes(done)}/${formatBytes(total)} ${formatBytes(rate)}/s`;
      } else {
        line = `${label} ${formatBytes(done)} ${formatBytes(rate)}/s`;
      }
      io.stderr.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
