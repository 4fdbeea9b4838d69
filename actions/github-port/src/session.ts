// The run's GitHub session, opened once per action: the token from the `github-token`
// input (masked at once, never logged), the context from the runner's event payload.
import { existsSync, readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { type GitHubNotice, type GitHubPort, type RunContext, runContextFrom } from '@pipewright/core/github';
import { OctokitPort } from './octokit-port.ts';

export interface GitHubSession {
  context: RunContext;
  /** Undefined when there is no token or no repository: results stay in the job summary. */
  port: GitHubPort | undefined;
}

let session: GitHubSession | undefined;

function eventPayload(): unknown {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    core.notice(`The event payload at GITHUB_EVENT_PATH is not JSON; publishing to GitHub without it.`);
    return {};
  }
}

/** Opens the session once; later calls return the same one. */
export function gitHubSession(): GitHubSession {
  if (session) return session;
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  const context = runContextFrom(process.env, eventPayload());
  let port: GitHubPort | undefined;
  if (!token) core.info('No github-token: no check run, PR report or event; the results are in the job summary.');
  else if (!context.owner || !context.repo || !context.headSha) core.info('No GITHUB_REPOSITORY or commit: nothing is published to GitHub; the results are in the job summary.');
  else port = new OctokitPort({ token, owner: context.owner, repo: context.repo, baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com' });
  session = { context, port };
  return session;
}

/** Prints notices as the runner shows them: info in the log, notices and warnings as annotations. */
export function announce(notices: GitHubNotice[]): void {
  for (const n of notices) {
    if (n.level === 'warning') core.warning(n.message);
    else if (n.level === 'notice') core.notice(n.message);
    else core.info(n.message);
  }
}
