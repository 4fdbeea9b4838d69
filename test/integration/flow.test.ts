// The whole train → register → promote → rollback flow on the churn example, on both
// registry backends: an OCI image layout on disk and the real CNCF registry on loopback.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PipelineSpec } from '../../schema/src/index.ts';
import type { PromotionResult } from '../../shared/src/promote/promotion.ts';
import type { RollbackResult } from '../../shared/src/promote/rollback.ts';
import { openRegistry } from '../../shared/src/registry/index.ts';
import type { AliasMove, ModelCard } from '../../shared/src/registry/types.ts';
import type { RunRecord } from '../../shared/src/train/run-record.ts';
import type { CliResult } from '../support/cli.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';
import { type RunningServer, startOciRegistry } from '../support/servers.ts';

// Real training runs and child processes on a shared 2-core machine: generous, not endless.
const FLOW_TIMEOUT = 120_000;

function json<T>(result: CliResult, code = 0): T {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

describe.each(['file', 'oci'] as const)('the model flow on the %s backend', (backend) => {
  let server: RunningServer | undefined;
  let ws: PipelineWorkspace;
  let repository = 0;

  beforeAll(async () => {
    if (backend === 'oci') server = await startOciRegistry();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    ws = PipelineWorkspace.from('examples/churn');
    // A fresh repository per test on the shared server; a fresh directory on disk.
    const url = server ? `oci://127.0.0.1:${server.port}/acme/churn-${backend}-${++repository}` : 'file:.pipewright/registry';
    ws.editSpec((spec) => {
      spec.registry = { url };
    });
  });
  afterEach(() => ws.cleanup());

  /** Trains with `epochs` (more epochs: a better model on this data) and pushes the run. */
  async function trainAndPush(epochs: number): Promise<{ record: RunRecord; version: string }> {
    ws.editSpec((spec) => {
      spec.train!.params = { 'learning-rate': 0.05, epochs };
    });
    const record = json<RunRecord>(await ws.cli(['train', '--format', 'json', '--out', 'build/run.json']));
    const pushed = json<{ version: string }>(await ws.cli(['registry', 'push', '--run', 'build/run.json', '--format', 'json']));
    return { record, version: pushed.version };
  }

  const promote = async (...args: string[]) => ws.cli(['promote', '--format', 'json', ...args], { GITHUB_ACTOR: 'release-bot' });
  /** The alias history, read straight from the registry. */
  function history(): Promise<AliasMove[]> {
    const spec = parse(ws.read('pipewright.yaml')) as PipelineSpec;
    return openRegistry(spec.registry!.url!, { workspace: ws.dir }).history('champion');
  }

  it('trains, registers, promotes, promotes a better model, rolls back, and keeps the lineage', async () => {
    const first = await trainAndPush(2);
    expect(first.version).toBe('v1');
    const p1 = json<PromotionResult>(await promote());
    expect(p1).toMatchObject({ version: 'v1', promoted: true, champion_before: null, champion_after: 'v1' });
    expect(p1.gates.map((g) => [g.metric, g.passed])).toEqual([
      ['accuracy', true],
      ['auc', true],
      ['train-seconds', true],
      ['peak-memory-mb', true],
    ]);

    const second = await trainAndPush(20);
    expect(second.version).toBe('v2');
    expect(second.record.metrics.auc).toBeGreaterThan(first.record.metrics.auc!);
    const p2 = json<PromotionResult>(await promote());
    expect(p2).toMatchObject({ version: 'v2', promoted: true, champion_before: 'v1', champion_after: 'v2' });
    expect(p2.gates[1]).toMatchObject({ metric: 'auc', value: second.record.metrics.auc, champion_value: first.record.metrics.auc, threshold: first.record.metrics.auc, passed: true });

    const rolled = json<RollbackResult>(await ws.cli(['rollback', '--reason', 'error rate up', '--format', 'json'], { GITHUB_ACTOR: 'oncall' }));
    expect(rolled).toMatchObject({ rolled_back: true, champion_before: 'v2', champion_after: 'v1' });
    const moves = await history();
    expect(moves.map((m) => [m.from, m.to, m.actor])).toEqual([
      [null, 'v1', 'release-bot'],
      ['v1', 'v2', 'release-bot'],
      ['v2', 'v1', 'oncall'],
    ]);
    expect(moves[2]!.reason).toBe('rollback: error rate up');
    expect(json<{ version: string }>(await ws.cli(['registry', 'show', 'champion', '--format', 'json'])).version).toBe('v1');

    // The lineage of v2: the exact data file and its fingerprint, params, commit, measurements.
    const shown = json<{ card: ModelCard }>(await ws.cli(['registry', 'show', 'v2', '--format', 'json']));
    const csv = readFileSync(ws.path('data/train.csv'));
    const sha = createHash('sha256').update(csv).digest('hex');
    expect(shown.card.data.train!.path).toBe('data/train.csv');
    expect(shown.card.data.train!.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(shown.card.data.train!.fingerprint).toBe(second.record.data.train!.fingerprint);
    expect(shown.card.data.train!.files).toEqual([{ path: 'data/train.csv', sha256: expect.stringContaining(sha), bytes: csv.length }]);
    expect(shown.card).toMatchObject({ params: { 'learning-rate': 0.05, epochs: 20 }, metrics: second.record.metrics, run: { id: second.record.run_id } });
    expect(shown.card.peak_memory_mb).toBe(second.record.peak_memory_mb);
    expect(shown.card.train_seconds).toBe(second.record.train_seconds);
    const text = await ws.cli(['registry', 'show', 'v2']);
    expect(text.stdout).toContain('data/train.csv');
    expect(text.stdout).toContain(shown.card.data.train!.fingerprint);
  }, FLOW_TIMEOUT);

  it('refuses a candidate worse than the champion and keeps the champion', async () => {
    await trainAndPush(20);
    expect((await promote()).code).toBe(0);
    await trainAndPush(1);
    const refused = await promote();
    const result = json<PromotionResult>(refused, 1);
    expect(result).toMatchObject({ version: 'v2', promoted: false, champion_before: 'v1', champion_after: 'v1' });
    expect(result.gates.find((g) => g.metric === 'auc')).toMatchObject({ passed: false });
    const table = await ws.cli(['promote', '--version', 'v2']);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/auc\s+0\.867\d*\s+0\.872\d*\s+>= champion \+ 0 \(0\.872\d*\)\s+FAIL/);
    expect(table.stdout).toContain('v2 not promoted: refused: 1 of 4 gates failed (auc); champion stays v1');
    expect((await history()).map((m) => m.to)).toEqual(['v1']);
  }, FLOW_TIMEOUT);

  it('loses no history entry and never points the alias at a missing version when two promotions race', async () => {
    await trainAndPush(2);
    expect((await promote()).code).toBe(0);
    await trainAndPush(5);
    await trainAndPush(20);
    const [a, b] = await Promise.all([ws.spawnCli(['promote', '--version', 'v2', '--format', 'json']), ws.spawnCli(['promote', '--version', 'v3', '--format', 'json'])]);
    const results = [a, b].map((r) => {
      expect([0, 1], r.stderr).toContain(r.code);
      return JSON.parse(r.stdout) as PromotionResult;
    });
    const moves = await history();
    const promoted = results.filter((r) => r.promoted);
    expect(promoted.length).toBeGreaterThanOrEqual(1);
    // Every move that reported success is in the history: none was lost.
    expect(moves).toHaveLength(1 + promoted.length);
    for (const r of promoted) expect(moves.some((m) => m.to === r.version && m.time === r.move!.time)).toBe(true);
    // The alias points at a version that exists, one that a recorded move put there.
    const champion = json<{ version: string }>(await ws.cli(['registry', 'show', 'champion', '--format', 'json']));
    expect(promoted.map((r) => r.version)).toContain(champion.version);
    // The file backend serialises moves under its lock: its history is one chain.
    if (backend === 'file') {
      for (let i = 1; i < moves.length; i++) expect(moves[i]!.from).toBe(moves[i - 1]!.to);
      expect(champion.version).toBe(moves.at(-1)!.to);
    }
  }, FLOW_TIMEOUT);

  it('rejects an invalid alias name before anything moves', async () => {
    await trainAndPush(2);
    for (const alias of ['latest', 'v7', 'no spaces']) {
      ws.editSpec((spec) => {
        spec.promote!.alias = alias;
      });
      const result = await ws.cli(['promote']);
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.stderr).toContain(alias);
      expect(result.stderr).not.toContain('    at ');
    }
    expect(await history()).toEqual([]);
  }, FLOW_TIMEOUT);
});
