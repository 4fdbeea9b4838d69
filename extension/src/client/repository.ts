// Which GitHub repository and branch the workspace is: `owner/name` from the `origin` remote
// (or the setting), the branch from HEAD. git runs with argv, never through a shell.
import { execFile } from 'node:child_process';

/** `owner/name` from a remote URL of github.com or a GHES host (https, ssh, scp-like). */
export function repositoryFromRemote(url: string): string | null {
  const match = /^(?:https?:\/\/(?:[^@/]+@)?[^/]+\/|ssh:\/\/(?:[^@/]+@)?[^/]+\/|[^@/:]+@[^:/]+:)([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : null;
}

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 5000 }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
}

export interface WorkspaceRepository {
  repository: string | null;
  branch: string | null;
  /** Why the repository is unknown, for the view. */
  reason?: string;
}

export async function workspaceRepository(cwd: string, configured: string): Promise<WorkspaceRepository> {
  const branch = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  if (branch === null) return { repository: null, branch: null, reason: 'The workspace is not a git repository: no GitHub runs to show.' };
  const current = branch === 'HEAD' ? null : branch;
  if (configured) return { repository: configured, branch: current };
  const remote = await git(cwd, ['remote', 'get-url', 'origin']);
  const repository = remote ? repositoryFromRemote(remote) : null;
  if (!repository) return { repository: null, branch: current, reason: "No GitHub 'origin' remote: set pipewright.github.repository to owner/name." };
  return { repository, branch: current };
}
