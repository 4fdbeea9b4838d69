// The rest of the language service, called directly with the cursor marked in the source:
// diagnostics (identical to `pipewright check`), hover, definition and references, outline,
// folding and template tokens.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineSchema } from '../../../schema/src/index.ts';
import {
  definition,
  diagnose,
  documentSymbols,
  foldingRanges,
  hover,
  references,
  semanticTokens,
  semanticTokensLegend,
} from '../../../shared/src/language/index.ts';
import { checkSpecText } from '../../../shared/src/spec/index.ts';
import { marked, textAt } from '../../support/marked.ts';

const root = join(import.meta.dirname, '../../..');
const churnFile = join(root, 'examples/churn/pipewright.yaml');
const churn = readFileSync(churnFile, 'utf8');
const definitions = pipelineSchema.definitions as Record<string, { description?: string; properties: Record<string, { description: string }> }>;
const invalidDir = join(root, 'test/fixtures/spec/invalid');

function inChurn(replace: string, by: string): string {
  expect(churn).toContain(replace);
  return churn.replace(replace, by);
}

/** `line:col-line:col code message`, 0-based, from either side. */
function fromCheck(text: string, file: string): string[] {
  return checkSpecText(text, file, { fileExists: () => true }).map((d) => `${d.line - 1}:${d.column - 1}-${d.endLine - 1}:${d.endColumn - 1} ${d.code} ${d.message}`);
}
function fromServer(text: string, file: string, shift = 0): string[] {
  return diagnose(text, { file, fileExists: () => true }).map(
    (d) => `${d.range.start.line}:${d.range.start.character - (d.range.start.line === 0 ? shift : 0)}-${d.range.end.line}:${d.range.end.character - (d.range.end.line === 0 ? shift : 0)} ${d.code} ${d.message}`,
  );
}

describe('diagnose', () => {
  const fixtures = readdirSync(invalidDir).filter((f) => f.endsWith('.yaml'));

  it.each(fixtures)('%s: the same codes, ranges and messages as pipewright check', (name) => {
    const file = join(invalidDir, name);
    const text = readFileSync(file, 'utf8');
    const expected = fromCheck(text, file);
    expect(expected.length).toBeGreaterThan(0);
    expect(fromServer(text, file)).toEqual(expected);
  });

  it('a BOM shifts the first line by one character and changes nothing else', () => {
    const file = join(invalidDir, 'drift-method.yaml');
    const text = readFileSync(file, 'utf8');
    expect(fromServer(`\uFEFF${text}`, file, 1)).toEqual(fromCheck(text, file));
  });

  it('CRLF line ends give the same lines and columns as LF', () => {
    const file = join(invalidDir, 'enum-did-you-mean.yaml');
    const text = readFileSync(file, 'utf8');
    expect(fromServer(text.replace(/\n/g, '\r\n'), file)).toEqual(fromServer(text, file));
  });

  it('the example spec has no diagnostics', () => {
    expect(diagnose(churn, { file: churnFile, fileExists: () => true })).toEqual([]);
  });

  it('a misspelt reference says what it should be, with the source and severity LSP expects', () => {
    const [d, ...rest] = diagnose(inChurn('  reference: train', '  reference: trian'), { file: churnFile, fileExists: () => true });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 1, source: 'pipewright', code: 'unknown-dataset', message: "drift 'reference' names unknown dataset 'trian' — did you mean 'train'?" });
  });
});

describe('hover', () => {
  it('shows the schema description of the key under the cursor', () => {
    const { text, position } = marked(inChurn('    format: csv', '    for|mat: csv'));
    const got = hover(text, position)!;
    expect(got.contents.value).toContain(definitions.Dataset!.properties.format!.description);
    expect(got.contents.value).toContain('`csv`, `jsonl`, `parquet`');
    expect(textAt(text, got.range)).toBe('format');
  });

  it('shows the default and an example', () => {
    const { text, position } = marked(inChurn('  share: 0.5', '  sha|re: 0.5'));
    const value = hover(text, position)!.contents.value;
    expect(value).toContain('Default: `0.5`');
    expect(value).toMatch(/Example:\n```yaml\nshare: [\d.]+\n```/);
  });

  it('on a value, describes the key it belongs to', () => {
    const { text, position } = marked(inChurn('  on-drift: retrain', '  on-drift: ret|rain'));
    expect(hover(text, position)!.contents.value).toContain('`retrain`, `alert`, `fail`');
  });

  it('on a list item, says what the list is for', () => {
    const { text, position } = marked(inChurn('  needs: [features]', '  needs: [feat|ures]'));
    const train = pipelineSchema.definitions as Record<string, { properties: Record<string, { description: string }> }>;
    const value = hover(text, position)!.contents.value;
    expect(value).toContain(train.Train!.properties.needs!.description);
    expect(value).toContain(`→ stage \`features\`, defined on line ${text.split('\n').indexOf('  features:') + 1}`);
    const builtIn = marked(inChurn('needs: [validate]', 'needs: [vali|date]'));
    expect(hover(builtIn.text, builtIn.position)!.contents.value).toContain('→ the built-in step `validate`');
    const missing = marked(inChurn('  reference: train', '  reference: tra|ining'));
    expect(hover(missing.text, missing.position)!.contents.value).toContain('dataset `training` is not defined');
  });

  it('on a template, shows what it resolves to', () => {
    const { text, position } = marked(inChurn('--data {{ datasets.train.path }}', '--data {{ datasets.tr|ain.path }}'));
    const got = hover(text, position)!;
    expect(got.contents.value).toContain('resolves to `data/train.csv`');
    expect(textAt(text, got.range)).toBe('{{ datasets.train.path }}');
  });

  it('works from indentation while the text does not parse', () => {
    const { text, position } = marked(inChurn('  share: 0.5', '  sha|re: [0.5'));
    expect(hover(text, position)!.contents.value).toContain('**drift.share**');
  });
});

describe('definition and references', () => {
  const at = (source: string) => marked(source);

  it('`needs` goes to the stage', () => {
    const { text, position } = at(inChurn('  needs: [features]', '  needs: [feat|ures]'));
    const [range, ...more] = definition(text, position);
    expect(more).toEqual([]);
    expect(textAt(text, range!)).toBe('features');
    expect(range!.start.line).toBe(text.split('\n').indexOf('  features:'));
  });

  it('`like` and drift go to the dataset, an analysis entry to its metric', () => {
    const like = at(inChurn('  live:\n    path: data/live/*.jsonl\n    like: train', '  live:\n    path: data/live/*.jsonl\n    like: tr|ain'));
    expect(definition(like.text, like.position).map((r) => r.start.line)).toEqual([like.text.split('\n').indexOf('  train:')]);
    const drift = at(inChurn('  current: live', '  current: li|ve'));
    expect(definition(drift.text, drift.position).map((r) => r.start.line)).toEqual([drift.text.split('\n').indexOf('  live:')]);
    const analysis = at(inChurn('analysis: [errors]', 'analysis: [err|ors]'));
    const [metric] = definition(analysis.text, analysis.position);
    expect(textAt(analysis.text, metric!)).toBe('errors');
    expect(metric!.start.line).toBe(analysis.text.split('\n').findIndex((line) => line.startsWith('      errors:')));
  });

  it('finds every use of a dataset: like, drift and templates', () => {
    const { text, position } = at(inChurn('datasets:\n  train:', 'datasets:\n  tr|ain:'));
    const found = references(text, position, true);
    const lines = text.split('\n');
    const used = found.map((r) => `${lines[r.start.line]!.trim()} @${textAt(text, r)}`);
    expect(used).toEqual([
      'train: @train',
      'like: train @train',
      'like: train @train',
      'reference: train @train',
      'run: python3 -m churn.features --in {{ datasets.train.path }} --out build/features.csv @train',
      'run: python3 train.py --data {{ datasets.train.path }} --out model/ @train',
    ]);
    expect(references(text, position, false)).toHaveLength(found.length - 1);
  });

  it('finds no definition for a built-in step or a plain value', () => {
    const builtIn = at(inChurn('needs: [validate]', 'needs: [valid|ate]'));
    expect(definition(builtIn.text, builtIn.position)).toEqual([]);
    const plain = at(inChurn('  method: auto', '  method: au|to'));
    expect(definition(plain.text, plain.position)).toEqual([]);
  });
});

describe('outline, folding and template tokens', () => {
  it('lists the sections, then datasets, stages and canary steps by name', () => {
    const symbols = documentSymbols(churn);
    expect(symbols.map((s) => s.name)).toEqual(['version', 'name', 'datasets', 'drift', 'stages', 'train', 'registry', 'promote', 'deploy']);
    expect(symbols.find((s) => s.name === 'datasets')!.children!.map((s) => s.name)).toEqual(['train', 'live', 'customers_db']);
    const canary = symbols.find((s) => s.name === 'deploy')!.children!.find((s) => s.name === 'canary')!;
    const steps = canary.children!.find((s) => s.name === 'steps')!.children!.map((s) => s.name);
    expect(steps.slice(0, 3)).toEqual(['weight: 10', 'pause: 4s', 'weight: 50']);
    expect(documentSymbols('version: [1\n')).toEqual([]);
  });

  it('folds each block by indentation, also while the text does not parse', () => {
    const lines = churn.split('\n');
    const folds = foldingRanges(churn);
    const datasets = folds.find((f) => lines[f.startLine] === 'datasets:')!;
    expect(lines[datasets.endLine]).toBe('    like: train');
    expect(folds.find((f) => f.kind === 'comment')).toEqual({ startLine: 0, endLine: 1, kind: 'comment' });
    const broken = foldingRanges('a:\n  b: [\n  c: 1\nd: 2\n');
    expect(broken).toEqual([{ startLine: 0, endLine: 2 }]);
  });

  it('marks the braces, root and segments of each template, and none in comments', () => {
    const text = 'train:\n  run: python3 x.py --data {{ datasets.train.path }} # {{ not.this }}\n';
    const { data } = semanticTokens(text);
    const tokens: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!;
      character = data[i] === 0 ? character + data[i + 1]! : data[i + 1]!;
      tokens.push(`${line}:${text.split('\n')[line]!.slice(character, character + data[i + 2]!)}:${semanticTokensLegend.tokenTypes[data[i + 3]!]}`);
    }
    expect(tokens).toEqual(['1:{{:macro', '1:datasets:variable', '1:train:property', '1:path:property', '1:}}:macro']);
  });
});
