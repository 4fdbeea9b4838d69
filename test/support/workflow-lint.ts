// Linting GitHub workflows as GitHub and actionlint read them: the workflow parser behind
// GitHub's Actions language service, and actionlint 1.7.12 (with shellcheck on every script),
// installed by scripts/setup/actionlint.sh.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { fencedBlocks } from './doc-examples.ts';

const root = resolve(import.meta.dirname, '../..');
export const ACTIONLINT = join(root, '.cache/bin/actionlint');
export const ACTIONLINT_VERSION = '1.7.12';

/** GitHub's errors for a workflow file, from parsing and from converting it to a template. */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
  }
  return errors;
}

/** The shellcheck actionlint must run: without it actionlint silently skips every script. */
export function shellcheckPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v shellcheck'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('shellcheck is not installed: actionlint would skip every run: script (apt-get install shellcheck; .ci/run installs it)');
  return found;
}

/** The actionlint binary, or an error naming the installer. */
export function actionlintBinary(): string {
  if (!existsSync(ACTIONLINT)) throw new Error(`actionlint is not installed at ${ACTIONLINT}: run scripts/setup/actionlint.sh (.ci/run does)`);
  const version = spawnSync(ACTIONLINT, ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  if (version !== `v${ACTIONLINT_VERSION}`) throw new Error(`expected actionlint v${ACTIONLINT_VERSION} at ${ACTIONLINT}, found ${version}: run scripts/setup/actionlint.sh`);
  return ACTIONLINT;
}

/** A throwaway repository (actionlint needs one) holding `workflows` under .github/workflows. */
export function lintProject(workflows: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-actionlint-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  for (const [file, content] of Object.entries(workflows)) writeFileSync(join(dir, '.github/workflows', file), content);
  return dir;
}

/** actionlint over every workflow of a project; `output` holds one line per problem. */
export function actionlint(project: string): { code: number; output: string } {
  const run = spawnSync(actionlintBinary(), ['-shellcheck', shellcheckPath(), '-no-color', '-oneline'], { cwd: project, encoding: 'utf8' });
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}`.trim() };
}

export interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** A workflow the docs show: `whole` when the example is a workflow, not a list of steps. */
export interface DocWorkflow {
  where: string;
  content: string;
  steps: Step[];
  whole: boolean;
}

/** Each YAML example of README.md and docs/ that is a workflow, or a list of steps wrapped in a one-job workflow. */
export function docWorkflows(): DocWorkflow[] {
  const files = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))];
  const found: DocWorkflow[] = [];
  for (const file of files) {
    for (const block of fencedBlocks(file, 'yaml')) {
      const where = `${file.slice(root.length + 1)}:${block.line}`;
      const value = parse(block.text) as unknown;
      if (Array.isArray(value) && value.every((s) => typeof s === 'object' && s !== null && ('uses' in s || 'run' in s))) {
        const indented = block.text.replace(/^(?=.)/gm, '      ');
        found.push({ where, steps: value as Step[], whole: false, content: `on: push\npermissions: {}\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${indented}` });
      } else if (typeof value === 'object' && value !== null && 'jobs' in value) {
        const jobs = Object.values((value as { jobs: Record<string, { steps?: Step[] }> }).jobs);
        found.push({ where, steps: jobs.flatMap((job) => job.steps ?? []), whole: true, content: block.text });
      }
    }
  }
  return found;
}
