// The `registry *` commands end to end: the example in docs/registry.md on the file
// backend, and the same flow against the real CNCF registry.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startOciRegistry } from '../support/servers.ts';
import { runCli } from '../support/cli.ts';
import { docBlock, docCommands } from '../support/doc-examples.ts';

const fixtures = join(import.meta.dirname, '../fixtures/registry');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-reg-cli-'));
  for (const name of ['model-v1', 'model-v2', 'run-v1.json', 'run-v2.json', 'validation.json']) cpSync(join(fixtures, name), join(dir, name), { recursive: true });
  return dir;
}

async function cli(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}, signal = new AbortController().signal) {
  const { code, stdout: out, stderr: err } = await runCli(argv, { cwd, env, signal });
  return { code, out, err };
}


const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('docs/registry.md example', () => {
  it('runs every command of the example with exit 0 and shows the lineage', async () => {
    const dir = workspace();
    dirs.push(dir);
    const outputs: string[] = [];
    for (const argv of docCommands(docBlock('registry.md', 'registry-cli'))) {
      const result = await cli(dir, argv);
      expect(result.code, `${argv.join(' ')}\n${result.err}`).toBe(0);
      outputs.push(result.out);
    }
    expect(outputs[0]).toMatch(/pushed churn v1 \(sha256:[0-9a-f]{64}\)/);
    expect(outputs[2]).toMatch(/VERSION\s+CREATED\s+ALIASES\s+accuracy\s+auc\nv1 .*0\.87\s+0\.91\nv2 .*0\.9\s+0\.93/);
    expect(outputs[3]).toContain(`train  data/train.csv  sha256:${'d'.repeat(64)}`);
    expect(outputs[3]).toContain('0123456789abcdef0123456789abcdef01234567');
    expect(outputs[1]).toMatch(/attached validation \(sha256:[0-9a-f]{64}\)/);
    expect(outputs[3]).toMatch(/reports\n {2}validation {2}application\/json {2}sha256:[0-9a-f]{64}/);
    expect(readFileSync(join(dir, 'pulled/model.json'))).toEqual(readFileSync(join(fixtures, 'model-v2/model.json')));
    const listed = JSON.parse(outputs[5]!);
    expect(listed.versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v2']);
    expect(existsSync(join(dir, '.pipewright/registry/index.json'))).toBe(true);
  });
});

describe('registry commands interrupted', () => {
  it('stops a push on SIGINT with a plain message and exit 2', async () => {
    const dir = workspace();
    dirs.push(dir);
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    const result = await cli(dir, ['registry', 'push', '--run', 'run-v1.json', '--registry', 'file:reg'], {}, controller.signal);
    expect(result.code).toBe(2);
    expect(result.err).toBe('pipewright registry push: interrupted by SIGINT: the registry is left consistent; run the command again to complete it\n');
  });
});

describe('registry commands against the CNCF registry', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startOciRegistry();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('pushes, lists, shows and pulls over oci://', async () => {
    const dir = workspace();
    dirs.push(dir);
    const url = `oci://127.0.0.1:${server.port}/acme/churn`;
    const push = await cli(dir, ['registry', 'push', '--run', 'run-v1.json', '--registry', url, '--format', 'json']);
    expect(push.code, push.err).toBe(0);
    expect(JSON.parse(push.out)).toMatchObject({ version: 'v1', registry: url, card: { name: 'churn', metrics: { accuracy: 0.87 } } });
    expect((await cli(dir, ['registry', 'push', '--run', 'run-v2.json', '--registry', url])).code).toBe(0);
    const show = await cli(dir, ['registry', 'show', 'latest', '--registry', url, '--format', 'json']);
    expect(JSON.parse(show.out)).toMatchObject({ version: 'v2', card: { data: { train: { path: 'data/train.csv', fingerprint: `sha256:${'d'.repeat(64)}` } } } });
    const pull = await cli(dir, ['registry', 'pull', 'v1', '--out', 'out', '--registry', url]);
    expect(pull.code, pull.err).toBe(0);
    expect(readFileSync(join(dir, 'out/metrics.json'))).toEqual(readFileSync(join(fixtures, 'model-v1/metrics.json')));
  });

  it('says what is wrong, with exit 2 and no stack trace', async () => {
    const dir = workspace();
    dirs.push(dir);
    const url = `oci://127.0.0.1:${server.port}/acme/errors`;
    const missing = await cli(dir, ['registry', 'show', 'v4', '--registry', url]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`pipewright registry show: no version or alias 'v4' in ${url} (versions: none)\n`);
    const noOut = await cli(dir, ['registry', 'pull', 'v1', '--registry', url]);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('missing --out DIR');
    const badRun = await cli(dir, ['registry', 'push', '--run', 'nope.json', '--registry', url, '--format', 'json']);
    expect(badRun.code).toBe(2);
    expect(JSON.parse(badRun.out).error.message).toContain("cannot read run record");
    const badAttach = await cli(dir, ['registry', 'push', '--run', 'run-v1.json', '--attach', 'Bad Kind=validation.json', '--registry', url]);
    expect(badAttach.err).toContain("invalid report kind 'Bad Kind'");
    const badUrl = await cli(dir, ['registry', 'list', '--registry', 'http://x']);
    expect(badUrl.err).toContain("expected 'file:PATH' or 'oci://HOST/REPOSITORY'");
  });
});
