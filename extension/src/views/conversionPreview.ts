// The conversion preview: a quick pick listing the stages and the planned files (new, changed,
// unchanged, and the spec's new stages). Picking a file opens its planned content read-only,
// or a diff against the file on disk; only "Write files" returns true.
import * as vscode from 'vscode';
import type { ConversionPlan } from '@pipewright/core/notebook';
import { type ConversionPreview, type PlannedFile, stageSummary } from '../client/notebook-preview.ts';

export const PREVIEW_SCHEME = 'pipewright-preview';

/** Planned file contents as read-only documents at pipewright-preview:/<workspace-relative path>. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uriFor(file: PlannedFile): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${file.path}` });
    this.contents.set(uri.toString(), file.content);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface PreviewItem extends vscode.QuickPickItem {
  action?: 'write' | 'cancel';
  file?: PlannedFile;
}

const ICONS = { new: '$(new-file)', changed: '$(diff)', unchanged: '$(check)' } as const;

async function openPlanned(documents: PreviewDocuments, file: PlannedFile): Promise<void> {
  const planned = documents.uriFor(file);
  // Beside the notebook, so its cells (and their warnings) stay in view.
  const options: vscode.TextDocumentShowOptions = { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside };
  if (file.status === 'new') {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(planned), options);
  } else {
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file.absolute), planned, `${file.path} (on disk ↔ planned)`, options);
  }
}

/** Shows the preview; resolves true when the user chose to write the files. */
export function showConversionPreview(documents: PreviewDocuments, plan: ConversionPlan, preview: ConversionPreview, notebook: string, outDir: string): Promise<boolean> {
  const { counts } = preview;
  const items: PreviewItem[] = [
    { label: '$(save) Write files', description: `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged`, action: 'write', alwaysShow: true },
    { label: '$(close) Cancel', description: 'write nothing', action: 'cancel', alwaysShow: true },
    { label: 'Stages', kind: vscode.QuickPickItemKind.Separator },
    ...stageSummary(plan).map((s): PreviewItem => ({ label: `$(symbol-function) ${s}` })),
  ];
  if (plan.warnings.length > 0) {
    items.push({ label: 'Warnings (also on the cells and in the Pipewright output)', kind: vscode.QuickPickItemKind.Separator });
    for (const w of plan.warnings) items.push({ label: `$(warning) cell ${w.cell}, line ${w.line}: ${w.code}`, detail: w.message });
  }
  items.push({ label: `Files in ${outDir} (pick one to see it)`, kind: vscode.QuickPickItemKind.Separator });
  for (const file of [...(preview.spec ? [preview.spec] : []), ...preview.files]) {
    const added = file.addedStages && file.addedStages.length > 0 ? ` — stages: + ${file.addedStages.join(', ')}` : '';
    items.push({ label: `${ICONS[file.status]} ${file.path}`, description: `${file.status}${added}`, file });
  }

  const pick = vscode.window.createQuickPick<PreviewItem>();
  pick.title = `Convert ${notebook}: ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'}, ${plan.warnings.length} warning${plan.warnings.length === 1 ? '' : 's'}`;
  pick.placeholder = 'Write the planned files, or pick a file to see what would be written';
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  pick.items = items;
  return new Promise<boolean>((resolve) => {
    let decided = false;
    const finish = (write: boolean) => {
      if (decided) return;
      decided = true;
      resolve(write);
      pick.dispose();
    };
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      if (item?.action) finish(item.action === 'write');
      else if (item?.file) void openPlanned(documents, item.file);
    });
    pick.onDidHide(() => finish(false));
    pick.show();
  });
}
