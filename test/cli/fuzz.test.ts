// Seeded fuzzing of the spec checker and the data readers through the CLI, in-process: mutated
// specs, CSV and JSON Lines (deleted runs, truncation, flipped bytes, BOMs, NULs, lone
// surrogates, anchors and aliases). Every case must end with exit 0, 1 or 2, exactly one JSON
// document on stdout and no stack trace. A failure prints fast-check's seed and path; rerun
// it with PIPEWRIGHT_FUZZ_SEED=<seed>, or fuzz longer with PIPEWRIGHT_FUZZ_RUNS=<n>.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const SEED = Number(process.env.PIPEWRIGHT_FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.PIPEWRIGHT_FUZZ_RUNS ?? 100);
const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pw-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = `version: 1
name: churn
datasets:
  train: &contract
    path: train.csv
    strict: true
    columns:
      customer_id: { type: string, nullable: false, unique: true }
      age:         { type: integer, min: 18, max: 120 }
      plan:        { type: string, values: [basic, pro, enterprise] }
      email:       { type: string, pattern: '^[^@]+@[^@]+$', mostly: 0.9 }
      signup_date: { type: date, min: '2020-01-01' }
      spend_30d:   { type: number, min: 0 }
      churned:     { type: boolean, nullable: false }
    checks:
      row-count:    { min: 5 }
      missing-rows: { max: 0.2 }
      duplicates:   { columns: [customer_id], max: 0 }
      freshness:    { column: signup_date, max-age: 3650d }
  live:
    path: live.jsonl
    like: train
train:
  run: python3 train.py --data {{ datasets.train.path }} --lr {{ train.params.lr }}
  params: { lr: 0.05 }
`;

const PLANS = ['basic', 'pro', 'enterprise'];
const rows = Array.from({ length: 24 }, (_, i) => ({
  customer_id: `c${i}`,
  age: 18 + ((i * 7) % 80),
  plan: PLANS[i % 3]!,
  email: `user${i}@example.com`,
  signup_date: `2026-0${1 + (i % 9)}-1${i % 10}`,
  spend_30d: (i * 13.25) % 400,
  churned: i % 4 === 0,
}));
const CSV = `${Object.keys(rows[0]!).join(',')}\n${rows.map((r) => Object.values(r).join(',')).join('\n')}\n`;
const JSONL = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
const CHURN = readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8');

/** Byte strings a mutation inserts: markers of encodings, YAML anchors and aliases, CSV and JSON syntax. */
const FRAGMENTS: Uint8Array[] = [
  [0xef, 0xbb, 0xbf], // a UTF-8 BOM
  [0xff, 0xfe], // a UTF-16 BOM
  [0x00],
  [0xed, 0xa0, 0x80], // a lone high surrogate, as WTF-8 bytes
  [0xed, 0xbf, 0xbf], // a lone low surrogate
  [0xc3], // a cut two-byte character
  [0xb9, 0xb9, 0xb9, 0xb9],
].map((b) => Uint8Array.from(b));
const TEXT_FRAGMENTS = [
  '&a ', '*a', '&a [*a, *a]', '<<: *a', '*contract', '&x { y: *x }', '"\\ud800"', '"\\udfff\\ud800"', '\\ud83d',
  ',', '"', '""', '\n', '\r\n', '\r', '{', '}', '[', ']', ':', ': ', '- ', '\t', '{{', '}}', '{{ nope }}', '---\n', '#',
  'null', 'NaN', '-1e400', '9'.repeat(40), ',,,,', '\u2028', '😀', 'é', '\\',
];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'repeat'; at: number; length: number; to: number };

const position = fc.nat({ max: 1 << 20 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.oneof(fc.constant(0), position),
    bytes: fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.constantFrom(...TEXT_FRAGMENTS).map((t) => new TextEncoder().encode(t)),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
    ),
  }),
  fc.record({ kind: fc.constant('repeat' as const), at: position, length: fc.integer({ min: 1, max: 200 }), to: position }),
);

function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  const b = Buffer.from(input);
  const at = b.length === 0 ? 0 : m.at % (b.length + 1);
  switch (m.kind) {
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    case 'truncate':
      return b.subarray(0, at);
    case 'flip':
      if (at < b.length) b[at] = b[at]! ^ m.mask;
      return b;
    case 'insert':
      return Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    case 'repeat': {
      const to = b.length === 0 ? 0 : m.to % (b.length + 1);
      return Buffer.concat([b.subarray(0, to), b.subarray(at, at + m.length), b.subarray(to)]);
    }
  }
}

/** Edits that keep YAML well-formed enough to reach the alias and depth checks. */
type YamlMutation =
  | { kind: 'alias'; line: number; to: number }
  | { kind: 'nest'; line: number; depth: number }
  | { kind: 'bomb'; line: number; width: number };

const yamlMutation: fc.Arbitrary<YamlMutation> = fc.oneof(
  fc.record({ kind: fc.constant('alias' as const), line: fc.nat({ max: 200 }), to: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('nest' as const), line: fc.nat({ max: 200 }), depth: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constant(5000)) }),
  fc.record({ kind: fc.constant('bomb' as const), line: fc.nat({ max: 200 }), width: fc.integer({ min: 2, max: 12 }) }),
);

/** The offset just after `key: ` on a line (or after `key:` closing a line), or -1 when there is no key. */
function valueStart(line: string): number {
  const m = /^(\s*(?:- )?[\w-]+:)( +(?=\S)|\s*$)/.exec(line);
  return m ? m[1]!.length + m[2]!.length : -1;
}

/** `line` with `text` as the start of its value: `key: text value` or `key: text`. */
function withValue(line: string, at: number, text: string, replace: boolean): string {
  const head = line.slice(0, at).trimEnd();
  return `${head} ${text}${replace ? '' : ` ${line.slice(at)}`}`.trimEnd();
}

function mutateYaml(text: string, m: YamlMutation): string {
  const lines = text.split('\n');
  // Aliases are most interesting inside the block they could name: anchor a block's parent key.
  const parents = lines.flatMap((line, k) => (/^\s*[\w-]+:\s*$/.test(line) ? [k] : []));
  const i = m.kind === 'alias' && parents.length > 0 ? parents[m.line % parents.length]! : m.line % lines.length;
  const line = lines[i]!;
  const at = valueStart(line);
  if (m.kind === 'bomb') {
    const row = (name: string, of: string) => `${name}: &${name} [${Array(m.width).fill(of).join(', ')}]`;
    const chain = Array.from({ length: 9 }, (_, k) => row(`l${k}`, k === 0 ? 'lol' : `*l${k - 1}`));
    lines.splice(i, 0, ...(/^\S/.test(line) || line === '' ? chain : []));
    return lines.join('\n');
  }
  if (at === -1) return text;
  if (m.kind === 'nest') {
    lines[i] = withValue(line, at, `${'['.repeat(m.depth)}${line.slice(at)}${']'.repeat(m.depth)}`, true);
    return lines.join('\n');
  }
  // Anchor this line's value and alias it from a line soon after: inside the anchored block, a cycle.
  lines[i] = withValue(line, at, '&fz', false);
  const j = (i + 1 + (m.to % 6)) % lines.length;
  const target = valueStart(lines[j]!);
  if (target !== -1 && j !== i) lines[j] = withValue(lines[j]!, target, '*fz', true);
  return lines.join('\n');
}

type Target = 'spec' | 'churn' | 'csv' | 'jsonl';
const COMMANDS: Record<Target, string[]> = {
  spec: ['check', '--format', 'json'],
  churn: ['check', '--format', 'json'],
  csv: ['validate', '--dataset', 'train', '--format', 'json'],
  jsonl: ['validate', '--dataset', 'live', '--format', 'json'],
};

/** Diagnostic and error codes the cases produced, per target: the fuzzer must reach the hard cases. */
const seen: Record<Target, Set<string>> = { spec: new Set(), churn: new Set(), csv: new Set(), jsonl: new Set() };

async function runCase(target: Target, mutations: Mutation[], yamlMutations: YamlMutation[] = []): Promise<void> {
  const base = yamlMutations.reduce(mutateYaml, { spec: SPEC, churn: CHURN, csv: CSV, jsonl: JSONL }[target]);
  const bytes = mutations.reduce<Uint8Array>(mutate, new TextEncoder().encode(base));
  writeFileSync(join(dir, 'pipewright.yaml'), target === 'spec' || target === 'churn' ? bytes : SPEC);
  writeFileSync(join(dir, 'train.csv'), target === 'csv' ? bytes : CSV);
  writeFileSync(join(dir, 'live.jsonl'), target === 'jsonl' ? bytes : JSONL);
  const r = await runCli(COMMANDS[target], { cwd: dir });
  const shown = `${target} exit ${r.code}\nstdout: ${r.stdout.slice(0, 600)}\nstderr: ${r.stderr.slice(0, 600)}`;
  expect([0, 1, 2], shown).toContain(r.code);
  expect(`${r.stdout}\n${r.stderr}`, shown).not.toMatch(/internal error|\n\s+at \S+ \(|RangeError|TypeError/);
  // Exactly one JSON document: JSON.parse refuses a second one or trailing text.
  const doc = JSON.parse(r.stdout) as { error?: { code: string; message: string }; diagnostics?: Array<{ code: string; message: string }>; passed?: boolean };
  expect(typeof doc, shown).toBe('object');
  for (const code of [doc.error?.code, ...(doc.diagnostics ?? []).map((d) => d.code), doc.passed === undefined ? undefined : `passed:${doc.passed}`]) {
    if (code !== undefined) seen[target].add(code);
  }
  for (const message of [doc.error?.message, ...(doc.diagnostics ?? []).map((d) => d.message)]) {
    if (message !== undefined) expect(message.length, shown).toBeLessThanOrEqual(1100);
  }
}

const REACHED: Record<Target, string[]> = {
  spec: ['alias-bomb', 'recursive-alias', 'too-deep', 'yaml-syntax', 'invalid-encoding'],
  churn: ['alias-bomb', 'recursive-alias', 'too-deep', 'yaml-syntax', 'binary-file'],
  csv: ['data-binary', 'csv-encoding', 'csv-header', 'passed:true', 'passed:false'],
  jsonl: ['data-binary', 'jsonl-encoding', 'jsonl-syntax', 'passed:true', 'passed:false'],
};

describe('fuzzing the CLI with mutated specs and data (seeded)', () => {
  (['spec', 'churn', 'csv', 'jsonl'] as const).forEach((target, i) => {
    it(`${target}: exit 0/1/2, one JSON document, no stack trace`, async () => {
      const yaml = target === 'spec' || target === 'churn' ? fc.array(yamlMutation, { maxLength: 3 }) : fc.constant<YamlMutation[]>([]);
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { maxLength: 4 }), yaml, async (mutations, yamlMutations) => runCase(target, mutations, yamlMutations)),
        { seed: SEED + i, numRuns: RUNS, endOnFailure: true },
      );
      // With the committed seed the cases reach what they are meant to: the hostile inputs, and
      // data good enough to pass. Another seed explores; what it reaches is chance.
      if (process.env.PIPEWRIGHT_FUZZ_SEED === undefined) expect([...seen[target]].sort()).toEqual(expect.arrayContaining(REACHED[target]));
    });
  });
});

describe('long arguments', () => {
  it.each([
    ['an unknown option', ['check', `--${'x'.repeat(100_000)}`]],
    ['a --format value', ['check', '--format', 'y'.repeat(100_000)]],
    ['a --dataset value', ['validate', '--dataset', 'z'.repeat(100_000), '--format', 'json']],
  ])('%s of 100 KB is quoted in a short message', async (_name, argv) => {
    writeFileSync(join(dir, 'pipewright.yaml'), SPEC);
    const r = await runCli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`.length).toBeLessThan(1500);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/([xyz])\1{300}/);
  });
});
