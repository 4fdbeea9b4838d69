// A tree view over plain ViewNodes: the nodes are built (and tested) without vscode.
import * as vscode from 'vscode';
import type { ViewNode } from '../client/view-node.ts';

export class ViewNodeTree implements vscode.TreeDataProvider<ViewNode> {
  private roots: ViewNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(roots: ViewNode[]): void {
    this.roots = roots;
    this.changed.fire();
  }

  getChildren(node?: ViewNode): ViewNode[] {
    return node ? (node.children ?? []) : this.roots;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const state = node.children?.length
      ? node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.command) item.command = { command: node.command.id, title: node.command.title, arguments: node.command.args };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
