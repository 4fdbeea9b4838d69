// Completion, with the cursor marked in the source: schema keys, enum values, names where a
// reference is expected, and paths inside `{{ … }}`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineSchema } from '../../../schema/src/index.ts';
import { complete } from '../../../shared/src/language/index.ts';
import { marked, textAt } from '../../support/marked.ts';

const churn = readFileSync(join(import.meta.dirname, '../../../examples/churn/pipewright.yaml'), 'utf8');
const definitions = pipelineSchema.definitions as Record<string, { properties: Record<string, { enum?: string[] }> }>;

function labels(source: string): string[] {
  const { text, position } = marked(source);
  return complete(text, position).map((item) => item.label);
}

/** The churn example with `replace` swapped for `by` (which holds the cursor). */
function inChurn(replace: string, by: string): string {
  expect(churn).toContain(replace);
  return churn.replace(replace, by);
}

describe('completion of keys', () => {
  it('offers the keys a dataset may have that it does not have yet', () => {
    const got = labels('version: 1\nname: x\ndatasets:\n  train:\n    path: a.csv\n    fo|\n');
    expect(got).toEqual(expect.arrayContaining(['format', 'columns', 'checks', 'like', 'strict']));
    expect(got).not.toContain('path');
    expect(got.sort()).toEqual(Object.keys(definitions.Dataset!.properties).filter((k) => k !== 'path').sort());
  });

  it('replaces the word typed so far, and a key of a mapping opens an indented block', () => {
    const { text, position } = marked('version: 1\nname: x\ndatasets:\n  train:\n    path: a.csv\n    colu|\n');
    const item = complete(text, position).find((i) => i.label === 'columns')!;
    expect(textAt(text, item.textEdit.range)).toBe('colu');
    expect(item.textEdit.newText).toBe('columns:\n      ');
    expect(item.documentation?.value).toBe((pipelineSchema.definitions as Record<string, { properties: Record<string, { description: string }> }>).Dataset!.properties.columns!.description);
  });

  it('offers the top-level sections not yet written', () => {
    const got = labels('version: 1\nname: x\n|');
    expect(got).toEqual(expect.arrayContaining(['datasets', 'drift', 'stages', 'train', 'deploy']));
    expect(got).not.toContain('version');
    expect(got).not.toContain('name');
  });

  it('offers the keys of a flow mapping, minus those already in it', () => {
    const got = labels(inChurn('age:         { type: integer, min: 18, max: 120 }', 'age:         { type: integer, m| }'));
    expect(got).toEqual(expect.arrayContaining(['min', 'max', 'nullable', 'mostly']));
    expect(got).not.toContain('type');
  });

  it('offers the three kinds of canary step after `- `, in both list indentations', () => {
    expect(labels('version: 1\nname: x\ndeploy:\n  canary:\n    steps:\n      - weight: 5\n      - |\n').sort()).toEqual(['analysis', 'pause', 'weight']);
    expect(labels('version: 1\nname: x\ndeploy:\n  canary:\n    steps:\n    - weight: 5\n    - |\n').sort()).toEqual(['analysis', 'pause', 'weight']);
  });

  it('offers the keys of a gate after its first key', () => {
    const got = labels('version: 1\nname: x\npromote:\n  gates:\n    - metric: auc\n      |\n');
    expect(got).toEqual(expect.arrayContaining(['min', 'max', 'vs', 'min-delta']));
    expect(got).not.toContain('metric');
  });

  it('still works while another line of the spec is not valid YAML', () => {
    const got = labels(inChurn('  method: auto', '  method: [auto\n  |'));
    expect(got.sort()).toEqual(['columns', 'threshold']);
  });

  it('offers nothing inside a comment', () => {
    expect(labels('version: 1\nname: x # the mo|\n')).toEqual([]);
  });
});

describe('completion of values', () => {
  it('offers the enum values of the key', () => {
    expect(labels('version: 1\nname: x\ndatasets:\n  train:\n    path: a.csv\n    format: |\n')).toEqual(['csv', 'jsonl', 'parquet']);
    expect(labels(inChurn('  method: auto', '  method: w|'))).toEqual(
      (pipelineSchema.definitions as Record<string, { properties: { method: { enum: string[] } } }>).Drift!.properties.method.enum,
    );
  });

  it('offers true and false for a boolean', () => {
    expect(labels('version: 1\nname: x\ndatasets:\n  train:\n    path: a.csv\n    strict: |\n')).toEqual(['true', 'false']);
  });

  it('offers the other stages and the built-in steps in `needs`', () => {
    const spec = 'version: 1\nname: x\nstages:\n  features:\n    run: a\n  report:\n    run: b\n    needs: [|]\n';
    expect(labels(spec).sort()).toEqual(['features', 'train', 'validate']);
    expect(labels('version: 1\nname: x\nstages:\n  features:\n    run: a\n  report:\n    run: b\n    needs:\n      - |\n').sort()).toEqual(['features', 'train', 'validate']);
    expect(labels(inChurn('  needs: [features]', '  needs: [features, |]')).sort()).toEqual(['features', 'validate']);
  });

  it('offers the datasets for `like` and for drift', () => {
    expect(labels(inChurn('    like: train\n  customers_db', '    like: |\n  customers_db')).sort()).toEqual(['customers_db', 'train']);
    expect(labels(inChurn('  reference: train', '  reference: t|')).sort()).toEqual(['customers_db', 'live', 'train']);
  });

  it('offers the declared columns where a check or drift names one, through like', () => {
    const columns = ['customer_id', 'age', 'plan', 'email', 'signup_date', 'spend_30d', 'churned'];
    expect(labels(inChurn('freshness:    { column: signup_date', 'freshness:    { column: s|'))).toEqual(columns);
    expect(labels(inChurn('duplicates:   { columns: [customer_id]', 'duplicates:   { columns: [customer_id, |]'))).toEqual(columns);
    expect(labels(inChurn('  on-drift: retrain', '  on-drift: retrain\n  columns: [|]'))).toEqual(columns);
  });

  it('offers the defined metrics in an analysis list', () => {
    expect(labels(inChurn('analysis: [errors]', 'analysis: [errors, |]')).sort()).toEqual(['error-rate', 'errors', 'health']);
  });
});

describe('completion inside {{ }}', () => {
  it('offers the template roots, the run-time ones only under deploy', () => {
    const outside = labels(inChurn('--out model/', '--out {{ |'));
    expect(outside).toEqual(expect.arrayContaining(['datasets', 'params', 'stages', 'name', 'env']));
    expect(outside).not.toContain('model');
    expect(labels(inChurn('image.tag={{ model.version }}', 'image.tag={{ | }}'))).toEqual(expect.arrayContaining(['model', 'weight']));
  });

  it('walks the spec for each segment: dataset names, then their keys', () => {
    expect(labels(inChurn('--out model/', '--out {{ datasets.|')).sort()).toEqual(['customers_db', 'live', 'train']);
    const { text, position } = marked(inChurn('--out model/', '--out {{ datasets.train.pa|'));
    const path = complete(text, position).find((i) => i.label === 'path')!;
    expect(path.detail).toBe('data/train.csv');
    expect(textAt(text, path.textEdit.range)).toBe('pa');
    expect(labels(inChurn('--out model/', '--out {{ params.|')).sort()).toEqual(['epochs', 'learning-rate']);
    expect(labels(inChurn('image.tag={{ model.version }}', 'image.tag={{ model.| }}'))).toEqual(['version', 'name', 'digest', 'dir']);
  });
});

describe('completion in unusual text', () => {
  it('reads the structure of a CRLF document and one with a BOM', () => {
    const spec = 'version: 1\nname: x\ndatasets:\n  train:\n    path: a.csv\n    format: |\n';
    expect(labels(spec.replace(/\n/g, '\r\n'))).toEqual(['csv', 'jsonl', 'parquet']);
    expect(labels(`\uFEFF${spec}`)).toEqual(['csv', 'jsonl', 'parquet']);
    const { text, position } = marked(`\uFEFFversion: 1\nname: x\ndatasets:\n  train:\n    path: a.csv\n    fo|\n`);
    const format = complete(text, position).find((i) => i.label === 'format')!;
    expect(textAt(text, format.textEdit.range)).toBe('fo');
  });

  it('offers gate keys inside a flow mapping in a list', () => {
    const got = labels(inChurn('    - { metric: accuracy, min: 0.8 }', '    - { metric: accuracy, m| }'));
    expect(got).toEqual(expect.arrayContaining(['min', 'max', 'min-delta', 'max-delta']));
    expect(got).not.toContain('metric');
  });

  it('offers nothing, and does not throw, on a 5 MB text', () => {
    const big = `version: 1\nname: x\n${'# padding\n'.repeat(520_000)}|`;
    expect(labels(big)).toEqual([]);
  });
});
