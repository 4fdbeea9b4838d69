// The "Pipeline runs" view.
import * as vscode from 'vscode';
import { buildRunTree } from '../client/run-tree.ts';
import type { RunStatus } from './runStatus.ts';
import { ViewNodeTree } from './nodeTree.ts';

export function registerRunsView(context: vscode.ExtensionContext, runs: RunStatus): void {
  const tree = new ViewNodeTree();
  tree.set(buildRunTree(runs.current));
  context.subscriptions.push(tree, vscode.window.createTreeView('pipewright.runs', { treeDataProvider: tree, showCollapseAll: true }), runs.onDidChange((input) => tree.set(buildRunTree(input))));
}
