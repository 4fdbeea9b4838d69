// Our actions and the workflows the docs show, read by GitHub's own workflow parser
// (@actions/workflow-parser, the one behind GitHub's Actions language service): what it
// rejects, GitHub would reject too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { docWorkflows, workflowErrors } from '../support/workflow-lint.ts';

const root = resolve(import.meta.dirname, '../..');
const actionNames = readdirSync(join(root, 'actions')).filter((name) => existsSync(join(root, 'actions', name, 'action.yml')));

const parsedActions = new Map<string, ReturnType<typeof parseActionFile>>();

/** An action.yml as GitHub reads it, parsed once per action. */
function readAction(name: string) {
  let parsed = parsedActions.get(name);
  if (!parsed) {
    parsed = parseActionFile(name);
    parsedActions.set(name, parsed);
  }
  return parsed;
}

function parseActionFile(name: string) {
  const file = join(root, 'actions', name, 'action.yml');
  const result = parseAction({ name: `actions/${name}/action.yml`, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  return { errors, template: result.value ? convertActionTemplate(result.context, result.value) : undefined };
}

describe('action metadata (action.yml)', () => {
  it('finds the actions', () => {
    expect(actionNames).toEqual(expect.arrayContaining(['validate-data', 'train', 'promote', 'rollback', 'drift']));
  });

  it.each(actionNames)('%s: GitHub accepts it, on a runtime it runs, with every input and output described', (name) => {
    const { errors, template } = readAction(name);
    expect(errors).toEqual([]);
    expect(template?.runs).toMatchObject({ using: expect.stringMatching(/^node(20|24)$/) });
    const runs = template!.runs as { main: string };
    expect(existsSync(join(root, 'actions', name, runs.main))).toBe(true);
    for (const input of template!.inputs ?? []) expect(input.description, `input ${input.id}`).toMatch(/\S/);
    for (const output of template!.outputs ?? []) expect(output.description, `output ${output.id}`).toMatch(/\S/);
  });

  it('catches what GitHub would reject (the check is live)', () => {
    const result = parseAction({ name: 'action.yml', content: 'name: x\ndescription: y\nruns:\n  using: node99\n  main: a.js\n' }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message).join('\n')).toContain("Unexpected value 'node99'");
  });
});

describe('workflows in the docs', () => {
  const workflows = docWorkflows();

  it('finds the examples', () => {
    // Every action's page section has an example that uses it.
    const used = new Set(workflows.flatMap((w) => w.steps.map((s) => /\/actions\/([\w-]+)@/.exec(s.uses ?? '')?.[1]).filter(Boolean)));
    expect([...used].sort()).toEqual([...actionNames].sort());
  });

  it.each(workflows.map((w) => [w.where, w] as const))('%s: GitHub parses it', async (where, workflow) => {
    expect(await workflowErrors(`${where}.yml`, workflow.content)).toEqual([]);
  });

  it.each(workflows.filter((w) => w.whole).map((w) => [w.where, w] as const))('%s: asks for its permissions explicitly', (_, workflow) => {
    const value = parse(workflow.content) as { permissions?: unknown; jobs: Record<string, { permissions?: unknown; uses?: string }> };
    for (const [id, job] of Object.entries(value.jobs)) {
      // A called workflow declares its own; every other job gets the workflow's or its own.
      if (job.uses) continue;
      expect(value.permissions ?? job.permissions, `job ${id}`).toBeDefined();
    }
  });

  it.each(workflows.map((w) => [w.where, w] as const))('%s: gives our actions only inputs they declare, and every required one', (_, workflow) => {
    for (const step of workflow.steps) {
      const name = /\/actions\/([\w-]+)@/.exec(step.uses ?? '')?.[1];
      if (!name) continue;
      const inputs = readAction(name).template!.inputs ?? [];
      const given = Object.keys(step.with ?? {});
      expect(given.filter((key) => !inputs.some((i) => i.id === key)), `${name} inputs`).toEqual([]);
      const required = inputs.filter((i) => i.required && i.default === undefined).map((i) => i.id);
      expect(required.filter((key) => !given.includes(key)), `${name} required inputs`).toEqual([]);
    }
  });

  it('catches a misspelled key (the check is live)', async () => {
    const errors = await workflowErrors('bad.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permisions: {}\n    steps:\n      - run: "true"\n');
    expect(errors.join('\n')).toContain("Unexpected value 'permisions'");
  });
});
