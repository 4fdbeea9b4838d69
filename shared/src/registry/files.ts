// Lists the files of a model artifact directory as relative POSIX paths, and keeps pulled
// paths inside the output directory.
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { RegistryCorruptError, RegistryInputError } from './errors.ts';

export interface ArtifactFile {
  /** Relative POSIX path, e.g. `model/weights.bin`. */
  path: string;
  absolute: string;
  size: number;
}

/** Every regular file under `dir` (symlinks followed), sorted by path. */
export async function listArtifactFiles(dir: string): Promise<ArtifactFile[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch {
    throw new RegistryInputError('registry-artifact', `artifact directory '${dir}' does not exist`);
  }
  if (info.isFile()) return [{ path: dir.split(sep).pop()!, absolute: dir, size: info.size }];
  const files: ArtifactFile[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const name of (await readdir(current)).sort()) {
      const absolute = join(current, name);
      const entry = await stat(absolute);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) files.push({ path: relative(dir, absolute).split(sep).join('/'), absolute, size: entry.size });
    }
  };
  await walk(dir);
  if (files.length === 0) throw new RegistryInputError('registry-artifact', `artifact directory '${dir}' holds no files: nothing to push`);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The place of layer `title` under `outDir`; a title that would escape it is refused. */
export function safeJoin(outDir: string, title: string): string {
  const normal = normalize(title);
  if (title === '' || isAbsolute(title) || normal.startsWith('..') || normal.split(sep).includes('..')) {
    throw new RegistryCorruptError(`layer title '${title}' is not a relative path inside the artifact`);
  }
  return join(outDir, normal);
}
