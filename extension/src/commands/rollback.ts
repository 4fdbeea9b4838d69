// pipewright.registry.rollback: after a confirmation, `pipewright rollback` moves the champion back.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { describeExit } from '../client/cli-process.ts';
import type { ViewNode } from '../client/view-node.ts';
import type { Session } from '../session.ts';

export function registerRollback(context: vscode.ExtensionContext, session: Session): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pipewright.registry.rollback', async (node?: ViewNode) => {
      const spec = await session.requireSpec();
      if (!spec) return;
      const from = node?.label ? ` from ${node.label}` : '';
      const answer = await vscode.window.showWarningMessage(
        `Roll back the champion${from} to the previous champion?`,
        { modal: true, detail: 'The alias moves back and the move is recorded in the alias history. Serving traffic follows on the next deploy.' },
        'Roll back',
      );
      if (answer !== 'Roll back') return;
      const { code } = await session.runCli('rolling back', ['rollback', basename(spec.fsPath), '--reason', 'rolled back from VS Code'], spec);
      const { level, message } = describeExit('rollback', code);
      if (code === 0) void vscode.window.showInformationMessage('Pipewright: rolled back; see the Pipewright output.');
      else session.notify(level, message);
    }),
  );
}
