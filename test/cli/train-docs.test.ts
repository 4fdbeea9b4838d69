// The examples in docs/training.md and docs/promotion.md, run as written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PipelineSpec } from '../../schema/src/index.ts';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { docBlock, docCommands } from '../support/doc-examples.ts';
import { PipelineWorkspace } from '../support/pipeline-workspace.ts';

const root = join(import.meta.dirname, '../..');

let ws: PipelineWorkspace | undefined;
afterEach(() => ws?.cleanup());

describe('docs/training.md', () => {
  it('shows the train section of the churn example as it is', () => {
    const documented = parse(docBlock('training.md', 'train-section')) as PipelineSpec;
    const example = parse(readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8')) as PipelineSpec;
    expect(documented.train).toEqual(example.train);
  });

  it('runs the train example in the churn example', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    for (const argv of docCommands(docBlock('training.md', 'train-cli'))) {
      const result = await ws.cli(argv);
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
    }
    const record = JSON.parse(ws.read('build/run.json'));
    expect(record.data.train.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(ws.read('model/params.json'))).toEqual({ 'learning-rate': 0.05, epochs: 20 });
    const versions = await openRegistry('file:.pipewright/registry', { workspace: ws.dir }).list();
    expect(versions.map((v) => v.card.run.id)).toEqual([record.run_id]);
  });
});

describe('docs/promotion.md', () => {
  it('shows the promote section of the churn example as it is', () => {
    const documented = parse(docBlock('promotion.md', 'promote-section')) as PipelineSpec;
    const example = parse(readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8')) as PipelineSpec;
    expect(documented.promote).toEqual(example.promote);
  });

  it('runs the promote and rollback example: champion v2, then v1 again', async () => {
    ws = PipelineWorkspace.from('examples/churn');
    const outputs: string[] = [];
    for (const argv of docCommands(docBlock('promotion.md', 'promote-cli'))) {
      const result = await ws.cli(argv, { GITHUB_ACTOR: 'octocat' });
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(0);
      outputs.push(result.stdout);
    }
    expect(outputs.join('')).toContain('champion: v1 -> v2 (promoted v2)');
    expect(outputs.join('')).toContain('champion: v2 -> v1 (rolled back by octocat; reason: rollback: error rate up after v2)');
    const registry = openRegistry('file:.pipewright/registry', { workspace: ws.dir });
    expect(await registry.resolveAlias('champion')).toBe('v1');
    expect((await registry.history('champion')).map((m) => m.to)).toEqual(['v1', 'v2', 'v1']);
  });
});
