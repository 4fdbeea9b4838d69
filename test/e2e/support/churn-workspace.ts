// The workspace the end-to-end test opens: a copy of examples/churn in a git repository whose
// origin is a GitHub repository, with two local pipeline runs (so two model versions).
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const CLI = join(root, 'cli/dist/pipewright.js');

export function prepareChurnWorkspace(dir: string, repository: string): void {
  cpSync(join(root, 'examples/churn'), dir, {
    recursive: true,
    filter: (source) => !/[\\/](\.pipewright|model|build|__pycache__)$/.test(source),
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Pipewright test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', 'start');
  git('add', '.');
  git('-c', 'user.name=Pipewright test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'The churn example');
  git('remote', 'add', 'origin', `https://github.com/${repository}.git`);
  // Two runs of the whole pipeline: two run records, versions v1 and v2, v2 the champion.
  for (let i = 0; i < 2; i++) execFileSync(process.execPath, [CLI, 'run', 'pipewright.yaml'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
}
