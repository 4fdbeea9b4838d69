// docs/workflows.md as written: its init example runs, its tables match the workflows it
// describes, and its one-`uses:`-line example can call the generated pipeline.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/cli.ts';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { workflowErrors } from '../support/workflow-lint.ts';

const root = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(root, 'docs/workflows.md'), 'utf8');

type Jobs = Record<string, { permissions?: Record<string, string>; uses?: string }>;

/** The rows of the markdown table under `## heading`, cells trimmed, header and rule dropped. */
function table(heading: string): string[][] {
  const section = page.split(`## ${heading}\n`)[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

/** `` `a: b`, `c: d` `` → { a: 'b', c: 'd' } */
function permissionsCell(cell: string): Record<string, string> {
  return Object.fromEntries([...cell.matchAll(/`([\w-]+): (\w+)`/g)].map((m) => [m[1]!, m[2]!]));
}

async function generated(): Promise<{ dir: string; files: string[]; code: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-workflow-docs-'));
  cpSync(join(root, 'examples/churn'), dir, { recursive: true });
  let code = 0;
  for (const argv of docCommands(docBlock('workflows.md', 'init'))) code = Math.max(code, (await runCli(argv, { cwd: dir })).code);
  return { dir, files: readdirSync(join(dir, '.github/workflows')).sort(), code };
}

describe('docs/workflows.md', () => {
  it('runs the init example and lists every file it writes', async () => {
    const { files, code } = await generated();
    expect(code).toBe(0);
    expect(table('What it writes').map((row) => row[0]!.replaceAll('`', '')).sort()).toEqual(files);
  });

  it('states the permissions each generated job asks for', async () => {
    const { dir, files } = await generated();
    const documented = table('Permissions').map(([file, job, permissions]) => ({ file: file!.replaceAll('`', ''), job: job!.replaceAll('`', ''), permissions: permissionsCell(permissions!) }));
    const actual = files.flatMap((file) => {
      const jobs = (parse(readFileSync(join(dir, '.github/workflows', file), 'utf8')) as { jobs: Jobs }).jobs;
      return Object.entries(jobs).map(([job, value]) => ({ file, job, permissions: value.permissions ?? {} }));
    });
    for (const job of actual) {
      const row = documented.find((d) => d.file === job.file && (d.job === job.job || (d.job === 'validate-<dataset>' && job.job.startsWith('validate-'))));
      expect(row, `${job.file} ${job.job}`).toBeDefined();
      expect(job.permissions, `${job.file} ${job.job}`).toEqual(row!.permissions);
    }
    expect(new Set(documented.map((d) => `${d.file} ${d.job}`)).size).toBe(documented.length);
  });

  it('adopts the pipeline with one uses: line that grants what the pipeline jobs ask for', async () => {
    const text = docBlock('workflows.md', 'adopt');
    expect(await workflowErrors('adopt.yml', text)).toEqual([]);
    const caller = Object.values((parse(text) as { jobs: Jobs }).jobs);
    expect(caller).toHaveLength(1);
    const { dir } = await generated();
    const called = (parse(readFileSync(join(dir, caller[0]!.uses!), 'utf8')) as { on: Record<string, unknown>; jobs: Jobs });
    expect(Object.keys(called.on)).toEqual(['workflow_call']);
    // A called workflow's jobs get at most what the caller grants.
    for (const [id, job] of Object.entries(called.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        if (level === 'write') expect(caller[0]!.permissions?.[scope], `${id}: ${scope}`).toBe('write');
        else expect(caller[0]!.permissions?.[scope], `${id}: ${scope}`).toMatch(/^(read|write)$/);
      }
    }
  });
});
