// A lockfile (O_EXCL create, holder pid inside) that serialises writers of one layout,
// recovering a lock whose holder died (SIGKILL, power loss on the same host).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { RegistryLockError } from './errors.ts';

export interface LockOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/** A holder on this host whose process is gone; a half-written lock older than 10 s counts too. */
async function isStale(path: string): Promise<boolean> {
  const holder = await readHolder(path);
  if (holder && typeof holder.pid === 'number') return holder.host === hostname() && !alive(holder.pid);
  try {
    return Date.now() - (await stat(path)).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

/** Removes a stale lock; the rename makes sure two recoverers never both remove a fresh one. */
async function breakStale(path: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  // Another recoverer may have renamed the stale lock first and a new holder may have taken
  // the path; what we moved aside is then a live lock: put it back if the path is still free.
  if (!(await isStale(aside))) {
    try {
      const handle = await open(path, 'wx');
      await handle.close();
      await rename(aside, path);
      return;
    } catch {
      // The path is taken again: the live holder we displaced will see its lock gone at release.
    }
  }
  await unlink(aside).catch(() => {});
}

/** Takes the lock at `path`, runs `work`, releases it. Waits with backoff for another holder. */
export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const holder: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  let delay = 5;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(holder));
        await handle.sync();
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(path)) {
      await breakStale(path);
      continue;
    }
    if (Date.now() > deadline) {
      const other = await readHolder(path);
      throw new RegistryLockError(`registry lock '${path}' is held by pid ${other?.pid ?? '?'} on ${other?.host ?? '?'}; waited ${options.timeoutMs ?? 60_000} ms`);
    }
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await work();
  } finally {
    const current = await readHolder(path);
    if (current?.token === holder.token) await unlink(path).catch(() => {});
  }
}
