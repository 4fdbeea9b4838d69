// "Pipewright: Convert the notebook into a pipeline" in a real VS Code (code-server 4.100.3,
// Chromium): it opens the magics fixture as a notebook (the built-in ipynb serializer, no
// kernel), runs the command from the palette, accepts the default output folder, opens a
// planned file from the preview, writes, and finds the package on disk, the stages merged
// into the spec, and the shell-command warning as a diagnostic on its cell. Then, from the
// explorer: a diff of a hand-edited file and the overwrite dialog, warnings cleared by an
// edit, a dismissed preview that writes nothing, and a notebook with no code.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { planNotebookConversion, planOptionsFor, readNotebookFile } from '../../shared/src/notebook/index.ts';
import { openVsCode, requirePrerequisites, type VsCode } from './support/code-server.ts';
import { clickUntil, outputText, runCommand, TIMEOUT, waitUntil } from './support/workbench.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const root = join(import.meta.dirname, '../..');
const shots = join(root, 'test-results/e2e');
const SPEC = '# the churn project\nversion: 1\nname: churn\n';

let home: string;
let workspace: string;
let vscode: VsCode | undefined;
let page: Page;

beforeAll(async () => {
  requirePrerequisites();
  mkdirSync(shots, { recursive: true });
  home = mkdtempSync(join(tmpdir(), 'pw-e2e-nb-'));
  workspace = join(home, 'project');
  mkdirSync(join(workspace, 'notebooks'), { recursive: true });
  copyFileSync(join(root, 'test/fixtures/notebooks/magics.ipynb'), join(workspace, 'notebooks/magics.ipynb'));
  writeFileSync(join(workspace, 'pipewright.yaml'), SPEC);
  // Only markdown: nothing to convert.
  const notes = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'markdown', id: 'a1', metadata: {}, source: ['# Notes\n', 'Nothing to run.'] }] };
  writeFileSync(join(workspace, 'notebooks/notes.ipynb'), JSON.stringify(notes, null, 1));
  vscode = await openVsCode(join(home, 'vscode'), workspace, {});
  page = vscode.page;
}, 240_000);

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !page || page.isClosed()) return;
  await page.screenshot({ path: join(shots, `failed-notebook-${context.task.name.replace(/\W+/g, '-').slice(0, 50)}.png`) }).catch(() => {});
});

afterAll(async () => {
  await vscode?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('the notebook command in code-server', () => {
  it('previews the planned files, writes them on accept, and puts the warning on its cell', async () => {
    // What the core plans for this notebook: the test expects exactly these files and warning.
    const notebook = join(workspace, 'notebooks/magics.ipynb');
    const plan = planNotebookConversion((await readNotebookFile(notebook)).cells, await planOptionsFor({ workspace, notebook, outDir: 'pipelines/magics', spec: 'pipewright.yaml' }));
    const shell = plan.warnings.find((w) => w.code === 'shell-command');
    expect(shell).toBeDefined();

    // Open it as a notebook: its code cells show in cell editors, with no kernel picked, and
    // the notebook toolbar offers the command.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill('magics.ipynb');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'magics.ipynb' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('.notebook-editor .cell-editor-container .view-lines', { hasText: 'import numpy as np' }).first().waitFor({ timeout: TIMEOUT });
    await page.locator('.notebook-toolbar-container .notebook-action-view-item', { hasText: 'Convert the notebook into a pipeline' }).first().waitFor({ timeout: TIMEOUT });

    await runCommand(page, 'Pipewright: Convert the notebook into a pipeline');
    // The output folder, defaulting to pipelines/<notebook name>.
    await waitUntil('the output folder prompt', () => input.inputValue(), (v) => v === 'pipelines/magics');
    await page.keyboard.press('Enter');

    // The preview: every planned file marked new, the spec with the stages it gains.
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Write files' }).first().waitFor({ timeout: TIMEOUT });
    const listed = await waitUntil('the planned files', () => rows.allTextContents(), (t) => t.some((r) => r.includes('pipelines/magics/pipeline.py')));
    expect(listed.find((r) => r.includes('pipelines/magics/pipeline.py'))).toContain('new');
    expect(listed.find((r) => r.includes('pipewright.yaml'))).toContain(`stages: + ${plan.stages.map((s) => s.name).join(', ')}`);
    await page.screenshot({ path: join(shots, 'notebook-1-preview.png') });

    // A planned file opens read-only, and nothing is on disk yet.
    await input.fill('stages/train_stage.py');
    await rows.filter({ hasText: 'train_stage.py' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('.tab[aria-label*="train_stage.py"]').first().waitFor({ timeout: TIMEOUT });
    await page.locator('.editor-instance .view-lines', { hasText: 'def train_stage' }).first().waitFor({ timeout: TIMEOUT });
    expect(existsSync(join(workspace, 'pipelines/magics'))).toBe(false);
    await page.screenshot({ path: join(shots, 'notebook-2-planned-file.png') });

    await input.fill('Write files');
    await rows.filter({ hasText: 'Write files' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await waitUntil('the package on disk', async () => existsSync(join(workspace, 'pipelines/magics/.pipewright-manifest.json')), (done) => done);
    const out = join(workspace, 'pipelines/magics');
    expect(readdirSync(join(out, 'stages')).sort()).toEqual(['__init__.py', ...plan.stages.map((s) => `${s.name}.py`)].sort());
    expect(readFileSync(join(out, 'pipeline.py'), 'utf8')).toBe(plan.files['pipeline.py']);
    const spec = readFileSync(join(workspace, 'pipewright.yaml'), 'utf8');
    expect(spec.startsWith(SPEC)).toBe(true);
    for (const s of plan.stages) expect(spec).toMatch(new RegExp(`^\\s+${s.name}:`, 'm'));
    await page.locator('.notification-toast', { hasText: `converted magics.ipynb into ${plan.stages.length} stages in pipelines/magics` }).first().waitFor({ timeout: TIMEOUT });

    // The warning, on the cell it names: in the Problems view, and as a squiggle under the
    // cell's line once the problem is clicked (which reveals that cell in the notebook).
    await runCommand(page, 'Problems: Focus on Problems View');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: shell!.message });
    await problem.first().waitFor({ timeout: TIMEOUT });
    expect(await problem.first().textContent()).toContain(`[Ln ${shell!.line}, Col 1]`);
    const squiggle = page.locator('.notebook-editor .cell-editor-container', { hasText: '!ls -la' }).locator('.squiggly-warning');
    await clickUntil(problem.first(), squiggle);
    await page.screenshot({ path: join(shots, 'notebook-3-written.png') });
  });

  it('from the explorer, diffs a file edited since, overwrites it only after a modal naming it, and clears the warning when the notebook changes', async () => {
    const edited = join(workspace, 'pipelines/magics/stages/train_stage.py');
    const planned = readFileSync(edited, 'utf8');
    writeFileSync(edited, `${planned}# tuned by hand\n`);

    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'magics.ipynb' }).first().click({ button: 'right' });
    // The menu ignores a click that comes right after it opens: pick the item by keyboard.
    await page.locator('.monaco-menu .action-item', { hasText: 'Convert the notebook into a pipeline' }).first().hover();
    await page.locator('.monaco-menu .action-item.focused', { hasText: 'Convert the notebook into a pipeline' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    const input = page.locator('.quick-input-widget input');
    await waitUntil('the output folder prompt', () => input.inputValue(), (v) => v === 'pipelines/magics');
    await page.keyboard.press('Enter');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Write files' }).first().waitFor({ timeout: TIMEOUT });
    const listed = await rows.allTextContents();
    expect(listed.find((r) => r.includes('Write files'))).toContain('0 new, 1 changed, 7 unchanged');
    expect(listed.find((r) => r.includes('stages/train_stage.py'))).toContain('changed');
    expect(listed.find((r) => r.includes('pipewright.yaml'))).toContain('unchanged');

    // The changed file opens as a diff: the file on disk against the planned one.
    await input.fill('stages/train_stage.py');
    await rows.filter({ hasText: 'train_stage.py' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    await page.locator('.tab[aria-label*="on disk ↔ planned"]').first().waitFor({ timeout: TIMEOUT });
    await page.locator('.monaco-diff-editor .line-delete, .monaco-diff-editor .char-delete').first().waitFor({ timeout: TIMEOUT });
    await page.screenshot({ path: join(shots, 'notebook-4-diff.png') });

    await input.fill('Write files');
    await rows.filter({ hasText: 'Write files' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: TIMEOUT });
    expect(await dialog.textContent()).toContain('stages/train_stage.py');
    // Nothing is written while the question is open.
    expect(readFileSync(edited, 'utf8')).toContain('# tuned by hand');
    await page.screenshot({ path: join(shots, 'notebook-5-overwrite.png') });
    await dialog.locator('.monaco-button', { hasText: 'Overwrite' }).click();
    await waitUntil('the planned file back in place', async () => readFileSync(edited, 'utf8'), (text) => text === planned);

    // Editing the notebook clears the warnings: their lines may have moved.
    const problems = page.locator('.markers-panel .monaco-list-row', { hasText: 'shell command' });
    await runCommand(page, 'Problems: Focus on Problems View');
    await problems.first().waitFor({ timeout: TIMEOUT });
    await page.locator('.notebook-editor .cell-editor-container', { hasText: '!ls -la' }).locator('.view-lines').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' -h');
    await waitUntil('the warning cleared', () => problems.count(), (n) => n === 0);
  });

  it('writes nothing when the preview is dismissed, and says why a notebook without code cannot convert', async () => {
    const convertFromExplorer = async (name: string) => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ button: 'right' });
      const item = page.locator('.monaco-menu .action-item', { hasText: 'Convert the notebook into a pipeline' }).first();
      await item.hover();
      await page.locator('.monaco-menu .action-item.focused', { hasText: 'Convert the notebook into a pipeline' }).first().waitFor({ timeout: TIMEOUT });
      await page.keyboard.press('Enter');
    };
    const input = page.locator('.quick-input-widget input');
    await convertFromExplorer('magics.ipynb');
    await waitUntil('the output folder prompt', () => input.inputValue(), (v) => v === 'pipelines/magics');
    await input.fill('pipelines/elsewhere');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Write files' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
    await runCommand(page, 'Output: Show Output Channels');
    await page.keyboard.type('Pipewright');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pipewright' }).first().waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Enter');
    const output = await waitUntil('the cancellation in the output', () => outputText(page), (t) => t.includes('convert magics.ipynb → pipelines/elsewhere (preview)') && t.includes('cancelled: nothing written'));
    // The live notebook was read: the cell edited above (not saved) is what the warning quotes.
    expect(output.slice(output.lastIndexOf('pipelines/elsewhere'))).toContain("shell command '!ls -la -h'");
    expect(readFileSync(join(workspace, 'notebooks/magics.ipynb'), 'utf8')).not.toContain('-la -h');
    expect(existsSync(join(workspace, 'pipelines/elsewhere'))).toBe(false);

    // A notebook that is not open: the command opens it as a document (no editor) to read it.
    await convertFromExplorer('notes.ipynb');
    await waitUntil('the output folder prompt', () => input.inputValue(), (v) => v === 'pipelines/notes');
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: 'cannot convert notes.ipynb: expected at least one code cell, found 1 cell of markdown or raw text only' }).first().waitFor({ timeout: TIMEOUT });
    expect(existsSync(join(workspace, 'pipelines/notes'))).toBe(false);
    await page.screenshot({ path: join(shots, 'notebook-6-no-code.png') });
  });
});
