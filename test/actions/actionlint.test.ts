// actionlint 1.7.12 (with shellcheck on every run: script) over the generated workflows, the
// workflows in the docs, and a workflow that uses every action of this repository by its
// local path, so actionlint also checks each action.yml and the inputs given to it.
// Install it with scripts/setup/actionlint.sh (.ci/run does); without it these tests fail.
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../support/cli.ts';
import { actionlint, actionlintBinary, docWorkflows, lintProject } from '../support/workflow-lint.ts';

const root = resolve(import.meta.dirname, '../..');
const actions = readdirSync(join(root, 'actions')).filter((name) => existsSync(join(root, 'actions', name, 'action.yml')));

type ActionMeta = { inputs?: Record<string, { required?: boolean; default?: unknown }> };

/** One job per action, `uses: ./actions/<name>` with a value for each input it requires. */
function everyActionWorkflow(): string {
  const jobs: Record<string, unknown> = {};
  for (const name of actions) {
    const meta = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as ActionMeta;
    const required = Object.entries(meta.inputs ?? {}).filter(([, input]) => input.required && input.default === undefined);
    jobs[name] = {
      'runs-on': 'ubuntu-latest',
      permissions: { contents: 'read' },
      steps: [
        { uses: 'actions/checkout@v4', with: { 'persist-credentials': false } },
        { uses: `./actions/${name}`, ...(required.length > 0 ? { with: Object.fromEntries(required.map(([input]) => [input, 'example'])) } : {}) },
      ],
    };
  }
  return stringify({ name: 'every action', on: 'push', permissions: {}, jobs });
}

describe('actionlint', () => {
  it(`is installed (scripts/setup/actionlint.sh) and runs shellcheck`, () => {
    expect(() => actionlintBinary()).not.toThrow();
    // The check is live: an injected title and an unquoted variable are both reported.
    const project = lintProject({
      'bad.yml': `on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ github.event.pull_request.title }}"\n      - run: echo $HOME/$1\n`,
    });
    const { code, output } = actionlint(project);
    expect(code).toBe(1);
    expect(output).toContain('github.event.pull_request.title" is potentially untrusted');
    expect(output).toContain('shellcheck reported issue');
  });

  it('passes the workflows `pipewright workflow init` writes for examples/churn, against the real action.yml files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-actionlint-churn-'));
    for (const file of readdirSync(join(root, 'examples/churn'))) symlinkSync(join(root, 'examples/churn', file), join(dir, file));
    const r = await runCli(['workflow', 'init', '--out', 'generated'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'generated'));
    expect(files).toHaveLength(5);
    const written = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, 'generated', f), 'utf8')]));
    expect(actionlint(lintProject(written))).toEqual({ code: 0, output: '' });
    // Each action this repository has is used by its local path, so actionlint checks the inputs given to it.
    let local = 0;
    const project = lintProject(
      Object.fromEntries(
        Object.entries(written).map(([file, text]) => [
          file,
          text.replace(/acme\/pipewright\/actions\/([\w-]+)@v1/g, (whole, name: string) => {
            if (!actions.includes(name)) return whole;
            local++;
            return `./actions/${name}`;
          }),
        ]),
      ),
    );
    symlinkSync(join(root, 'actions'), join(project, 'actions'));
    expect(local).toBeGreaterThanOrEqual(4);
    expect(actionlint(project)).toEqual({ code: 0, output: '' });
  });

  it("passes the docs' workflow examples", async () => {
    const examples = docWorkflows();
    expect(examples.length).toBeGreaterThanOrEqual(6);
    // The docs call the reusable workflow that `workflow init` writes: put it beside them.
    const generated = mkdtempSync(join(tmpdir(), 'pw-actionlint-docs-'));
    for (const file of readdirSync(join(root, 'examples/churn'))) symlinkSync(join(root, 'examples/churn', file), join(generated, file));
    await runCli(['workflow', 'init', '--out', 'out'], { cwd: generated });
    const workflows: Record<string, string> = Object.fromEntries(readdirSync(join(generated, 'out')).map((f) => [f, readFileSync(join(generated, 'out', f), 'utf8')]));
    for (const [i, example] of examples.entries()) workflows[`doc-${i}-${example.where.replace(/[^\w]+/g, '-')}.yml`] = example.content;
    const { code, output } = actionlint(lintProject(workflows));
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('passes a workflow that uses every action of this repository by its local path', () => {
    expect(actions).toEqual(expect.arrayContaining(['validate-data', 'train', 'promote', 'rollback']));
    const project = lintProject({ 'every-action.yml': everyActionWorkflow() });
    symlinkSync(join(root, 'actions'), join(project, 'actions'));
    expect(actionlint(project)).toEqual({ code: 0, output: '' });
    // The action.yml files are read: an input an action does not declare is reported.
    const wrong = lintProject({ 'wrong.yml': everyActionWorkflow().replace('dataset: example', 'datasett: example') });
    symlinkSync(join(root, 'actions'), join(wrong, 'actions'));
    const { output } = actionlint(wrong);
    expect(output).toMatch(/input "datasett" is not defined in action "Pipewright validate data" defined at "\.\/actions\/validate-data"/);
    expect(output).toMatch(/missing input "dataset" which is required by action "Pipewright validate data"/);
  });
});
