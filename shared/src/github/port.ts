// The GitHub port: the few REST operations Pipewright needs, as an interface. Each host
// implements it once (the actions on @actions/github); the core only calls it.
import type { CheckAnnotation, CheckRunInput, CommitStatusInput, Issue, IssueComment } from './types.ts';

export interface GitHubPort {
  /** Creates a completed check run; annotations past GitHub's 50 per request are sent by `addCheckAnnotations`. */
  createCheckRun(input: CheckRunInput): Promise<{ id: number; url: string }>;
  addCheckAnnotations(checkRunId: number, output: { title: string; summary: string; annotations: CheckAnnotation[] }): Promise<void>;
  createCommitStatus(input: CommitStatusInput): Promise<void>;
  /** The comments of an issue or pull request, page after page, oldest first. */
  listComments(issueNumber: number): AsyncIterable<IssueComment>;
  createComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateComment(commentId: number, body: string): Promise<IssueComment>;
  deleteComment(commentId: number): Promise<void>;
  /** Open issues (pull requests left out) carrying `label`. */
  listOpenIssues(label: string): Promise<Issue[]>;
  createIssue(input: { title: string; body: string; labels: string[] }): Promise<Issue>;
  updateIssue(issueNumber: number, change: { title?: string; body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'not_planned' }): Promise<Issue>;
  /** `repository_dispatch`: starts the workflows listening for `eventType`. */
  dispatch(eventType: string, payload: Record<string, unknown>): Promise<void>;
}
