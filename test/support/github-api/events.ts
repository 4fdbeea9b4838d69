// Realistic event payloads (the fields GitHub sends, trimmed) written where GITHUB_EVENT_PATH
// points, with the environment the runner sets for each event.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = { id: 1296269, node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5', name: 'churn', full_name: 'acme/churn', private: false, owner: { login: 'acme', id: 1, type: 'Organization' }, default_branch: 'main' };
const SENDER = { login: 'octocat', id: 583231, type: 'User' };

export const HEAD_SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
export const MERGE_SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';

export interface PullRequestEvent {
  number?: number;
  title?: string;
  headRef?: string;
  headSha?: string;
  /** The head branch's repository: another one makes it a fork PR. */
  headRepo?: string;
  action?: 'opened' | 'synchronize' | 'reopened';
}

export function pullRequestPayload(options: PullRequestEvent = {}): Record<string, unknown> {
  const number = options.number ?? 7;
  const headRepo = options.headRepo ?? 'acme/churn';
  return {
    action: options.action ?? 'opened',
    number,
    pull_request: {
      url: `https://api.github.com/repos/acme/churn/pulls/${number}`,
      id: 1,
      number,
      state: 'open',
      title: options.title ?? 'Retrain with March data',
      user: SENDER,
      body: null,
      draft: false,
      head: { label: `${headRepo.split('/')[0]}:${options.headRef ?? 'feature/march'}`, ref: options.headRef ?? 'feature/march', sha: options.headSha ?? HEAD_SHA, repo: { ...REPO, full_name: headRepo, fork: headRepo !== 'acme/churn' } },
      base: { label: 'acme:main', ref: 'main', sha: '9049f1265b7d61be4a8904a9a27120d2064dab3b', repo: REPO },
      merge_commit_sha: MERGE_SHA,
    },
    repository: REPO,
    sender: SENDER,
  };
}

export function pushPayload(after = HEAD_SHA): Record<string, unknown> {
  return { ref: 'refs/heads/main', before: '9049f1265b7d61be4a8904a9a27120d2064dab3b', after, created: false, deleted: false, forced: false, commits: [], head_commit: { id: after, message: 'Retrain', timestamp: '2026-12-07T10:00:00Z' }, repository: REPO, pusher: { name: 'octocat' }, sender: SENDER };
}

export function repositoryDispatchPayload(action: string, clientPayload: Record<string, unknown>): Record<string, unknown> {
  return { action, branch: 'main', client_payload: clientPayload, repository: REPO, sender: SENDER };
}

/** A scheduled run's payload is only the cron line. */
export function schedulePayload(cron = '0 6 * * *'): Record<string, unknown> {
  return { schedule: cron };
}

/** Writes `payload` and returns the runner's variables for `eventName`. */
export function eventEnv(eventName: string, payload: Record<string, unknown>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-event-'));
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  const pr = payload.pull_request as { number: number } | undefined;
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_SHA: pr ? MERGE_SHA : HEAD_SHA,
    GITHUB_REF: pr ? `refs/pull/${pr.number}/merge` : 'refs/heads/main',
  };
}
