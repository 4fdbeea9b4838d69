// pipewright.pipeline.run: `pipewright run`, the whole pipeline locally, step by step in the output.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { describeExit } from '../client/cli-process.ts';
import type { Session } from '../session.ts';

export function registerRunPipeline(context: vscode.ExtensionContext, session: Session): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pipewright.pipeline.run', async () => {
      const spec = await session.requireSpec();
      if (!spec) return;
      const { code } = await session.runCli('running the pipeline', ['run', basename(spec.fsPath)], spec);
      const { level, message } = describeExit('run', code);
      if (code === 0) void vscode.window.showInformationMessage('Pipewright: the pipeline passed.');
      else session.notify(level, message);
    }),
  );
}
