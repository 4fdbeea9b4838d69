// The artifact directory's manifest and digest: sha256 over a sorted list of
// `<sha256>  <bytes>  <path>` lines, one per regular file, so that equal trees hash equal.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { RecordedFile } from './run-record.ts';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    // Symlinks are left out on purpose: they could point outside the artifact.
    else if (entry.isFile()) out.push(full);
  }
}

/** Lists and hashes every regular file under `dir`; paths are relative, with `/`. */
export async function artifactManifest(dir: string): Promise<{ digest: string; files: RecordedFile[] }> {
  const paths: string[] = [];
  const info = await lstat(dir);
  if (info.isFile()) paths.push(dir);
  else await walk(dir, dir, paths);
  const files: RecordedFile[] = [];
  for (const full of paths) {
    const rel = info.isFile() ? (full.split(sep).pop() ?? full) : relative(dir, full).split(sep).join('/');
    files.push({ path: rel, sha256: await sha256File(full), bytes: (await lstat(full)).size });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = files.map((f) => `${f.sha256}  ${f.bytes}  ${f.path}\n`).join('');
  return { digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`, files };
}
