// The hooks of the tests that run actions against the loopback GitHub API: one API for the
// file, a fresh copy of the training workspace per test, recorded requests and faults reset
// before each test, every request checked against GitHub's description after it, and the
// token never shown in any run. `api` and `ws` are live bindings, set by the hooks.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { GitHubApi } from '../../support/github-api/server.ts';
import { PipelineWorkspace } from '../../support/pipeline-workspace.ts';
import { expectTokenNeverShown, runs, TOKEN } from './setup.ts';

export let api: GitHubApi;
export let ws: PipelineWorkspace;

export function useGitHubSuite(): void {
  beforeAll(async () => {
    api = await GitHubApi.start({ token: TOKEN });
  });
  afterAll(async () => {
    expectTokenNeverShown(runs);
    await api.close();
  });
  beforeEach(() => {
    ws = PipelineWorkspace.from('test/fixtures/train/workspace');
    for (const list of [api.comments, api.checkRuns, api.statuses, api.dispatches, api.requests]) list.length = 0;
    api.configure({ permissions: {}, faults: [] });
  });
  afterEach(() => {
    ws.cleanup();
    expect(api.violations).toEqual([]);
  });
}
