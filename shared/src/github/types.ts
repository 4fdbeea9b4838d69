// Plain data the GitHub port speaks: check runs, commit statuses, comments, issues and
// the run's context (repository, head commit, pull request), with no client behind it.

/** The pipeline stages that publish a check run. */
export type Stage = 'validate' | 'train' | 'promote' | 'deploy' | 'drift' | 'rollback';

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'skipped';

/** One annotation on a file of the repository (GitHub's check-run annotation). */
export interface CheckAnnotation {
  /** Relative to the repository root. */
  path: string;
  startLine: number;
  endLine: number;
  level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

/** What one stage has to say on a commit. */
export interface StageCheck {
  stage: Stage;
  /** Tells apart two checks of one stage, e.g. the dataset validated. */
  qualifier?: string;
  conclusion: CheckConclusion;
  /** One line: the verdict. */
  title: string;
  /** Markdown: the stage's report. */
  summary: string;
  /** Markdown: more detail (shown below the summary). */
  text?: string;
  annotations?: CheckAnnotation[];
}

export interface CheckRunInput {
  name: string;
  headSha: string;
  conclusion: CheckConclusion;
  detailsUrl?: string;
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

export interface CommitStatusInput {
  sha: string;
  state: 'success' | 'failure' | 'error' | 'pending';
  context: string;
  description: string;
  targetUrl?: string;
}

export interface IssueComment {
  id: number;
  body: string;
  /** `Bot` for github-actions[bot] and apps, `User` for people. */
  authorType: string;
  url: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  url: string;
}

export interface PullRequestInfo {
  number: number;
  title: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** The head branch lives in another repository: its GITHUB_TOKEN is read-only. */
  fromFork: boolean;
}

/** Where a run happens, read from the runner's environment and event payload. */
export interface RunContext {
  owner: string;
  repo: string;
  eventName: string;
  /** The commit checks attach to: a pull request's head, else the pushed commit. */
  headSha: string;
  ref: string;
  pullRequest: PullRequestInfo | undefined;
  /** Link to the workflow run, for check details and issues. */
  runUrl: string | undefined;
}

/** Something a person should read about what was and was not published. */
export interface GitHubNotice {
  level: 'info' | 'notice' | 'warning';
  message: string;
}
