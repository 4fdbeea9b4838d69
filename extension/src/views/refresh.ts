// When the views refresh: on window focus, on a timer while focused, when run records or the
// registry change on disk, when a command ends, and when the settings change.
import * as vscode from 'vscode';
import type { Session } from '../session.ts';
import type { RegistryState } from './registryState.ts';
import type { RunStatus } from './runStatus.ts';

export function registerRefresh(context: vscode.ExtensionContext, session: Session, runs: RunStatus, registry: RegistryState): void {
  const refresh = () => {
    void runs.refresh();
    void registry.refresh();
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (!vscode.window.state.focused) return;
    const seconds = Math.max(10, vscode.workspace.getConfiguration('pipewright').get<number>('runs.refreshSeconds') ?? 60);
    timer = setInterval(refresh, seconds * 1000);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.pipewright/{runs,registry}/**');
  let pending: NodeJS.Timeout | undefined;
  // A run writes several files at once: one refresh for the burst.
  const soon = () => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(refresh, 300);
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(soon),
    watcher.onDidChange(soon),
    watcher.onDidDelete(soon),
    session.onRefresh(soon),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) refresh();
      schedule();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('pipewright')) return;
      schedule();
      refresh();
    }),
    vscode.workspace.onDidCreateFiles(soon),
    {
      dispose: () => {
        clearInterval(timer);
        clearTimeout(pending);
      },
    },
  );
  schedule();
  refresh();
}
