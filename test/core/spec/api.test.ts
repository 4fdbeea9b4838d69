// The spec API other concerns call: loading, contracts, commands, templates, durations.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../shared/src/errors.ts';
import {
  checkSpec,
  checkSpecText,
  datasetContract,
  loadSpec,
  loadValidSpec,
  type PipelineSpec,
  parseDuration,
  pathAtOffset,
  renderCommand,
  renderTemplate,
  SpecError,
  specTemplateContext,
  splitCommand,
  TemplateError,
} from '../../../shared/src/spec/index.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/spec');

function tempSpec(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-spec-'));
  const file = join(dir, 'pipewright.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadSpec', () => {
  it('loads the minimal spec with no diagnostics', async () => {
    const loaded = await loadSpec(join(fixtures, 'valid/minimal.yaml'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.spec).toEqual({ version: 1, name: 'minimal' });
    expect(loaded.workspace).toBe(join(fixtures, 'valid'));
  });

  it('loads the ARCHITECTURE.md example with no errors (its scripts are missing: warnings only)', async () => {
    const loaded = await loadSpec(join(fixtures, 'valid/architecture.yaml'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.diagnostics.map((d) => `${d.line}:${d.code}`)).toEqual(['45:missing-script', '89:missing-script']);
    expect(loaded.spec.deploy?.canary?.steps).toHaveLength(7);
  });

  it('returns diagnostics instead of throwing for an invalid spec', async () => {
    const loaded = await loadSpec(tempSpec('version: 1\nname: x\ndrift: { reference: a, current: b }\n'));
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['unknown-dataset', 'unknown-dataset']);
  });

  it('throws InputError (exit 2) for a missing file or a directory', async () => {
    await expect(loadSpec('/nonexistent/pipewright.yaml')).rejects.toThrow(InputError);
    await expect(loadSpec(fixtures)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('it is a directory') });
  });

  it('loadValidSpec throws SpecError (exit 1) naming the first error and the count', async () => {
    const file = tempSpec('version: 1\nname: x\ndrift: { reference: a, current: b }\n');
    const error = await loadValidSpec(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).exitCode).toBe(1);
    expect((error as SpecError).message).toBe(
      `${file}:3:21: drift 'reference' names unknown dataset 'a' (the spec defines no datasets) [unknown-dataset] (and 1 more error; run 'pipewright check')`,
    );
  });

  it('loadValidSpec returns a spec that only has warnings', async () => {
    const loaded = await loadValidSpec(tempSpec('version: 1\nname: x\ntrain: { run: python3 train.py }\n'));
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['missing-script']);
    expect(loaded.spec.train?.run).toBe('python3 train.py');
  });

  it('resolves paths against the given workspace', () => {
    const text = 'version: 1\nname: x\ndatasets:\n  t: { path: ../data/t.csv }\n';
    expect(checkSpecText(text, '/w/sub/pipewright.yaml').map((d) => d.code)).toEqual(['path-escape']);
    // Paths resolve against the workspace, not the spec's directory: from '/', '../data' is '/data'.
    expect(checkSpecText(text, '/w/sub/pipewright.yaml', { workspace: '/' })).toEqual([]);
  });

  it('asks fileExists about scripts', () => {
    const text = 'version: 1\nname: x\ntrain: { run: python3 train.py }\n';
    const asked: string[] = [];
    const diagnostics = checkSpecText(text, '/w/pipewright.yaml', {
      fileExists: (p) => {
        asked.push(p);
        return true;
      },
    });
    expect(diagnostics).toEqual([]);
    expect(asked).toEqual(['/w/train.py']);
  });
});

describe('pathAtOffset', () => {
  it('finds the key or value under a cursor, for hover and completion', () => {
    const text = 'version: 1\nname: x\ndeploy:\n  canary:\n    steps:\n      - weight: 5\n      - pause: 1s\n';
    const { tree } = checkSpec(text, '/w/pipewright.yaml');
    const at = (word: string, on: 'key' | 'value') => {
      const found = pathAtOffset(tree, text.indexOf(word));
      expect(found?.on).toBe(on);
      return found?.path;
    };
    expect(at('version', 'key')).toEqual(['version']);
    expect(at('canary', 'key')).toEqual(['deploy', 'canary']);
    expect(at('weight', 'key')).toEqual(['deploy', 'canary', 'steps', 0, 'weight']);
    expect(at('1s', 'value')).toEqual(['deploy', 'canary', 'steps', 1, 'pause']);
    expect(pathAtOffset(tree, text.length + 5)).toBeUndefined();
  });
});

describe('datasetContract', () => {
  const spec: PipelineSpec = {
    version: 1,
    name: 'churn',
    datasets: {
      base: { path: 'data/base.csv', strict: true, columns: { id: { type: 'string' } }, checks: { 'row-count': { min: 10 } } },
      train: { path: 'data/train.csv', format: 'csv', like: 'base', checks: { 'row-count': { min: 1000 } } },
      live: { path: 'data/live/*.jsonl', like: 'train' },
      db: { sql: { engine: 'postgres', 'url-env': 'DATABASE_URL', table: 'customers' }, like: 'train' },
      loop: { path: 'x.csv', like: 'loop' },
    },
  };

  it('takes each key from the nearest dataset in the like chain; own keys win', () => {
    expect(datasetContract(spec, 'live')).toEqual({
      path: 'data/live/*.jsonl',
      strict: true,
      columns: { id: { type: 'string' } },
      checks: { 'row-count': { min: 1000 } },
    });
  });

  it('never inherits path, format or sql', () => {
    const db = datasetContract(spec, 'db');
    expect(db.path).toBeUndefined();
    expect(db.format).toBeUndefined();
    expect(db.sql).toEqual({ engine: 'postgres', 'url-env': 'DATABASE_URL', table: 'customers' });
  });

  it('throws for an unknown dataset and for a like cycle', () => {
    expect(() => datasetContract(spec, 'nope')).toThrow("unknown dataset 'nope'");
    expect(() => datasetContract(spec, 'loop')).toThrow("'like' cycle: loop → loop");
  });
});

describe('splitCommand, renderTemplate, renderCommand', () => {
  it('splits with shell-words rules and runs no shell syntax', () => {
    expect(splitCommand(`python3 train.py --name "a b" 'c d' e\\ f x;y $(id) a|b`)).toEqual([
      'python3', 'train.py', '--name', 'a b', 'c d', 'e f', 'x;y', '$(id)', 'a|b',
    ]);
  });

  it('keeps a template with spaces inside its argument', () => {
    expect(splitCommand('helm upgrade --set image.tag={{ model.version }} --set w={{ weight }}')).toEqual([
      'helm', 'upgrade', '--set', 'image.tag={{ model.version }}', '--set', 'w={{ weight }}',
    ]);
  });

  it('throws on an unclosed quote', () => {
    expect(() => splitCommand('echo "oops')).toThrow('a quote is not closed');
  });

  it('templates each argument after splitting, so values are never split or interpreted', () => {
    const context = { datasets: { train: { path: 'my data/train.csv' } }, model: { version: 'v3' }, weight: 25, branch: '$(rm -rf /); x' };
    expect(renderCommand('python3 train.py --data {{ datasets.train.path }} --tag v={{model.version}} -w {{ weight }} {{ branch }}', context)).toEqual([
      'python3', 'train.py', '--data', 'my data/train.csv', '--tag', 'v=v3', '-w', '25', '$(rm -rf /); x',
    ]);
  });

  it('throws TemplateError for a reference that resolves to nothing or to a mapping', () => {
    expect(() => renderTemplate('{{ model.version }}', {})).toThrow(TemplateError);
    expect(() => renderTemplate('{{ datasets.train }}', { datasets: { train: { path: 'x' } } })).toThrow('is a mapping');
    expect(() => renderTemplate('{{ oops', {})).toThrow('unclosed template');
  });

  it('builds the spec part of the context', () => {
    const spec: PipelineSpec = { version: 1, name: 'churn', datasets: { train: { path: 'd.csv' } }, train: { run: 'x', params: { lr: 0.1 } } };
    const context = specTemplateContext(spec, { model: { version: 'v1' } });
    expect(renderTemplate('{{ name }} {{ datasets.train.path }} {{ params.lr }} {{ train.params.lr }} {{ model.version }}', context)).toBe('churn d.csv 0.1 0.1 v1');
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['60s', 60_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['60 seconds', '60', '', '1.5h', 's', '-5s', '5 s'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(`found '${text}'`);
  });
});
