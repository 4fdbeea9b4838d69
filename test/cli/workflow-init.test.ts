// `pipewright workflow init` through main(): golden workflows for examples/churn, reruns
// that keep a person's edits, --force, paths kept inside the repository, and what GitHub's
// own workflow parser and the actions' metadata say about the result.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/cli.ts';
import { workflowErrors } from '../support/workflow-lint.ts';

const root = resolve(import.meta.dirname, '../..');
const golden = join(root, 'test/fixtures/workflow/churn');
const FILES = ['pipewright-deploy.yml', 'pipewright-drift.yml', 'pipewright-pipeline.yml', 'pipewright-rollback.yml', 'pipewright-train.yml'];

/** A repository holding a copy of examples/churn at its root. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-workflow-'));
  cpSync(join(root, 'examples/churn'), dir, { recursive: true });
  return dir;
}

async function init(cwd: string, ...args: string[]) {
  const r = await runCli(['workflow', 'init', ...args, '--format', 'json'], { cwd });
  return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as { files: Array<{ path: string; status: string }>; notes: string[]; error?: { code: string; message: string } }) : undefined };
}

function statuses(result: Awaited<ReturnType<typeof init>>): Record<string, string> {
  return Object.fromEntries(result.json!.files.map((f) => [f.path.replace('.github/workflows/', ''), f.status]));
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, '.github/workflows', file), 'utf8');
}

type Workflow = {
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: { group: string; 'cancel-in-progress': unknown };
  jobs: Record<string, { permissions?: Record<string, string>; uses?: string; concurrency?: { group: string; 'cancel-in-progress': unknown }; steps?: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
};

describe('pipewright workflow init', () => {
  it('writes the golden workflows for examples/churn', async () => {
    const dir = repo();
    const r = await init(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.values(statuses(r))).toEqual(Array(FILES.length).fill('created'));
    expect(readdirSync(join(dir, '.github/workflows')).sort()).toEqual(FILES);
    for (const file of FILES) {
      if (process.env.PIPEWRIGHT_UPDATE_GOLDEN) writeFileSync(join(golden, file), read(dir, file));
      expect(read(dir, file), file).toBe(readFileSync(join(golden, file), 'utf8'));
    }
    expect(r.json!.notes.join('\n')).toContain('PIPEWRIGHT_REGISTRY');
    expect(r.json!.notes.join('\n')).toContain('Add the repository secret DATABASE_URL');
  });

  it('a rerun changes nothing and exits 0', async () => {
    const dir = repo();
    await init(dir);
    const before = FILES.map((f) => read(dir, f));
    const again = await init(dir);
    expect(again.code).toBe(0);
    expect(Object.values(statuses(again))).toEqual(Array(FILES.length).fill('unchanged'));
    expect(FILES.map((f) => read(dir, f))).toEqual(before);
  });

  it('rewrites unedited files, keeps an edited one and exits 1; --force replaces it', async () => {
    const dir = repo();
    await init(dir);
    const edited = `${read(dir, 'pipewright-drift.yml').replace("cron: '17 6 * * *'", "cron: '0 3 * * 1'").replace('17 6 * * *', '0 3 * * 1')}`;
    expect(edited).toContain('0 3 * * 1');
    writeFileSync(join(dir, '.github/workflows/pipewright-drift.yml'), edited);
    writeFileSync(join(dir, '.github/workflows/pipewright-rollback.yml'), 'name: my own rollback\n');

    const kept = await init(dir, '--ref', 'v2');
    expect(kept.code).toBe(1);
    expect(statuses(kept)).toEqual({
      'pipewright-pipeline.yml': 'updated',
      'pipewright-train.yml': 'updated',
      'pipewright-deploy.yml': 'updated',
      'pipewright-rollback.yml': 'kept',
      'pipewright-drift.yml': 'kept',
    });
    expect(read(dir, 'pipewright-drift.yml')).toBe(edited);
    expect(read(dir, 'pipewright-rollback.yml')).toBe('name: my own rollback\n');
    expect(read(dir, 'pipewright-deploy.yml')).toContain('acme/pipewright/actions/canary-deploy@v2');

    const text = await runCli(['workflow', 'init', '--ref', 'v2'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('kept      .github/workflows/pipewright-drift.yml (edited since it was generated: kept; --force replaces it)');

    const forced = await init(dir, '--ref', 'v2', '--force');
    expect(forced.code).toBe(0);
    expect(statuses(forced)).toMatchObject({ 'pipewright-rollback.yml': 'replaced', 'pipewright-drift.yml': 'replaced', 'pipewright-pipeline.yml': 'unchanged' });
    expect(read(dir, 'pipewright-drift.yml')).toContain('acme/pipewright/actions/drift-check@v2');
    expect(read(dir, 'pipewright-drift.yml')).not.toContain('0 3 * * 1');
  });

  it('writes to --out inside the repository and refuses one outside it, also through a symlink', async () => {
    const dir = repo();
    const r = await init(dir, '--out', 'ci/workflows');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'ci/workflows/pipewright-train.yml'))).toBe(true);

    const escaped = await init(dir, '--out', '../elsewhere');
    expect(escaped.code).toBe(2);
    expect(escaped.json!.error).toMatchObject({ code: 'path-escape' });
    expect(existsSync(join(dir, '../elsewhere'))).toBe(false);

    const outside = mkdtempSync(join(tmpdir(), 'pw-outside-'));
    symlinkSync(outside, join(dir, 'linked'));
    const linked = await init(dir, '--out', 'linked/workflows');
    expect(linked.code).toBe(2);
    expect(linked.json!.error).toMatchObject({ code: 'path-escape' });
    expect(readdirSync(join(outside, 'workflows'))).toEqual([]);
  });

  it('refuses a bad --ref and an invalid spec, with exit 2 and 1', async () => {
    const dir = repo();
    const ref = await init(dir, '--ref', 'v1; rm -rf /');
    expect(ref.code).toBe(2);
    expect(ref.json!.error).toMatchObject({ code: 'usage' });
    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\nname: x\ndrift: { reference: nope }\n');
    const invalid = await init(dir, 'broken.yaml');
    expect(invalid.code).toBe(1);
    expect(invalid.json!.error).toMatchObject({ code: 'invalid-spec' });
    expect(existsSync(join(dir, '.github'))).toBe(false);
    writeFileSync(join(dir, 'empty.yaml'), 'version: 1\nname: x\n');
    const empty = await init(dir, 'empty.yaml');
    expect(empty.code).toBe(2);
    expect(empty.json!.error).toMatchObject({ code: 'workflow-empty' });
  });

  it('quotes each argument of a stage so bash runs exactly that argv, with its timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-workflow-stage-'));
    writeFileSync(
      join(dir, 'pipewright.yaml'),
      [
        'version: 1',
        'name: x',
        'stages:',
        '  prep:',
        `    run: python3 prep.py --note "it's $HOME; rm -rf /" --glob 'data/*.csv' --lr {{ train.params.lr }}`,
        '    timeout: 90s',
        'train:',
        '  needs: [prep]',
        '  run: python3 train.py',
        '  params: { lr: 0.05 }',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'prep.py'), '');
    writeFileSync(join(dir, 'train.py'), '');
    expect((await init(dir)).code).toBe(0);
    const step = (parse(read(dir, 'pipewright-pipeline.yml')) as Workflow).jobs.train!.steps!.find((s) => s.run?.startsWith('python3 prep.py'))!;
    expect(step.run).toBe(`python3 prep.py --note 'it'\\''s $HOME; rm -rf /' --glob 'data/*.csv' --lr 0.05`);
    expect(step).toMatchObject({ 'timeout-minutes': 2 });
    // bash reads back exactly the arguments the spec's command splits into.
    const echoed = spawnSync('bash', ['-c', `printf '%s\\n' ${step.run}`], { encoding: 'utf8' }).stdout;
    expect(echoed.split('\n').slice(0, -1)).toEqual(['python3', 'prep.py', '--note', "it's $HOME; rm -rf /", '--glob', 'data/*.csv', '--lr', '0.05']);
  });

  it('names the spec by its path from the repository root, and runs stages in its directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-workflow-nested-'));
    mkdirSync(join(dir, 'models'));
    cpSync(join(root, 'examples/churn'), join(dir, 'models/churn'), { recursive: true });
    const r = await init(dir, 'models/churn/pipewright.yaml');
    expect(r.code).toBe(0);
    const pipeline = parse(read(dir, 'pipewright-pipeline.yml')) as Workflow;
    const steps = pipeline.jobs.train!.steps!;
    expect(steps.find((s) => s.uses?.includes('/actions/train@'))!.with).toMatchObject({ spec: 'models/churn/pipewright.yaml' });
    expect(steps.find((s) => s.run?.startsWith('python3 -m churn.features'))).toMatchObject({ 'working-directory': 'models/churn' });
    expect(pipeline.jobs.train!.steps!.at(-1)!.with!.path).toBe('.pipewright/ci/run.json\nmodels/churn/model');
  });
});

describe('the generated workflows', () => {
  const workflows = FILES.map((file) => ({ file, text: readFileSync(join(golden, file), 'utf8') }));
  const parsed = workflows.map((w) => ({ ...w, value: parse(w.text) as Workflow }));

  it.each(FILES)('%s: GitHub parses it', async (file) => {
    expect(await workflowErrors(file, readFileSync(join(golden, file), 'utf8'))).toEqual([]);
  });

  it('grant nothing at the top and only what each job needs', () => {
    for (const { file, value } of parsed) {
      expect(value.permissions, file).toEqual({});
      for (const [id, job] of Object.entries(value.jobs)) {
        expect(job.permissions, `${file} ${id}`).toBeDefined();
        const granted = Object.entries(job.permissions!).filter(([, level]) => level === 'write').map(([scope]) => scope);
        // Only promotion, rollback, the drift monitor and the call that may run them write to the repository or the registry.
        if (granted.includes('contents') || granted.includes('packages')) expect(['promote', 'rollback', 'drift', 'pipeline'], `${file} ${id}`).toContain(id);
      }
    }
    const pipeline = parsed.find((p) => p.file === 'pipewright-pipeline.yml')!.value;
    expect(pipeline.jobs['validate-train']!.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'write' });
    expect(pipeline.jobs.train!.permissions).toEqual({ contents: 'read', checks: 'write', 'pull-requests': 'write' });
  });

  it('serialise promotions, deploys and rollbacks in one group, never cancelled', () => {
    const groups = parsed.flatMap(({ value }) => Object.entries(value.jobs).filter(([id]) => ['promote', 'deploy', 'rollback'].includes(id)).map(([, job]) => job.concurrency));
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group).toEqual({ group: 'pipewright-release-churn', 'cancel-in-progress': false });
  });

  it('put no expression into any run: script (untrusted values travel through env)', () => {
    const scripts = parsed.flatMap(({ value }) => Object.values(value.jobs).flatMap((job) => (job.steps ?? []).map((s) => s.run).filter((r): r is string => r !== undefined)));
    expect(scripts.length).toBeGreaterThan(1);
    for (const script of scripts) expect(script).not.toContain('${{');
  });

  it('run on the events the pipeline needs', () => {
    const on = Object.fromEntries(parsed.map(({ file, value }) => [file, Object.keys(value.on).sort()]));
    expect(on).toEqual({
      'pipewright-pipeline.yml': ['workflow_call'],
      'pipewright-train.yml': ['pull_request', 'push'],
      'pipewright-deploy.yml': ['repository_dispatch'],
      'pipewright-rollback.yml': ['workflow_dispatch'],
      'pipewright-drift.yml': ['schedule', 'workflow_dispatch'],
    });
    const deploy = parsed.find((p) => p.file === 'pipewright-deploy.yml')!.value;
    expect(deploy.on.repository_dispatch).toEqual({ types: ['new_champion_registered'] });
    const rollback = parsed.find((p) => p.file === 'pipewright-rollback.yml')!.value.on.workflow_dispatch as { inputs: Record<string, { required: boolean }> };
    expect(Object.keys(rollback.inputs)).toEqual(['version', 'reason']);
    expect(rollback.inputs.reason!.required).toBe(true);
  });

  it("give this repository's actions only inputs they declare, and every required one", () => {
    const actions = readdirSync(join(root, 'actions')).filter((a) => existsSync(join(root, 'actions', a, 'action.yml')));
    let checked = 0;
    for (const { file, value } of parsed) {
      for (const step of Object.values(value.jobs).flatMap((job) => job.steps ?? [])) {
        const name = /^acme\/pipewright\/actions\/([\w-]+)@v1$/.exec(step.uses ?? '')?.[1];
        if (!name || !actions.includes(name)) continue;
        const inputs = (parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean; default?: unknown }> }).inputs;
        expect(Object.keys(step.with ?? {}).filter((k) => !(k in inputs)), `${file}: ${name}`).toEqual([]);
        const required = Object.entries(inputs).filter(([, i]) => i.required && i.default === undefined).map(([k]) => k);
        expect(required.filter((k) => !(k in (step.with ?? {}))), `${file}: ${name}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
