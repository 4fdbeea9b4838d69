// The extension's entry: a table of contents of what it registers.
import type * as vscode from 'vscode';
import { registerCheckSpec } from './commands/checkSpec.ts';
import { registerConvertNotebook } from './commands/convertNotebook.ts';
import { registerOpenModelCard } from './commands/openModelCard.ts';
import { registerOpenRun } from './commands/openRun.ts';
import { registerRefreshViews } from './commands/refreshViews.ts';
import { registerRollback } from './commands/rollback.ts';
import { registerRunPipeline } from './commands/runPipeline.ts';
import { registerSignIn } from './commands/signIn.ts';
import { registerValidateData } from './commands/validateData.ts';
import { registerLanguageClient } from './languageClient.ts';
import { Session } from './session.ts';
import { registerRefresh } from './views/refresh.ts';
import { RegistryState } from './views/registryState.ts';
import { registerRegistryView } from './views/registryView.ts';
import { RunStatus } from './views/runStatus.ts';
import { registerRunsView } from './views/runsView.ts';
import { registerStatusBar } from './views/statusBar.ts';

export function activate(context: vscode.ExtensionContext): void {
  const session = new Session(context);
  const runs = new RunStatus(session);
  const registry = new RegistryState(session);
  context.subscriptions.push(session, runs, registry);

  registerLanguageClient(context, session);
  registerCheckSpec(context, session);
  registerValidateData(context, session);
  registerRunPipeline(context, session);
  registerRollback(context, session);
  registerOpenModelCard(context, session);
  registerOpenRun(context);
  registerConvertNotebook(context, session);
  registerSignIn(context, session, runs);
  registerRefreshViews(context, runs, registry);
  registerRunsView(context, runs);
  registerRegistryView(context, registry);
  registerStatusBar(context, runs, registry);
  registerRefresh(context, session, runs, registry);
}

export function deactivate(): void {}
