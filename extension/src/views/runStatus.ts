// The run status model: GitHub workflow runs of the current branch and the local run records,
// refreshed on focus, on a timer and when run files change; feeds the tree and the status bar.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { GitHubRequestError, GitHubRunsClient, type GitHubProblem } from '../client/github-runs.ts';
import { readLocalRuns } from '../client/local-runs.ts';
import { workspaceRepository } from '../client/repository.ts';
import type { GitHubSection, RunTreeInput } from '../client/run-tree.ts';
import type { Session } from '../session.ts';
import { RefreshingModel } from './refreshingModel.ts';

export class RunStatus extends RefreshingModel<RunTreeInput> {
  private client: GitHubRunsClient | undefined;
  private lastGood: GitHubSection | undefined;

  constructor(private readonly session: Session) {
    super({ github: { state: 'no-repository', reason: 'Looking for the repository…' }, local: [] });
  }

  private githubClient(): GitHubRunsClient {
    const apiUrl = vscode.workspace.getConfiguration('pipewright').get<string>('github.apiUrl') || 'https://api.github.com';
    if (this.client?.apiUrl !== apiUrl.replace(/\/+$/, '')) {
      this.client = new GitHubRunsClient({ apiUrl, token: () => this.session.githubToken() });
      this.lastGood = undefined;
    }
    return this.client;
  }

  protected async compute(): Promise<RunTreeInput> {
    const spec = await this.session.spec();
    if (!spec) return { noSpec: true, github: { state: 'no-repository', reason: 'No pipewright.yaml in this workspace.' }, local: [] };
    const dir = dirname(spec.fsPath);
    const local = await readLocalRuns(dir).catch((error: Error) => ({ runs: [], unreadable: [{ file: dir, reason: `cannot read local runs: ${error.message}` }] }));
    const github = await this.loadGitHub(dir);
    return { github, local: local.runs, unreadable: local.unreadable };
  }

  private async loadGitHub(dir: string): Promise<GitHubSection> {
    const configured = vscode.workspace.getConfiguration('pipewright').get<string>('github.repository') ?? '';
    const { repository, branch, reason } = await workspaceRepository(dir, configured.trim());
    if (!repository || !branch) return { state: 'no-repository', reason: reason ?? 'Detached HEAD: no branch to show runs for.' };
    try {
      const runs = await this.githubClient().branchRuns(repository, branch);
      this.lastGood = { state: 'runs', runs };
      return this.lastGood;
    } catch (error) {
      const problem: GitHubProblem =
        error instanceof GitHubRequestError ? error.problem : { kind: 'network', key: `error-${(error as Error).message}`, message: (error as Error).message };
      this.session.output.appendLine(`GitHub: ${problem.message}`);
      this.session.notifyOnce(`github-${problem.key}`, 'warning', problem.message);
      // Keep showing what we knew, under the problem.
      if (this.lastGood?.state === 'runs' && this.lastGood.runs.repository === repository && this.lastGood.runs.branch === branch) {
        return { state: 'runs', runs: this.lastGood.runs, problem };
      }
      return { state: 'problem', problem, repository, branch };
    }
  }
}
