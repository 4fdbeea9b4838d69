// The status-bar item: the champion version and the last run's result; a click opens the runs.
import * as vscode from 'vscode';
import { lastRun } from '../client/run-tree.ts';
import { championVersion } from '../client/registry-tree.ts';
import { statusText } from '../client/status-text.ts';
import type { RegistryState } from './registryState.ts';
import type { RunStatus } from './runStatus.ts';

export function registerStatusBar(context: vscode.ExtensionContext, runs: RunStatus, registry: RegistryState): void {
  const item = vscode.window.createStatusBarItem('pipewright.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Pipewright';
  item.command = 'workbench.view.extension.pipewright';
  const update = () => {
    const reg = registry.current;
    const github = runs.current.github;
    const problem = reg.state === 'problem' ? reg.message : github.state === 'problem' ? github.problem.message : github.state === 'runs' ? github.problem?.message : undefined;
    if (reg.state === 'none' && runs.current.local.length === 0 && github.state === 'no-repository') {
      item.hide();
      return;
    }
    const { text, tooltip } = statusText({ champion: reg.state === 'ready' ? championVersion(reg.snapshot) : null, lastRun: lastRun(runs.current), problem });
    item.text = text;
    item.tooltip = tooltip;
    item.show();
  };
  context.subscriptions.push(item, runs.onDidChange(update), registry.onDidChange(update));
}
