// The local runs: the run records `pipewright train` and `pipewright run` save under
// `.pipewright/runs/<run-id>.json` beside the spec, newest first.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunRecord, type RunRecord, runRecordsDir } from '@pipewright/core/train';

export interface LocalRuns {
  runs: RunRecord[];
  /** Files that are not run records (half-written by hand, another schema): named, not fatal. */
  unreadable: Array<{ file: string; reason: string }>;
}

/** The newest `limit` run records of the workspace whose spec lives in `specDir`. */
export async function readLocalRuns(specDir: string, limit = 20): Promise<LocalRuns> {
  const dir = runRecordsDir(specDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], unreadable: [] };
    throw error;
  }
  // Run ids start with their UTC start time, so the name order is the time order.
  const newest = names.filter((n) => n.endsWith('.json')).sort().reverse().slice(0, limit);
  const runs: RunRecord[] = [];
  const unreadable: LocalRuns['unreadable'] = [];
  for (const name of newest) {
    const file = join(dir, name);
    try {
      runs.push(parseRunRecord(await readFile(file, 'utf8'), file));
    } catch (error) {
      unreadable.push({ file, reason: (error as Error).message });
    }
  }
  return { runs, unreadable };
}
