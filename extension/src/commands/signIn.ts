// pipewright.github.signIn: VS Code's own GitHub sign-in (scope `repo`), then a refresh.
import * as vscode from 'vscode';
import type { Session } from '../session.ts';
import type { RunStatus } from '../views/runStatus.ts';

export function registerSignIn(context: vscode.ExtensionContext, session: Session, runs: RunStatus): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pipewright.github.signIn', async () => {
      if (await session.githubToken(true)) await runs.refresh();
    }),
  );
}
