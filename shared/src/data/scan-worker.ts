// Worker-thread entry: runs CSV range tasks and posts plain results back
// (hash tables are transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { type CsvRangeTask, runCsvRange } from './csv-range.ts';

const port = parentPort;
if (port) {
  port.on('message', (task: CsvRangeTask) => {
    try {
      const result = runCsvRange(task, (bytes) => port.postMessage({ kind: 'progress', bytes }));
      const transfer: ArrayBuffer[] = [];
      for (const c of result.columns) if (c.uniqueSlots) transfer.push(c.uniqueSlots.buffer as ArrayBuffer);
      if (result.duplicateSlots) transfer.push(result.duplicateSlots.buffer as ArrayBuffer);
      port.postMessage({ kind: 'result', result }, transfer);
    } catch (error) {
      port.postMessage({ kind: 'crash', message: (error as Error)?.stack ?? String(error) });
    }
  });
}
