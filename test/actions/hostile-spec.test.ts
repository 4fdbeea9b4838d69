// Hostile specs and data reach the actions as they reach the CLI: a recursive alias, an alias
// bomb and 5,000-deep nesting each fail the step with one line naming the spec line, and a
// binary data file is named as binary; never a stack trace or an internal error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoStackTrace, runAction } from '../support/action-runner.ts';

const CONTRACT = 'datasets:\n  train:\n    path: train.csv\n    columns:\n      a: { type: integer }\ntrain:\n  run: python3 train.py\n';
const BOMB = `${'abcdefgh'
  .split('')
  .map((l, i) => (i === 0 ? `${l}: &${l} [${Array(10).fill('lol').join(', ')}]` : `${l}: &${l} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`))
  .join('\n')}\n`;

const SPECS: Array<[string, string, string, number]> = [
  ['a recursive alias', `version: 1\nname: x\n${CONTRACT}x-loop: &loop [*loop, *loop]\n`, 'recursive-alias', 10],
  ['an alias bomb', `version: 1\nname: x\n${CONTRACT}${BOMB}`, 'alias-bomb', 15],
  ['5,000-deep nesting', `version: 1\nname: x\n${CONTRACT}x-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'too-deep', 10],
];

function workspace(spec: string, data = 'a\n1\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-hostile-'));
  writeFileSync(join(dir, 'pipewright.yaml'), spec);
  writeFileSync(join(dir, 'train.csv'), data);
  writeFileSync(join(dir, 'train.py'), 'raise SystemExit(1)\n');
  return dir;
}

describe('hostile specs in the actions', () => {
  it.each(SPECS)('%s fails validate-data and train with a diagnostic on its line', (_name, spec, code, line) => {
    const dir = workspace(spec);
    for (const [action, inputs] of [
      ['validate-data', { dataset: 'train' }],
      ['train', {}],
    ] as const) {
      const result = runAction(action, { workspace: dir, inputs, timeoutMs: 20_000 });
      expect(result.exitCode, `${action}: ${result.stdout}`).toBe(1);
      const error = result.commands.find((c) => c.command === 'error')!;
      expect(error.message, action).toMatch(new RegExp(`/pipewright\\.yaml:${line}:\\d+: .*\\[${code}\\]`));
      expect(error.message).not.toMatch(/internal|Unexpected error|RangeError/);
      expectNoStackTrace(result);
    }
  });

  it('names a binary data file as binary data at byte 0', () => {
    const dir = workspace(`version: 1\nname: x\n${CONTRACT}`);
    writeFileSync(join(dir, 'train.csv'), Buffer.alloc(200 * 1024, 0xb9));
    const result = runAction('validate-data', { workspace: dir, inputs: { dataset: 'train' } });
    expect(result.exitCode).toBe(1);
    expect(result.commands.find((c) => c.command === 'error')!.message).toMatch(/^binary data at byte 0: expected CSV text/);
    expect(result.stdout.length).toBeLessThan(2000);
    expectNoStackTrace(result);
  });
});
