// pipewright.registry.openCard: a version's model card as a read-only markdown document.
import * as vscode from 'vscode';
import { modelCardMarkdown } from '../client/registry-tree.ts';
import { specRegistry } from '../client/registry-source.ts';
import type { ViewNode } from '../client/view-node.ts';
import type { Session } from '../session.ts';

const SCHEME = 'pipewright-card';

export function registerOpenModelCard(context: vscode.ExtensionContext, session: Session): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const spec = await session.spec();
      if (!spec) return '# No pipewright.yaml in this workspace\n';
      const version = uri.path.replace(/^\//, '').replace(/\.md$/, '');
      try {
        const { registry } = await specRegistry(spec.fsPath);
        return modelCardMarkdown(await registry.show(version), registry.url);
      } catch (error) {
        return `# ${version}\n\nCannot read this model card: ${(error as Error).message}\n`;
      }
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand('pipewright.registry.openCard', async (target?: string | ViewNode) => {
      const version = typeof target === 'string' ? target : target?.label;
      if (!version) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path: `/${version}.md` }));
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
  );
}
