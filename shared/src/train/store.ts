// Saves run records: `.pipewright/runs/<run-id>.json` in the workspace, written atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunRecord } from './run-record.ts';

/** Writes `text` to a temp file beside `path` and renames it over, so readers never see half a file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Where a workspace's run records live. */
export function runRecordsDir(workspace: string): string {
  return join(workspace, '.pipewright', 'runs');
}

export function runRecordPath(workspace: string, runId: string): string {
  return join(runRecordsDir(workspace), `${runId}.json`);
}

/** Saves the record under the workspace (and to `extra` paths); returns where it went. */
export async function saveRunRecord(workspace: string, record: RunRecord, extra: string[] = []): Promise<string[]> {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  const paths = [runRecordPath(workspace, record.run_id), ...extra];
  for (const path of paths) await writeFileAtomic(path, text);
  return paths;
}
