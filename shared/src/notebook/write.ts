// Writes a conversion plan: every file to a temporary name first, then renamed into place,
// and never over a file the user edited since the last conversion (unless forced).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { InputError, PipewrightError } from '../errors.ts';
import { commitTemp, tempName, writeFileAtomic } from '../registry/fsio.ts';
import { resolveInWorkspace } from '../workspace/index.ts';
import type { ConversionPlan } from './types.ts';

export const MANIFEST = '.pipewright-manifest.json';

/** Files in the output directory that were edited (or not written by a conversion) and would be replaced. */
export class EditedFilesError extends PipewrightError {
  constructor(readonly files: string[], outDir: string) {
    super('notebook-edited-files', `expected to replace only files the last conversion wrote unchanged, found ${files.length} edited or foreign file${files.length === 1 ? '' : 's'} in ${outDir}: ${files.join(', ')}; nothing was written (use --force to overwrite them)`, { exitCode: 2 });
  }
}

export interface WriteOptions {
  /** Absolute or workspace-relative output directory. */
  outDir: string;
  workspace: string;
  force?: boolean;
}

export interface WriteResult {
  written: string[];
  unchanged: string[];
  /** Files of an earlier conversion that the plan no longer has. */
  removed: string[];
  /** Such files that were edited since: left in place. */
  kept: string[];
  specWritten: boolean;
}

const sha256 = (text: string | Buffer) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readManifest(outDir: string): Promise<Record<string, string>> {
  const bytes = await readIfExists(join(outDir, MANIFEST));
  if (!bytes) return {};
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { files?: Record<string, string> };
    return parsed.files ?? {};
  } catch {
    return {};
  }
}

/** The manifest a plan's files give: the hash of each file, so later runs can tell edits apart. */
export function manifestFor(plan: ConversionPlan): string {
  const files = Object.fromEntries(Object.entries(plan.files).map(([path, content]) => [path, sha256(content)]));
  return `${JSON.stringify({ generator: 'pipewright notebook convert', stages: plan.stages.map((s) => s.name), files }, null, 2)}\n`;
}

/** Writes the plan into the output directory (and the spec, when the plan carries one). */
export async function writeConversionPlan(plan: ConversionPlan, options: WriteOptions): Promise<WriteResult> {
  const outDir = resolveInWorkspace(options.workspace, options.outDir);
  const shown = relative(options.workspace, outDir) || '.';
  const existing = await stat(outDir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new InputError('notebook-out-unwritable', `expected a directory at ${shown}, found a file; nothing was written`, { file: shown });
  const manifest = await readManifest(outDir);
  const result: WriteResult = { written: [], unchanged: [], removed: [], kept: [], specWritten: false };
  const conflicts: string[] = [];
  const toWrite: Array<[string, string]> = [];
  for (const [path, content] of Object.entries(plan.files)) {
    const current = await readIfExists(join(outDir, path));
    if (current === undefined) toWrite.push([path, content]);
    else if (current.toString('utf8') === content) result.unchanged.push(path);
    else if (manifest[path] === sha256(current) || options.force) toWrite.push([path, content]);
    else conflicts.push(path);
  }
  const stale: string[] = [];
  for (const [path, hash] of Object.entries(manifest)) {
    if (path in plan.files) continue;
    const current = await readIfExists(join(outDir, path));
    if (current === undefined) continue;
    if (sha256(current) === hash) stale.push(path);
    else result.kept.push(path);
  }
  if (conflicts.length > 0) throw new EditedFilesError(conflicts, shown);
  // Write every file under a temporary name before renaming any into place.
  const temps: Array<[string, string]> = [];
  try {
    for (const [path, content] of toWrite) {
      const target = join(outDir, path);
      await mkdir(dirname(target), { recursive: true });
      const temp = tempName(dirname(target), 'notebook');
      await writeFile(temp, content);
      temps.push([temp, target]);
    }
  } catch (error) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC') {
      throw new InputError('notebook-out-unwritable', `expected a writable directory at ${shown}, found ${code}; nothing was written`, { file: shown }, error);
    }
    throw error;
  }
  for (const [temp, target] of temps) await commitTemp(temp, target);
  result.written = toWrite.map(([p]) => p);
  for (const path of stale) {
    await unlink(join(outDir, path));
    result.removed.push(path);
  }
  await writeFileAtomic(join(outDir, MANIFEST), Buffer.from(manifestFor(plan)));
  if (plan.spec?.changed) {
    await writeFileAtomic(resolveInWorkspace(options.workspace, plan.spec.path), Buffer.from(plan.spec.content));
    result.specWritten = true;
  }
  return result;
}
