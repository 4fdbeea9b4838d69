// pipewright.data.validate: `pipewright validate --dataset NAME` for a dataset picked from the spec.
import { basename } from 'node:path';
import { loadSpec } from '@pipewright/core/spec';
import * as vscode from 'vscode';
import { describeExit } from '../client/cli-process.ts';
import type { Session } from '../session.ts';

export function registerValidateData(context: vscode.ExtensionContext, session: Session): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pipewright.data.validate', async (dataset?: string) => {
      const spec = await session.requireSpec();
      if (!spec) return;
      const names = Object.keys((await loadSpec(spec.fsPath)).spec.datasets ?? {});
      if (names.length === 0) {
        void vscode.window.showWarningMessage(`Pipewright: ${basename(spec.fsPath)} declares no datasets.`);
        return;
      }
      // ignoreFocusOut: the palette hands focus back to the editor as it closes, which would
      // otherwise dismiss the picker on a slow machine.
      const name = typeof dataset === 'string' ? dataset : await vscode.window.showQuickPick(names, { title: 'Validate which dataset?', ignoreFocusOut: true });
      if (!name) return;
      const { code } = await session.runCli(`validating ${name}`, ['validate', basename(spec.fsPath), '--dataset', name], spec);
      const { level, message } = describeExit(`validate --dataset ${name}`, code);
      if (code === 0) void vscode.window.showInformationMessage(`Pipewright: dataset ${name} passed its contract.`);
      else session.notify(level, message);
    }),
  );
}
