// The notebook conversion's warnings as diagnostics on the cells they name, cleared as soon
// as the notebook is edited or closed (the lines they point at may have moved).
import * as vscode from 'vscode';
import type { ConversionWarning } from '@pipewright/core/notebook';
import { cellDiagnostics } from '../client/notebook-preview.ts';

export class NotebookDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('pipewright-notebook');
  /** Notebook URI → the cell documents that carry diagnostics. */
  private readonly shown = new Map<string, vscode.Uri[]>();
  private readonly listeners: vscode.Disposable[];

  constructor() {
    this.listeners = [
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.document !== undefined)) this.clear(e.notebook);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.clear(nb)),
    ];
  }

  show(notebook: vscode.NotebookDocument, warnings: readonly ConversionWarning[]): void {
    this.clear(notebook);
    const cells = notebook.getCells();
    const byCell = new Map<number, vscode.Diagnostic[]>();
    for (const d of cellDiagnostics(warnings, cells.map((c) => c.document.getText()))) {
      const range = new vscode.Range(d.line, d.startColumn, d.line, d.endColumn);
      const severity = d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
      const diagnostic = new vscode.Diagnostic(range, d.message, severity);
      diagnostic.source = 'pipewright notebook';
      diagnostic.code = d.code;
      byCell.set(d.cell, [...(byCell.get(d.cell) ?? []), diagnostic]);
    }
    const uris: vscode.Uri[] = [];
    for (const [cell, diagnostics] of byCell) {
      const uri = cells[cell]!.document.uri;
      this.collection.set(uri, diagnostics);
      uris.push(uri);
    }
    this.shown.set(notebook.uri.toString(), uris);
  }

  clear(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    for (const uri of this.shown.get(key) ?? []) this.collection.delete(uri);
    this.shown.delete(key);
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.collection.dispose();
  }
}
