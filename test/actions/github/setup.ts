// Shared setup for the actions-against-GitHub tests: the loopback API, a workspace, and a
// step runner that passes the token, the API URL and an event payload as the runner does.
import { expect } from 'vitest';
import { type ActionRun, runActionAsync } from '../../support/action-runner.ts';
import { eventEnv } from '../../support/github-api/events.ts';
import type { GitHubApi } from '../../support/github-api/server.ts';

export const TOKEN = 'ghs_PipewrightLoopbackT0ken42';

/** Every run of a test, so the token check reads all their output. */
export const runs: ActionRun[] = [];

export async function step(api: GitHubApi, name: string, workspace: string, event: { name: string; payload: Record<string, unknown> }, inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runActionAsync(name, { workspace, inputs, env: { ...api.env(), GITHUB_TOKEN: TOKEN, ...eventEnv(event.name, event.payload), ...env } });
  runs.push(run);
  return run;
}

/** The token is masked (`::add-mask::` first) and appears nowhere else: stdout, stderr, summary, outputs. */
export function expectTokenNeverShown(all: ActionRun[]): void {
  expect(all.length).toBeGreaterThan(0);
  for (const run of all) {
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    const everything = [run.stdout.replaceAll(`::add-mask::${TOKEN}`, ''), run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
    expect(everything).not.toContain(TOKEN);
  }
}

export function notices(run: ActionRun, kind = 'notice'): string[] {
  return run.commands.filter((c) => c.command === kind).map((c) => c.message);
}

/** The PR report comments (ours: they carry the marker). */
export function reportComments(api: GitHubApi, pr: number) {
  return api.comments.filter((c) => c.issueNumber === pr && c.body.includes('<!-- pipewright:'));
}
