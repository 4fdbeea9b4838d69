// pipewright.spec.check: `pipewright check` on the spec, its report in the output channel.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { describeExit } from '../client/cli-process.ts';
import type { Session } from '../session.ts';

export function registerCheckSpec(context: vscode.ExtensionContext, session: Session): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pipewright.spec.check', async () => {
      const spec = await session.requireSpec();
      if (!spec) return;
      // Check what the editor shows, not an older copy on disk.
      await vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString())?.save();
      const { code } = await session.runCli('checking the spec', ['check', basename(spec.fsPath)], spec);
      const { level, message } = describeExit('check', code);
      if (code === 0) void vscode.window.setStatusBarMessage(`$(pass) ${basename(spec.fsPath)}: ok`, 5000);
      else session.notify(level, message);
    }),
  );
}
