// When the views refresh: on window focus, on a timer while focused (RefreshTimer), when run
// records or the registry change on disk, when a command ends, and when the settings change.
import * as vscode from 'vscode';
import { RefreshTimer } from '../client/refresh-timer.ts';
import type { Session } from '../session.ts';
import type { RegistryState } from './registryState.ts';
import type { RunStatus } from './runStatus.ts';

export function registerRefresh(context: vscode.ExtensionContext, session: Session, runs: RunStatus, registry: RegistryState): void {
  const refresh = () => {
    void runs.refresh();
    void registry.refresh();
  };
  const setting = () => vscode.workspace.getConfiguration('pipewright').get<number>('runs.refreshSeconds');
  const timer = new RefreshTimer(refresh, { focused: vscode.window.state.focused, seconds: setting() });
  const watcher = vscode.workspace.createFileSystemWatcher('**/.pipewright/{runs,registry}/**');
  let pending: NodeJS.Timeout | undefined;
  // A run writes several files at once: one refresh for the burst.
  const soon = () => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  };
  context.subscriptions.push(
    timer,
    watcher,
    watcher.onDidCreate(soon),
    watcher.onDidChange(soon),
    watcher.onDidDelete(soon),
    session.onRefresh(soon),
    vscode.window.onDidChangeWindowState((state) => timer.setFocused(state.focused)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('pipewright')) return;
      timer.setSeconds(setting());
      refresh();
    }),
    vscode.workspace.onDidCreateFiles(soon),
    { dispose: () => clearTimeout(pending) },
  );
  refresh();
}
