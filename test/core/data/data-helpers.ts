// Test setup for data validation: a temp workspace, files written into it, and a
// validate() that runs the public API on a contract.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { type DatasetContract, type RuleResult, type ValidateOptions, validateDataset } from '../../../shared/src/data/index.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-data-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) put(dir, name, content);
  return dir;
}

export function put(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** Many small byte ranges on two workers: every range boundary is exercised. */
export const TINY_RANGES = { workers: 2, parallelFromBytes: 0, rangeBytes: 97 } as const;

export function validate(dir: string, contract: DatasetContract, options: Partial<ValidateOptions> = {}) {
  return validateDataset('data', contract, { workspace: dir, ...options });
}

/** The result of one rule (and column), failing the test when it is absent. */
export function ruleOf(results: RuleResult[], rule: RuleResult['rule'], column: string | null = null): RuleResult {
  const found = results.find((r) => r.rule === rule && r.column === column);
  if (!found) throw new Error(`no ${rule} result for ${column}: ${results.map((r) => `${r.rule}:${r.column}`).join(', ')}`);
  return found;
}
