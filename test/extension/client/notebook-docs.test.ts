// docs/vscode.md's notebook section as written: the command and the menus it names are the
// manifest's, and the warning line it quotes is what the command prints for that notebook.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOutDir, warningLines } from '../../../extension/src/client/notebook-preview.ts';
import { planNotebookConversion, planOptionsFor, readNotebookFile } from '../../../shared/src/notebook/index.ts';
import { docBlock } from '../../support/doc-examples.ts';

const root = join(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'extension/package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string; title: string; category: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
};
const page = readFileSync(join(root, 'docs/vscode.md'), 'utf8');
const section = page.slice(page.indexOf('## Notebooks into pipelines'), page.indexOf('## Run status'));

describe('docs/vscode.md: notebooks into pipelines', () => {
  it('names the command by its palette title and id, in the menus the manifest puts it in', () => {
    const command = manifest.contributes.commands.find((c) => c.command === 'pipewright.notebook.convert');
    expect(command).toBeDefined();
    expect(section).toContain(`**${command!.category}: ${command!.title}** (\`${command!.command}\`)`);
    const menus = Object.entries(manifest.contributes.menus).filter(([, items]) => items.some((i) => i.command === command!.command && i.when !== 'false'));
    expect(menus.map(([name]) => name).sort()).toEqual(['commandPalette', 'explorer/context', 'notebook/toolbar']);
    expect(section).toMatch(/notebook's toolbar.*command\s+palette.*explorer's context menu/s);
  });

  it('quotes the output line the command prints for the magics notebook, and its default folder', async () => {
    const notebook = join(root, 'test/fixtures/notebooks/magics.ipynb');
    const { cells } = await readNotebookFile(notebook);
    const plan = planNotebookConversion(cells, await planOptionsFor({ workspace: root, notebook, outDir: defaultOutDir(notebook) }));
    expect(docBlock('vscode.md', 'notebook-warning').trim().split('\n')).toEqual(warningLines('magics.ipynb', plan.warnings));
    expect(defaultOutDir(notebook)).toBe('pipelines/magics');
    expect(section).toContain('`pipelines/<notebook name>`');
  });
});
