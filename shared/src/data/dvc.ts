// DVC interop: when `<path>.dvc` exists beside a dataset, compare its recorded md5 with
// the data. A file's md5 is of its bytes; a directory's is `<md5>.dir`, the md5 of DVC's
// JSON listing `[{"md5": ..., "relpath": ...}, ...]` (sorted by relpath, Python's
// json.dumps with sort_keys).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { excerpt, InputError } from '../errors.ts';
import { hashFile } from './fingerprint.ts';

export interface DvcCheck {
  /** The .dvc file, relative to the workspace. */
  file: string;
  /** md5 the .dvc file records (`….dir` for a directory). */
  expected: string;
  actual: string;
  matches: boolean;
}

export interface DvcExpectation {
  dvcFile: string;
  md5: string;
  directory: boolean;
}

/** Reads `<absolute>.dvc` when it exists. */
export function readDvcFile(absolute: string, workspace: string): DvcExpectation | null {
  const dvcFile = `${absolute}.dvc`;
  if (!existsSync(dvcFile)) return null;
  const rel = relative(workspace, dvcFile);
  let doc: unknown;
  try {
    doc = parse(readFileSync(dvcFile, 'utf8'));
  } catch (error) {
    throw new InputError('dvc', `cannot parse ${rel}: ${excerpt((error as Error).message)}`, { file: rel }, error);
  }
  const outs = (doc as { outs?: Array<{ md5?: unknown }> } | null)?.outs;
  const md5 = outs?.[0]?.md5;
  if (typeof md5 !== 'string') throw new InputError('dvc', `${rel}: expected outs[0].md5, found none`, { file: rel });
  return { dvcFile: rel, md5, directory: md5.endsWith('.dir') };
}

function pythonJson(value: string): string {
  // json.dumps escapes every non-ASCII character.
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** DVC's `.dir` md5 of a directory, reusing md5s already computed for some files. */
export async function dvcDirectoryMd5(dir: string, known: Map<string, string>): Promise<string> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== '.dvc') walk(full);
      } else if (entry.isFile() && entry.name !== '.gitignore' && !entry.name.endsWith('.dvc')) files.push(full);
    }
  };
  walk(dir);
  const entries: Array<{ md5: string; relpath: string }> = [];
  for (const full of files) {
    let md5 = known.get(full);
    if (md5 === undefined) {
      const h = createHash('md5');
      await hashFile(full, { extra: [h] });
      md5 = h.digest('hex');
    }
    entries.push({ md5, relpath: relative(dir, full).split(sep).join('/') });
  }
  entries.sort((a, b) => (a.relpath < b.relpath ? -1 : a.relpath > b.relpath ? 1 : 0));
  const listing = `[${entries.map((e) => `{"md5": ${pythonJson(e.md5)}, "relpath": ${pythonJson(e.relpath)}}`).join(', ')}]`;
  return `${createHash('md5').update(listing).digest('hex')}.dir`;
}
