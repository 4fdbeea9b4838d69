// Test setup for the promote and rollback actions: a trained, pushed model version.
import { expect } from 'vitest';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { cardFromRunRecord, type RunRecord } from '../../shared/src/train/run-record.ts';
import type { PipelineWorkspace } from '../support/pipeline-workspace.ts';

/** Trains with `quality` as accuracy (auc = quality + 0.05) and pushes the result. */
export async function trainAndPushIn(ws: PipelineWorkspace, quality: number): Promise<string> {
  ws.editSpec((spec) => {
    spec.train!.params!.quality = quality;
  });
  const trained = await ws.cli(['train', '--format', 'json']);
  expect(trained.code).toBe(0);
  const record = JSON.parse(trained.stdout) as RunRecord;
  const registry = openRegistry('file:.pipewright/registry', { workspace: ws.dir });
  return (await registry.push(cardFromRunRecord(record), ws.path('model'))).card.version;
}

