// The notebook command's preview and diagnostics, from real plans of the fixture notebooks:
// which files a write would create, change or leave, the spec's new stages, and where each
// warning lands in its cell.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planNotebookConversion, planOptionsFor, readNotebookFile, writeConversionPlan } from '../../../shared/src/notebook/index.ts';
import { addedSpecStages, cellDiagnostics, defaultOutDir, outDirProblem, previewConversion, stageSummary, warningLines } from '../../../extension/src/client/notebook-preview.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/notebooks');
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pw-ext-nb-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

/** Plans a fixture's conversion into pipelines/x; `spec`: a spec to write first, or true to use the one there. */
async function planFor(fixture: string, spec?: string | true) {
  if (typeof spec === 'string') writeFileSync(join(workspace, 'pipewright.yaml'), spec);
  const notebook = join(fixtures, fixture);
  const { cells } = await readNotebookFile(notebook);
  const options = await planOptionsFor({ workspace, notebook, outDir: 'pipelines/x', ...(spec !== undefined ? { spec: 'pipewright.yaml' } : {}) });
  return { cells, plan: planNotebookConversion(cells, options) };
}

describe('the conversion preview', () => {
  it('lists every planned file as new before the first write, with the stages the spec gains', async () => {
    const { plan } = await planFor('magics.ipynb', 'version: 1\nname: churn\n');
    const preview = await previewConversion(plan, 'pipelines/x', workspace);
    expect(preview.files.map((f) => f.path)).toEqual(Object.keys(plan.files).map((f) => `pipelines/x/${f}`));
    expect(preview.files.every((f) => f.status === 'new' && f.absolute === join(workspace, f.path))).toBe(true);
    expect(preview.counts).toEqual({ new: preview.files.length, changed: 0, unchanged: 0 });
    expect(preview.spec?.status).toBe('changed');
    expect(preview.spec?.addedStages).toEqual(plan.stages.map((s) => s.name));
    expect(preview.spec?.addedStages?.length).toBeGreaterThan(0);
  });

  it('tells changed files from unchanged ones after a write, and the spec gains nothing more', async () => {
    const { plan } = await planFor('magics.ipynb', 'version: 1\nname: churn\n');
    await writeConversionPlan(plan, { outDir: 'pipelines/x', workspace });
    const edited = plan.stages[0]!.file;
    writeFileSync(join(workspace, 'pipelines/x', edited), '# edited by hand\n');
    const again = (await planFor('magics.ipynb', true)).plan;
    const preview = await previewConversion(again, 'pipelines/x', workspace);
    expect(preview.files.filter((f) => f.status === 'changed').map((f) => f.path)).toEqual([`pipelines/x/${edited}`]);
    expect(preview.counts.unchanged).toBe(preview.files.length - 1);
    expect(preview.spec?.status).toBe('unchanged');
    expect(preview.spec?.addedStages).toEqual([]);
  });

  it('finds stage keys added under stages:, not names mentioned elsewhere', () => {
    const before = 'name: data\nstages:\n  train:\n    run: x\n';
    const after = `${before}  data:\n    run: y\n  tune:\n    run: z\n`;
    expect(addedSpecStages(before, after, ['train', 'data', 'tune', 'absent'])).toEqual(['data', 'tune']);
  });

  it('summarises each stage with its cells, inputs and outputs', async () => {
    const { plan } = await planFor('dataclass_config.ipynb');
    const lines = stageSummary(plan);
    expect(lines).toHaveLength(plan.stages.length);
    const tune = plan.stages.find((s) => s.name === 'tune')!;
    expect(lines).toContain(`tune (cells ${tune.cells[0]}-${tune.cells.at(-1)}; in: ${tune.inputs.join(', ')}; out: ${tune.outputs.join(', ')})`);
  });
});

describe('the output folder', () => {
  it('defaults to pipelines/<notebook name>', () => {
    expect(defaultOutDir('/ws/notebooks/Churn analysis.ipynb')).toBe('pipelines/Churn_analysis');
    expect(defaultOutDir('/ws/churn.ipynb')).toBe('pipelines/churn');
  });

  it('must be a folder of its own inside the workspace', () => {
    expect(outDirProblem(workspace, 'pipelines/churn')).toBeUndefined();
    expect(outDirProblem(workspace, '../elsewhere')).toMatch(/outside/);
    expect(outDirProblem(workspace, '/tmp')).toMatch(/outside/);
    expect(outDirProblem(workspace, '.')).toMatch(/workspace root/);
    expect(outDirProblem(workspace, '  ')).toMatch(/found nothing/);
  });
});

describe('warnings as cell diagnostics', () => {
  it("places the magics fixture's warnings on the lines of the cells they name", async () => {
    const { cells, plan } = await planFor('magics.ipynb');
    const texts = cells.map((c) => c.source);
    const placed = cellDiagnostics(plan.warnings, texts);
    expect(placed).toHaveLength(plan.warnings.length);
    const shell = placed.find((d) => texts[d.cell]!.split('\n')[d.line]!.startsWith('!ls'));
    expect(shell).toBeDefined();
    expect(shell!.severity).toBe('warning');
    expect(shell!.startColumn).toBe(0);
    expect(shell!.endColumn).toBe('!ls -la'.length);
    for (const d of placed) {
      const w = plan.warnings.find((x) => x.cell === d.cell && x.code === d.code)!;
      expect(d.line).toBe(w.line - 1);
    }
  });

  it('spans the text without indentation, clamps to the last line, drops missing cells, and marks notes as information', () => {
    const warning = { code: 'c', message: 'm' };
    const placed = cellDiagnostics(
      [
        { ...warning, cell: 0, line: 2, changesMeaning: true },
        { ...warning, cell: 0, line: 9, changesMeaning: false },
        { ...warning, cell: 3, line: 1, changesMeaning: true },
      ],
      ['for x in y:\n    !echo hi  \nz = 1'],
    );
    expect(placed).toEqual([
      { cell: 0, line: 1, startColumn: 4, endColumn: 12, severity: 'warning', code: 'c', message: 'm' },
      { cell: 0, line: 2, startColumn: 0, endColumn: 5, severity: 'information', code: 'c', message: 'm' },
    ]);
  });

  it('lists the warnings for the output channel as the CLI prints them', () => {
    expect(warningLines('nb.ipynb', [{ cell: 2, line: 3, code: 'magic', message: 'kept as a comment', changesMeaning: true }])).toEqual(['nb.ipynb: cell 2, line 3: warning magic: kept as a comment']);
  });
});
