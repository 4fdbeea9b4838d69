// `pipewright workflow init [SPEC]`: writes the GitHub workflows for the spec.
import { initWorkflows, type InitWorkflowsResult } from '@pipewright/core/workflow';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright workflow init [SPEC] [--out DIR] [--force] [--ref REF] [--format text|json]

Writes the GitHub workflows for the spec (default ./pipewright.yaml) into DIR
(default .github/workflows, inside the current directory, which is taken as the
repository root):
  pipewright-pipeline.yml  the pipeline as a reusable workflow (on: workflow_call):
                           validate each dataset, run the stages, train, promote
  pipewright-train.yml     pull requests and pushes run it; the default branch promotes
  pipewright-deploy.yml    on repository_dispatch new_champion_registered: canary deploy
  pipewright-rollback.yml  the kill switch (workflow_dispatch with version and reason)
  pipewright-drift.yml     a daily drift check (schedule and workflow_dispatch)
Each file's header records the hash of what was generated: a rerun rewrites a file
nobody edited and keeps an edited one (reported), unless --force.

  SPEC           the spec file (default: ./pipewright.yaml)
  --out DIR      where to write (default: .github/workflows; must stay inside the repository)
  --force        replace files that were edited since they were generated
  --ref REF      the tag, branch or commit the Pipewright actions are pinned to (default: v1)
  --format json  {"spec","out","ref","files":[{"path","status","purpose"}],"notes"}
                 status: created, updated, unchanged, kept (edited, left alone) or replaced

Exit codes: 0 written, 1 an edited file was kept (rerun with --force to replace it), 2 could not run.
`;

function formatText(result: InitWorkflowsResult): string {
  const lines = result.files.map((f) => {
    const why = f.status === 'kept' ? ' (edited since it was generated: kept; --force replaces it)' : '';
    return `${f.status.padEnd(9)} ${f.path}${why}`;
  });
  return `${[...lines, '', ...result.notes.map((n) => `note: ${n}`)].join('\n')}\n`;
}

export const workflowInitCommand: Command = {
  name: 'workflow init',
  summary: 'Write the GitHub workflows for this spec (train, deploy, rollback, drift)',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, {
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      ref: { type: 'string' },
    });
    const result = await initWorkflows({ workspace: io.cwd, spec: positionals[0] ?? 'pipewright.yaml', out: values.out, ref: values.ref, force: values.force });
    if (format === 'json') writeJson(io, result);
    else io.stdout.write(formatText(result));
    return result.files.some((f) => f.status === 'kept') ? 1 : 0;
  },
};
