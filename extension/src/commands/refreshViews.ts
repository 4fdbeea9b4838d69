// pipewright.runs.refresh: read runs and the registry again now.
import * as vscode from 'vscode';
import type { RegistryState } from '../views/registryState.ts';
import type { RunStatus } from '../views/runStatus.ts';

export function registerRefreshViews(context: vscode.ExtensionContext, runs: RunStatus, registry: RegistryState): void {
  context.subscriptions.push(vscode.commands.registerCommand('pipewright.runs.refresh', () => Promise.all([runs.refresh(), registry.refresh()])));
}
