// The canary through the embedded proxy (`target: local`): two model-server processes, an
// http analysis against the canary, traffic through the proxy while the deploy runs.
import { join } from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploySpec, PipelineSpec } from '../../schema/src/index.ts';
import { deployFromSpec } from '../../shared/src/deploy/index.ts';
import type { TimelineEntry } from '../../shared/src/deploy/types.ts';
import { canaryWorkspace, type ModelServer, repoRoot, startModelServer } from '../support/canary/rig.ts';
import { freePort } from '../support/servers.ts';
import { OpenLoopClient } from '../support/canary/traffic.ts';

let stable: ModelServer;
let canary: ModelServer;
const dirs: string[] = [];

beforeAll(async () => {
  [stable, canary] = await Promise.all([startModelServer('stable'), startModelServer('canary')]);
});
afterAll(async () => {
  await Promise.all([stable?.stop(), canary?.stop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A spec deploying through the local proxy (deploy.local) with this canary. */
function localSpec(local: NonNullable<DeploySpec['local']>, canary: NonNullable<DeploySpec['canary']>): PipelineSpec {
  return { version: 1, name: 'churn', registry: { url: 'file:.pipewright/registry' }, deploy: { target: 'local', local, canary } } as PipelineSpec;
}

describe('canary through the local proxy', () => {
  it('shifts live traffic 20 → 50 → 100 through the embedded proxy, judged by an http analysis of the canary', async () => {
    const port = await freePort();
    const spec = localSpec(
      { port, stable: stable.address, canary: canary.address },
      {
        steps: [{ weight: 20 }, { pause: '1s' }, { analysis: ['health'] }, { weight: 50 }, { pause: '1s' }, { weight: 100 }],
        metrics: { health: { http: { url: `http://${canary.address}/predict`, requests: 20 }, 'min-success-rate': 0.99 } },
      },
    );
    const { dir, registry } = await canaryWorkspace(spec);
    dirs.push(dir);
    let client: OpenLoopClient | null = null;
    const onEntry = (entry: TimelineEntry) => {
      if (entry.kind === 'weight' && entry.weight === 20) client = new OpenLoopClient(`http://127.0.0.1:${port}`, 100).start();
    };
    const result = await deployFromSpec(join(dir, 'pipewright.yaml'), { env: { USER: 'tester' }, onEntry });
    const traffic = await (client as OpenLoopClient | null)!.stop();
    expect(result.outcome).toBe('promoted');
    expect(result.timeline.find((e) => e.kind === 'analysis' && e.metric === 'health')?.verdict).toBe('pass');
    expect(traffic.sent).toBeGreaterThan(100);
    expect(traffic.byVariant.canary).toBeGreaterThan(0);
    expect(traffic.byVariant.stable).toBeGreaterThan(0);
    expect(await registry.resolveAlias('production')).toBe('v3');
  }, 30_000);

  it('with deploy.local.serve: pulls each version, starts a model server per version from the command, and stops them after', async () => {
    const port = await freePort();
    const server = join(repoRoot, 'test/support/canary/model-server.mjs');
    const spec = localSpec({ port, serve: `${process.execPath} ${server} --variant {{ model.version }} --port {{ port }}` }, { steps: [{ weight: 50 }, { pause: '1s' }, { weight: 100 }] });
    const { dir } = await canaryWorkspace(spec);
    dirs.push(dir);
    let client: OpenLoopClient | null = null;
    const onEntry = (entry: TimelineEntry) => {
      if (entry.kind === 'weight' && entry.weight === 50) client = new OpenLoopClient(`http://127.0.0.1:${port}`, 100).start();
    };
    const result = await deployFromSpec(join(dir, 'pipewright.yaml'), { env: { USER: 'tester', PATH: process.env.PATH ?? '' }, onEntry });
    const traffic = await (client as OpenLoopClient | null)!.stop();
    expect(result.outcome).toBe('promoted');
    // Each version's own server answered: its variant label is the version it serves.
    expect(traffic.byVariant.v2).toBeGreaterThan(0);
    expect(traffic.byVariant.v3).toBeGreaterThan(0);
    expect(existsSync(join(dir, '.pipewright/deploy/models/v3/model.json'))).toBe(true);
    // Closed with the deploy: nothing listens on the proxy's port any more.
    await expect(fetch(`http://127.0.0.1:${port}/predict`)).rejects.toThrow();
  }, 30_000);
});

