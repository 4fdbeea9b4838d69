// pipewright.runs.open: a workflow run or check run on GitHub, in the browser.
import * as vscode from 'vscode';
import type { ViewNode } from '../client/view-node.ts';

export function registerOpenRun(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pipewright.runs.open', (target?: string | ViewNode) => {
      const url = typeof target === 'string' ? target : target?.url;
      if (typeof url === 'string' && /^https?:\/\//.test(url)) void vscode.env.openExternal(vscode.Uri.parse(url));
    }),
  );
}
