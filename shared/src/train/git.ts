// The git commit and dirty flag of the workspace, asked of git itself (argv, no shell).
import { execFile } from 'node:child_process';

function git(args: string[], cwd: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout));
  });
}

/** `{commit: null, dirty: null}` outside a git repository or without git. */
export async function gitState(cwd: string): Promise<{ commit: string | null; dirty: boolean | null }> {
  const head = await git(['rev-parse', 'HEAD'], cwd);
  if (head === null) return { commit: null, dirty: null };
  const status = await git(['status', '--porcelain', '--untracked-files=normal'], cwd);
  return { commit: head.trim(), dirty: status === null ? null : status.trim() !== '' };
}
