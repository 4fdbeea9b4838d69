// pipewright.notebook.convert: the live notebook → a package of stages, previewed before writing.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PipewrightError } from '@pipewright/core/errors';
import { cellsFromDocument, EditedFilesError, planNotebookConversion, planOptionsFor, writeConversionPlan } from '@pipewright/core/notebook';
import * as vscode from 'vscode';
import { defaultOutDir, outDirProblem, previewConversion, warningLines } from '../client/notebook-preview.ts';
import type { Session } from '../session.ts';
import { PREVIEW_SCHEME, PreviewDocuments, showConversionPreview } from '../views/conversionPreview.ts';
import { NotebookDiagnostics } from '../views/notebookDiagnostics.ts';

/** The notebook to convert: the explorer's .ipynb (opened as a notebook document), else the active one. */
async function targetNotebook(resource: unknown): Promise<vscode.NotebookDocument | undefined> {
  if (resource instanceof vscode.Uri && resource.path.endsWith('.ipynb')) {
    const open = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === resource.toString());
    return open ?? vscode.workspace.openNotebookDocument(resource);
  }
  return vscode.window.activeNotebookEditor?.notebook;
}

async function convert(session: Session, documents: PreviewDocuments, diagnostics: NotebookDiagnostics, resource: unknown): Promise<void> {
  const nb = await targetNotebook(resource);
  if (!nb) {
    void vscode.window.showWarningMessage('Pipewright: open a .ipynb notebook (or pick one in the explorer) to convert it.');
    return;
  }
  const folder = vscode.workspace.getWorkspaceFolder(nb.uri);
  if (nb.uri.scheme !== 'file' || !folder) {
    void vscode.window.showWarningMessage(`Pipewright: ${basename(nb.uri.path)} is not in a workspace folder; the package is written inside the workspace.`);
    return;
  }
  const workspace = folder.uri.fsPath;
  const name = basename(nb.uri.fsPath);
  const outDir = await vscode.window.showInputBox({
    title: `Convert ${name}: output folder`,
    prompt: 'A folder inside the workspace for the stages, pipeline.py and tests',
    value: defaultOutDir(nb.uri.fsPath),
    ignoreFocusOut: true,
    validateInput: (value) => outDirProblem(workspace, value),
  });
  if (outDir === undefined) return;
  const out = outDir.trim();

  try {
    const cells = cellsFromDocument(
      nb.getCells().map((c) => ({ kind: c.kind, source: c.document.getText(), languageId: c.document.languageId, metadata: c.metadata, executionCount: c.executionSummary?.executionOrder ?? null })),
    );
    const hasSpec = existsSync(join(workspace, 'pipewright.yaml'));
    const options = await planOptionsFor({ workspace, notebook: nb.uri.fsPath, outDir: out, split: { by: 'auto' }, ...(hasSpec ? { spec: 'pipewright.yaml' } : {}) });
    const plan = planNotebookConversion(cells, options);
    diagnostics.show(nb, plan.warnings);
    session.output.appendLine(`convert ${name} → ${out} (preview)`);
    for (const line of warningLines(name, plan.warnings)) session.output.appendLine(line);
    const preview = await previewConversion(plan, out, workspace);
    if (!(await showConversionPreview(documents, plan, preview, name, out))) {
      session.output.appendLine('cancelled: nothing written');
      return;
    }
    let result: Awaited<ReturnType<typeof writeConversionPlan>>;
    try {
      result = await writeConversionPlan(plan, { outDir: out, workspace });
    } catch (error) {
      if (!(error instanceof EditedFilesError)) throw error;
      const overwrite = 'Overwrite';
      const answer = await vscode.window.showWarningMessage(
        `${error.files.length} file${error.files.length === 1 ? '' : 's'} in ${out} changed since the last conversion (or not written by one): ${error.files.join(', ')}. Overwrite ${error.files.length === 1 ? 'it' : 'them'}?`,
        { modal: true },
        overwrite,
      );
      if (answer !== overwrite) {
        session.output.appendLine(`kept edited files (${error.files.join(', ')}): nothing written`);
        return;
      }
      result = await writeConversionPlan(plan, { outDir: out, workspace, force: true });
    }
    session.output.appendLine(`wrote ${result.written.length} file${result.written.length === 1 ? '' : 's'} to ${out} (${result.unchanged.length} unchanged, ${result.removed.length} removed)${result.specWritten ? `; merged the stages into ${plan.spec?.path}` : ''}`);
    session.refresh();
    const warned = plan.warnings.some((w) => w.changesMeaning) ? ` ${plan.warnings.length} warning${plan.warnings.length === 1 ? '' : 's'} on the cells.` : '';
    void vscode.window.showInformationMessage(`Pipewright: converted ${name} into ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'} in ${out}.${warned}`);
  } catch (error) {
    if (!(error instanceof PipewrightError)) throw error;
    const where = error.location?.line !== undefined ? ` (${error.location.file ?? name}:${error.location.line})` : '';
    session.output.appendLine(`error [${error.code}]: ${error.message}${where}`);
    session.notify('error', `cannot convert ${name}: ${error.message}${where}`);
  }
}

export function registerConvertNotebook(context: vscode.ExtensionContext, session: Session): void {
  const documents = new PreviewDocuments();
  const diagnostics = new NotebookDiagnostics();
  context.subscriptions.push(
    documents,
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, documents),
    vscode.commands.registerCommand('pipewright.notebook.convert', (resource?: unknown) => convert(session, documents, diagnostics, resource)),
  );
}
