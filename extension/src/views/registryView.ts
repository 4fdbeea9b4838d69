// The "Model registry" view: versions, aliases, history.
import * as vscode from 'vscode';
import { buildRegistryTree } from '../client/registry-tree.ts';
import type { ViewNode } from '../client/view-node.ts';
import type { RegistryState, RegistryView } from './registryState.ts';
import { ViewNodeTree } from './nodeTree.ts';

function nodes(view: RegistryView): ViewNode[] {
  if (view.state === 'ready') return buildRegistryTree(view.snapshot);
  if (view.state === 'problem') return [{ id: 'problem', label: view.message, tooltip: view.message, icon: { id: 'warning' } }];
  return [];
}

export function registerRegistryView(context: vscode.ExtensionContext, registry: RegistryState): void {
  const tree = new ViewNodeTree();
  tree.set(nodes(registry.current));
  context.subscriptions.push(tree, vscode.window.createTreeView('pipewright.registry', { treeDataProvider: tree }), registry.onDidChange((view) => tree.set(nodes(view))));
}
