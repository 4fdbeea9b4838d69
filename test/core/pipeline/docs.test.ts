// docs/pipeline.md's example output is what `pipewright run` prints on the churn example.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { main } from '../../../cli/src/main.ts';
import { prepareDemoWorkspace } from '../../../shared/src/pipeline/index.ts';
import { docBlock } from '../../support/doc-examples.ts';

const root = resolve(import.meta.dirname, '../../..');

function documentedOutput(): string[] {
  return docBlock('pipeline.md', 'run-output').trim().split('\n').slice(1);
}

/** Times, run ids, digests and memory vary from run to run: compare the rest. */
function normalise(line: string): string {
  return line
    .replace(/ \(\d+\.\d+ s\)$/, '')
    .replace(/run \d{8}T\d{6}Z-[0-9a-f]{8}/, 'run <run-id>')
    .replace(/; \d+\.\d+ s, peak \d+ MB/, '; <seconds> s, peak <mb> MB')
    .replace(/sha256:[0-9a-f]{12}…/, 'sha256:<digest>…');
}

it('matches docs/pipeline.md line for line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-pipeline-doc-'));
  try {
    prepareDemoWorkspace(join(root, 'examples/churn'), join(dir, 'churn'));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk) => (out += chunk));
    const code = await main(['run', 'pipewright.yaml'], { stdout, stderr: new PassThrough(), cwd: join(dir, 'churn'), env: process.env, signal: new AbortController().signal });
    expect(code).toBe(0);
    // The stage and training logs go to stdout too; the step lines are the ones with a mark.
    const steps = out.split('\n').filter((l) => /^[✓✗-] |^Pipeline /.test(l));
    expect(steps.map(normalise)).toEqual(documentedOutput());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
