// Builds the "Pipeline runs" tree: the branch's GitHub workflow runs with their Pipewright
// stages, and the local run records. Pure: the same input always gives the same nodes.
import type { RunRecord } from '@pipewright/core/train';
import type { BranchRuns, GitHubProblem, StageCheck, WorkflowRunStatus } from './github-runs.ts';
import { formatMetric, formatSeconds, outcomeIcon, outcomeOf, type ViewNode } from './view-node.ts';

/** What the GitHub section shows: runs, a reason there are none, or a problem. */
export type GitHubSection =
  | { state: 'runs'; runs: BranchRuns; problem?: GitHubProblem }
  | { state: 'no-repository'; reason: string }
  | { state: 'problem'; problem: GitHubProblem; repository: string; branch: string }
  | { state: 'loading'; repository: string; branch: string };

export interface RunTreeInput {
  /** No spec in the workspace: no nodes, so the view shows its welcome text instead. */
  noSpec?: boolean;
  github: GitHubSection;
  local: RunRecord[];
  /** Local records that could not be read, one line each. */
  unreadable?: Array<{ file: string; reason: string }>;
}

function stageNode(run: WorkflowRunStatus, stage: StageCheck): ViewNode {
  const outcome = outcomeOf(stage.status, stage.conclusion);
  const details = [outcome === 'running' || outcome === 'queued' ? stage.status.replace('_', ' ') : stage.conclusion ?? stage.status, formatSeconds(stage.seconds), stage.modelVersion ?? '']
    .filter(Boolean)
    .join(' · ');
  return {
    id: `github/${run.id}/${stage.name}`,
    label: stage.name,
    description: details,
    tooltip: `${stage.name}: ${details}`,
    icon: outcomeIcon(outcome),
    contextValue: stage.url ? 'github.check' : undefined,
    url: stage.url ?? undefined,
  };
}

function workflowRunNode(run: WorkflowRunStatus): ViewNode {
  const outcome = outcomeOf(run.status, run.conclusion);
  const version = run.stages.map((s) => s.modelVersion).find(Boolean);
  const description = [run.conclusion ?? run.status.replace('_', ' '), formatSeconds(run.seconds), version ?? '', run.event].filter(Boolean).join(' · ');
  return {
    id: `github/${run.id}`,
    label: run.title,
    description,
    tooltip: `${run.displayTitle}\n${run.headSha.slice(0, 7)} · ${run.created}\n${description}`,
    icon: outcomeIcon(outcome),
    contextValue: 'github.run',
    url: run.url,
    children: run.stages.map((s) => stageNode(run, s)),
    expanded: false,
  };
}

function messageNode(id: string, label: string, icon: string, command?: ViewNode['command']): ViewNode {
  return { id, label, tooltip: label, icon: { id: icon }, command, contextValue: 'message' };
}

const SIGN_IN = { id: 'pipewright.github.signIn', title: 'Sign in to GitHub', args: [] };

function problemNode(problem: GitHubProblem): ViewNode {
  const needsSignIn = problem.kind === 'unauthorized' || problem.kind === 'not-found' || problem.kind === 'forbidden' || problem.kind === 'rate-limited';
  return messageNode(`github/problem/${problem.key}`, problem.message, 'warning', needsSignIn ? SIGN_IN : undefined);
}

function githubNode(section: GitHubSection): ViewNode {
  const id = 'github';
  switch (section.state) {
    case 'no-repository':
      return { id, label: 'GitHub', description: 'no repository', icon: { id: 'github' }, children: [messageNode('github/none', section.reason, 'info')], expanded: true };
    case 'loading':
      return { id, label: 'GitHub', description: `${section.repository} · ${section.branch}`, icon: { id: 'github' }, children: [messageNode('github/loading', 'Loading…', 'loading~spin')], expanded: true };
    case 'problem':
      return { id, label: 'GitHub', description: `${section.repository} · ${section.branch}`, icon: { id: 'github' }, children: [problemNode(section.problem)], expanded: true };
    case 'runs': {
      const { runs } = section;
      const children = runs.runs.map(workflowRunNode);
      if (children.length === 0) children.push(messageNode('github/empty', `No workflow runs on ${runs.branch} yet`, 'info'));
      // A refresh that failed keeps the last known runs, under the problem.
      if (section.problem) children.unshift(problemNode(section.problem));
      return { id, label: 'GitHub', description: `${runs.repository} · ${runs.branch}`, icon: { id: 'github' }, children, expanded: true };
    }
  }
}

/** Metrics shown beside a local run: the first three, in the record's order. */
function metricSummary(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .slice(0, 3)
    .map(([k, v]) => `${k} ${formatMetric(v)}`)
    .join(', ');
}

/** A local run's details: its metrics, and for a failure the error and the last lines it printed. */
function localRunDetails(record: RunRecord): ViewNode[] {
  const id = `local/${record.run_id}`;
  const details: ViewNode[] = Object.entries(record.metrics).map(([name, value]) => ({ id: `${id}/metric/${name}`, label: name, description: formatMetric(value), icon: { id: 'graph-line' } }));
  if (record.error) details.push({ id: `${id}/error`, label: record.error, tooltip: record.error, icon: { id: 'error', color: 'testing.iconFailed' } });
  if (record.status !== 'succeeded') {
    record.log_tail.slice(-10).forEach((line, i) => {
      details.push({ id: `${id}/log/${i}`, label: line, tooltip: line, icon: { id: 'terminal' } });
    });
  }
  return details;
}

function localRunNode(record: RunRecord): ViewNode {
  const outcome = outcomeOf(record.status);
  const metrics = metricSummary(record.metrics);
  const description = [record.status, formatSeconds(record.train_seconds), metrics].filter(Boolean).join(' · ');
  const tooltip = [
    `${record.name} run ${record.run_id}`,
    `started ${record.started}`,
    record.git.commit ? `commit ${record.git.commit.slice(0, 7)}${record.git.dirty ? ' (dirty)' : ''}` : '',
    record.error ? `error: ${record.error}` : '',
    `peak memory ${record.peak_memory_mb} MB`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    id: `local/${record.run_id}`,
    label: record.run_id,
    description,
    tooltip,
    icon: outcomeIcon(outcome),
    contextValue: 'local.run',
    children: localRunDetails(record),
    expanded: false,
  };
}

function localNode(input: RunTreeInput): ViewNode {
  const children = input.local.map(localRunNode);
  for (const bad of input.unreadable ?? []) children.push(messageNode(`local/unreadable/${bad.file}`, bad.reason, 'warning'));
  if (children.length === 0) children.push(messageNode('local/empty', 'No local runs yet: run the pipeline (Pipewright: Run the pipeline locally)', 'info'));
  return { id: 'local', label: 'Local runs', description: input.local.length ? `${input.local.length}` : '', icon: { id: 'device-desktop' }, children, expanded: true };
}

export function buildRunTree(input: RunTreeInput): ViewNode[] {
  if (input.noSpec) return [];
  return [githubNode(input.github), localNode(input)];
}

export interface LastRun {
  where: 'github' | 'local';
  label: string;
  outcome: ReturnType<typeof outcomeOf>;
  time: string;
}

/** The newest run of either kind, for the status bar. */
export function lastRun(input: RunTreeInput): LastRun | null {
  const candidates: LastRun[] = [];
  const local = input.local[0];
  if (local) candidates.push({ where: 'local', label: local.run_id, outcome: outcomeOf(local.status), time: local.started });
  if (input.github.state === 'runs') {
    const run = input.github.runs.runs[0];
    if (run) candidates.push({ where: 'github', label: run.title, outcome: outcomeOf(run.status, run.conclusion), time: run.created });
  }
  candidates.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return candidates[0] ?? null;
}
