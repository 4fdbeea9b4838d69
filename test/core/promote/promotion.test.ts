// Promotion and rollback against the real file: registry (OCI image layout on disk).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promoteVersion } from '../../../shared/src/promote/promotion.ts';
import { rollbackAlias } from '../../../shared/src/promote/rollback.ts';
import { openRegistry } from '../../../shared/src/registry/index.ts';
import type { ModelCard, ModelRegistry } from '../../../shared/src/registry/types.ts';

const gates = [
  { metric: 'accuracy', min: 0.8 },
  { metric: 'auc', vs: 'champion' as const, 'min-delta': 0 },
  { metric: 'peak-memory-mb', max: 2048 },
];

let dir: string;
let registry: ModelRegistry;

async function push(metrics: Record<string, number>): Promise<string> {
  const artifact = mkdtempSync(join(dir, 'model-'));
  mkdirSync(artifact, { recursive: true });
  writeFileSync(join(artifact, 'metrics.json'), JSON.stringify(metrics));
  const card: Omit<ModelCard, 'version'> = {
    name: 'churn',
    created: new Date().toISOString(),
    metrics,
    params: {},
    data: {},
    git: { commit: null, dirty: null },
    run: { id: `run-${Math.random()}` },
    train_seconds: 3,
    peak_memory_mb: 100,
  };
  return (await registry.push(card, artifact)).card.version;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-promote-'));
  registry = openRegistry('file:registry', { workspace: dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('promoteVersion', () => {
  it('promotes the first version when its gates pass, with a note on the champion gate', async () => {
    await push({ accuracy: 0.85, auc: 0.9 });
    const result = await promoteVersion(registry, { alias: 'champion', gates, actor: 'octocat' });
    expect(result).toMatchObject({ version: 'v1', promoted: true, champion_before: null, champion_after: 'v1' });
    expect(result.gates[1]!.note).toContain('no champion yet');
    expect(await registry.resolveAlias('champion')).toBe('v1');
    const history = await registry.history('champion');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from: null, to: 'v1', actor: 'octocat' });
    expect(history[0]!.reason).toContain('3 gates passed');
  });

  it('refuses a candidate worse than the champion and leaves the alias alone', async () => {
    await push({ accuracy: 0.85, auc: 0.9 });
    await promoteVersion(registry, { alias: 'champion', gates, actor: 'a' });
    await push({ accuracy: 0.86, auc: 0.88 });
    const result = await promoteVersion(registry, { alias: 'champion', gates, actor: 'a' });
    expect(result).toMatchObject({ version: 'v2', promoted: false, champion_before: 'v1', champion_after: 'v1', move: null });
    expect(result.gates.find((g) => g.metric === 'auc')).toMatchObject({ value: 0.88, champion_value: 0.9, threshold: 0.9, passed: false });
    expect(await registry.resolveAlias('champion')).toBe('v1');
    expect(await registry.history('champion')).toHaveLength(1);
  });

  it('refuses a candidate that lacks a gated metric', async () => {
    await push({ accuracy: 0.9 });
    const result = await promoteVersion(registry, { alias: 'champion', gates, actor: 'a' });
    expect(result.promoted).toBe(false);
    expect(result.gates[1]).toMatchObject({ metric: 'auc', value: null, passed: false });
    expect(await registry.resolveAlias('champion')).toBeNull();
  });

  it('promotes an explicit --version and does nothing for the current champion', async () => {
    await push({ accuracy: 0.85, auc: 0.9 });
    await push({ accuracy: 0.7, auc: 0.95 });
    expect((await promoteVersion(registry, { alias: 'champion', gates, actor: 'a', version: 'v1' })).champion_after).toBe('v1');
    const again = await promoteVersion(registry, { alias: 'champion', gates, actor: 'a', version: 'v1' });
    expect(again).toMatchObject({ promoted: false, champion_after: 'v1' });
    expect(again.note).toContain('already champion');
    expect(await registry.history('champion')).toHaveLength(1);
  });

  it('rejects invalid alias names before touching the registry', async () => {
    await push({ accuracy: 0.85, auc: 0.9 });
    for (const alias of ['latest', 'v3', 'Bad Alias', '-x', 'a'.repeat(129)]) {
      await expect(promoteVersion(registry, { alias, gates, actor: 'a' })).rejects.toThrow(/invalid alias/);
    }
    expect(await registry.history()).toHaveLength(0);
  });
});

describe('rollbackAlias', () => {
  it('returns to the previous champion, records actor and reason, and is a no-op when repeated', async () => {
    await push({ accuracy: 0.85, auc: 0.9 });
    await promoteVersion(registry, { alias: 'champion', gates, actor: 'a' });
    await push({ accuracy: 0.86, auc: 0.92 });
    await promoteVersion(registry, { alias: 'champion', gates, actor: 'a' });
    const result = await rollbackAlias(registry, { alias: 'champion', actor: 'oncall', reason: 'error rate' });
    expect(result).toMatchObject({ rolled_back: true, champion_before: 'v2', champion_after: 'v1' });
    expect(result.move).toMatchObject({ from: 'v2', to: 'v1', actor: 'oncall', reason: 'rollback: error rate' });
    const again = await rollbackAlias(registry, { alias: 'champion', actor: 'oncall' });
    expect(again).toMatchObject({ rolled_back: false, champion_after: 'v1' });
    expect(again.note).toContain('already rolled back');
    expect(await registry.resolveAlias('champion')).toBe('v1');
    expect(await registry.history('champion')).toHaveLength(3);
  });

  it('rolls back to --to V, and to the current champion as a no-op', async () => {
    await push({ accuracy: 0.85, auc: 0.9 });
    await push({ accuracy: 0.85, auc: 0.91 });
    await push({ accuracy: 0.85, auc: 0.92 });
    for (const version of ['v1', 'v2', 'v3']) await promoteVersion(registry, { alias: 'champion', gates, actor: 'a', version });
    expect((await rollbackAlias(registry, { alias: 'champion', actor: 'a', to: 'v1' })).champion_after).toBe('v1');
    const same = await rollbackAlias(registry, { alias: 'champion', actor: 'a', to: 'v1' });
    expect(same).toMatchObject({ rolled_back: false, champion_after: 'v1' });
    expect(same.note).toContain('already v1');
  });

  it('says so when there is nothing to roll back to', async () => {
    await expect(rollbackAlias(registry, { alias: 'champion', actor: 'a' })).rejects.toThrow(/points at no version/);
    await push({ accuracy: 0.85, auc: 0.9 });
    await promoteVersion(registry, { alias: 'champion', gates, actor: 'a' });
    await expect(rollbackAlias(registry, { alias: 'champion', actor: 'a' })).rejects.toThrow(/no champion before v1/);
    await expect(rollbackAlias(registry, { alias: 'champion', actor: 'a', to: 'v9' })).rejects.toThrow(/v9/);
  });
});
