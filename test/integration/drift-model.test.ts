// `pipewright drift --model` against the real CNCF registry on loopback: the reference
// profile comes back from a remote model card, or from a report attached to a version.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';
import { type RunningServer, startOciRegistry } from '../support/servers.ts';

let server: RunningServer;
let ws: PipelineWorkspace | undefined;
let repository = 0;

beforeAll(async () => {
  server = await startOciRegistry();
});
afterAll(async () => {
  await server?.stop();
});
afterEach(() => ws?.cleanup());

function workspace(): PipelineWorkspace {
  const churn = PipelineWorkspace.from('examples/churn');
  churn.editSpec((spec) => {
    spec.registry = { url: `oci://127.0.0.1:${server.port}/acme/churn-drift-${++repository}` };
  });
  return churn;
}

const columnsOf = (stdout: string) => (JSON.parse(stdout) as { columns: unknown[] }).columns;

describe('drift --model on an oci:// registry', () => {
  it('reads the profile `pipewright run` stored in the champion’s remote card', async () => {
    ws = workspace();
    const run = await ws.cli(['run']);
    expect(run.code, run.stderr).toBe(0);
    expect((await ws.cli(['profile', '--dataset', 'train', '--out', 'reference.json'])).code).toBe(0);
    const fromFile = await ws.cli(['drift', '--reference', 'reference.json', '--format', 'json']);
    const fromModel = await ws.cli(['drift', '--model', 'champion', '--format', 'json']);
    expect(fromModel.code, fromModel.stderr).toBe(fromFile.code);
    expect(JSON.parse(fromModel.stdout).reference).toMatchObject({ model: 'champion', version: 'v1' });
    expect(columnsOf(fromModel.stdout)).toEqual(columnsOf(fromFile.stdout));
  });

  it('reads a drift-profile report attached to a remote version', async () => {
    ws = workspace();
    expect((await ws.cli(['train', '--out', 'run.json'])).code).toBe(0);
    expect((await ws.cli(['profile', '--dataset', 'train', '--out', 'reference.json'])).code).toBe(0);
    const pushed = await ws.cli(['registry', 'push', '--run', 'run.json', '--attach', 'drift-profile=reference.json']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const fromFile = await ws.cli(['drift', '--reference', 'reference.json', '--format', 'json']);
    const fromModel = await ws.cli(['drift', '--model', 'v1', '--format', 'json']);
    expect(fromModel.code, fromModel.stderr).toBe(fromFile.code);
    expect(columnsOf(fromModel.stdout)).toEqual(columnsOf(fromFile.stdout));
  });
});
