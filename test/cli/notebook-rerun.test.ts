// Converting again: byte-identical files, edited files protected, --dry-run writes nothing,
// the spec's stages merged idempotently with the user's comments kept, and --stage NAME
// running one stage from the intermediates a full run saved.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NotebookWorkspace, python } from './notebook-support.ts';

let ws: NotebookWorkspace;
afterEach(() => ws.cleanup());

const files = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
};

const SPEC = `# yaml-language-server: $schema=./schema.json
version: 1
name: churn # the registry name

stages:
  # fetched by hand for now
  fetch:
    run: python3 fetch.py
train:
  run: python3 train.py
`;

// Each test runs python3 with pandas and scikit-learn a few times: slow on a busy machine.
describe('notebook convert, again', { timeout: 180_000 }, () => {
  it('gives byte-identical files for the same notebook', async () => {
    ws = new NotebookWorkspace().withFixture('dataclass_config');
    expect((await ws.cli(['notebook', 'convert', 'dataclass_config.ipynb', '--out', 'a'])).code).toBe(0);
    expect((await ws.cli(['notebook', 'convert', 'dataclass_config.ipynb', '--out', 'b'])).code).toBe(0);
    const [a, b] = [files(join(ws.dir, 'a')), files(join(ws.dir, 'b'))];
    expect(Object.keys(a).length).toBeGreaterThan(8);
    expect(a).toEqual(b);
    const again = await ws.cli(['notebook', 'convert', 'dataclass_config.ipynb', '--out', 'a', '--format', 'json']);
    expect(JSON.parse(again.stdout).written).toEqual([]);
  });

  it('does not overwrite a file edited since the last conversion unless forced', async () => {
    ws = new NotebookWorkspace().withFixture('tags_only');
    await ws.cli(['notebook', 'convert', 'tags_only.ipynb', '--out', 'out']);
    const edited = join(ws.dir, 'out/stages/train_stage.py');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}# tuned by hand\n`);
    const pipelineBefore = readFileSync(join(ws.dir, 'out/pipeline.py'), 'utf8');
    const refused = await ws.cli(['notebook', 'convert', 'tags_only.ipynb', '--out', 'out', '--split', 'heading']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('1 edited or foreign file in out: stages/train_stage.py; nothing was written (use --force to overwrite them)');
    expect(readFileSync(edited, 'utf8')).toContain('# tuned by hand');
    expect(readFileSync(join(ws.dir, 'out/pipeline.py'), 'utf8')).toBe(pipelineBefore);
    const forced = await ws.cli(['notebook', 'convert', 'tags_only.ipynb', '--out', 'out', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(edited, 'utf8')).not.toContain('# tuned by hand');
  });

  it('--dry-run lists the planned files and writes nothing', async () => {
    ws = new NotebookWorkspace().withFixture('loop_variable');
    writeFileSync(join(ws.dir, 'pipewright.yaml'), SPEC);
    const result = await ws.cli(['notebook', 'convert', 'loop_variable.ipynb', '--out', 'nb', '--spec', 'pipewright.yaml', '--dry-run', '--format', 'json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.files).toContain('nb/stages/after_the_loop.py');
    expect(json.spec).toEqual({ path: 'pipewright.yaml', changed: true });
    expect(existsSync(join(ws.dir, 'nb'))).toBe(false);
    expect(readFileSync(join(ws.dir, 'pipewright.yaml'), 'utf8')).toBe(SPEC);
  });

  it('merges the stages into the spec once, keeping comments and the user’s stages; --stage runs one stage from saved outputs', async () => {
    ws = new NotebookWorkspace().withFixture('inplace_mutation');
    writeFileSync(join(ws.dir, 'pipewright.yaml'), SPEC);
    const args = ['notebook', 'convert', 'inplace_mutation.ipynb', '--out', 'build/nb', '--spec', 'pipewright.yaml'];
    expect((await ws.cli(args)).code).toBe(0);
    const merged = readFileSync(join(ws.dir, 'pipewright.yaml'), 'utf8');
    expect(merged).toContain('name: churn # the registry name');
    expect(merged).toContain('  # fetched by hand for now\n  fetch:');
    const spec = parse(merged);
    expect(Object.keys(spec.stages)).toEqual(['fetch', 'load', 'clean', 'features', 'report']);
    expect(spec.stages.report).toEqual({
      description: 'Converted from inplace_mutation.ipynb by pipewright notebook convert (cells 6-7)',
      run: 'python3 build/nb/pipeline.py --stage report',
      needs: ['features'],
    });
    expect(spec.stages.features.outputs).toEqual(['build/nb/intermediates/features']);
    expect((await ws.cli(args)).code).toBe(0);
    expect(readFileSync(join(ws.dir, 'pipewright.yaml'), 'utf8')).toBe(merged);
    expect(merged.startsWith(SPEC.slice(0, SPEC.indexOf('train:')))).toBe(true);
    const check = await ws.cli(['check', 'pipewright.yaml']);
    expect(check.code, check.stdout).toBe(0);
    // Split differently: the old entries go, the new ones come, the user's stay.
    expect((await ws.cli([...args, '--level', '1', '--force'])).code).toBe(0);
    const regrouped = parse(readFileSync(join(ws.dir, 'pipewright.yaml'), 'utf8'));
    expect(Object.keys(regrouped.stages)).toEqual(['fetch', 'inplace_mutation']);
    expect((await ws.cli([...args, '--force'])).code).toBe(0);
    expect(readFileSync(join(ws.dir, 'pipewright.yaml'), 'utf8')).toBe(merged);

    const out = join(ws.dir, 'build/nb');
    const full = python(['pipeline.py'], out);
    expect(full.status, full.stderr).toBe(0);
    const one = python(['pipeline.py', '--stage', 'report'], out);
    expect(one.status, one.stderr).toBe(0);
    const reportLines = full.stdout.split('\n').slice(-5).join('\n');
    expect(one.stdout).toBe(reportLines);
    const clean = python(['pipeline.py', '--stage', 'clean'], out);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toBe(`${full.stdout.split('\n').find((l) => l.startsWith('missing before:'))}\n`);
  });
});
