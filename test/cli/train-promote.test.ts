// `pipewright promote` and `pipewright rollback` at the command line: output, exit codes, overrides.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PromotionResult } from '../../shared/src/promote/promotion.ts';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

let ws: PipelineWorkspace;
beforeEach(() => {
  ws = PipelineWorkspace.from('test/fixtures/train/workspace');
});
afterEach(() => ws.cleanup());

async function trainAndPush(quality: number, registry = 'file:.pipewright/registry'): Promise<void> {
  ws.editSpec((spec) => {
    spec.train!.params!.quality = quality;
  });
  expect((await ws.cli(['train', '--out', 'run.json'])).code).toBe(0);
  expect((await ws.cli(['registry', 'push', '--run', 'run.json', '--registry', registry])).code).toBe(0);
}

describe('pipewright promote', () => {
  it('exits 2 with a clear message when the registry holds no version', async () => {
    const result = await ws.cli(['promote']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds no model version to promote');
    const json = await ws.cli(['promote', '--format', 'json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('no-candidate');
  });

  it('exits 2 for a version that does not exist', async () => {
    await trainAndPush(0.7);
    const result = await ws.cli(['promote', '--version', 'v9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('v9');
  });

  it('records the actor and the --reason, and reports an unchanged champion as success', async () => {
    await trainAndPush(0.7);
    const first = await ws.cli(['promote', '--reason', 'weekly retrain', '--format', 'json'], { GITHUB_ACTOR: 'release-bot' });
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as PromotionResult).move).toMatchObject({ actor: 'release-bot', reason: 'promote: 3 gates passed: weekly retrain' });
    const again = await ws.cli(['promote']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('v1 is already champion: nothing moved');
    const local = await ws.cli(['promote', '--format', 'json']);
    expect(JSON.parse(local.stdout).move).toBeNull();
  });

  it('uses --registry instead of the spec registry', async () => {
    await trainAndPush(0.7, 'file:other-registry');
    const result = await ws.cli(['promote', '--registry', 'file:other-registry']);
    expect(result.code).toBe(0);
    expect(await openRegistry('file:other-registry', { workspace: ws.dir }).resolveAlias('champion')).toBe('v1');
    expect((await ws.cli(['promote'])).code).toBe(2);
  });

  it('refuses a candidate that fails an absolute gate even without a champion', async () => {
    await trainAndPush(0.5);
    const result = await ws.cli(['promote']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/accuracy\s+0\.5\s+-\s+>= 0\.6\s+FAIL/);
    expect(result.stdout).toContain('champion stays (none)');
  });
});

describe('pipewright rollback', () => {
  it('exits 1 when there is nothing to roll back to', async () => {
    const none = await ws.cli(['rollback']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("'champion' points at no version: there is nothing to roll back");
    await trainAndPush(0.7);
    expect((await ws.cli(['promote'])).code).toBe(0);
    const first = await ws.cli(['rollback']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('pass --to VERSION');
  });

  it('goes back two champions with two rollbacks only when asked with --to', async () => {
    for (const q of [0.7, 0.75, 0.8]) {
      await trainAndPush(q);
      expect((await ws.cli(['promote'])).code).toBe(0);
    }
    const back = await ws.cli(['rollback', '--format', 'json'], { USER: 'oncall' });
    expect(JSON.parse(back.stdout)).toMatchObject({ rolled_back: true, champion_before: 'v3', champion_after: 'v2', move: { actor: 'oncall', reason: 'rollback' } });
    const retry = await ws.cli(['rollback', '--format', 'json']);
    expect(JSON.parse(retry.stdout)).toMatchObject({ rolled_back: false, champion_after: 'v2' });
    const further = await ws.cli(['rollback', '--to', 'v1']);
    expect(further.code).toBe(0);
    expect(further.stdout).toContain('champion: v2 -> v1');
  });
});
