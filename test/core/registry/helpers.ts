// Builds model cards and temp workspaces for registry tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelCard } from '../../../shared/src/registry/index.ts';

export const fixtures = join(import.meta.dirname, '../../fixtures/registry');

export function card(runId: string, metrics: Record<string, number> = { accuracy: 0.87 }): Omit<ModelCard, 'version'> {
  return {
    name: 'churn',
    created: '2026-11-26T01:00:00.000Z',
    metrics,
    params: { 'learning-rate': 0.05 },
    data: { train: { path: 'data/train.csv', fingerprint: `sha256:${'a'.repeat(64)}` } },
    git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false },
    run: { id: runId },
    train_seconds: 12.5,
    peak_memory_mb: 120,
  };
}

export function tempWorkspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pw-reg-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
