// Starts the Pipewright language server (dist/server.js, over stdio) for pipewright.yaml files.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { Session } from './session.ts';

export const SPEC_SELECTOR = [
  { scheme: 'file', language: 'yaml', pattern: '**/pipewright.yaml' },
  { scheme: 'file', language: 'yaml', pattern: '**/*.pipewright.yaml' },
];

export function registerLanguageClient(context: vscode.ExtensionContext, session: Session): void {
  const configured = vscode.workspace.getConfiguration('pipewright').get<string>('server.path');
  const module = configured || context.asAbsolutePath('dist/server.js');
  if (!existsSync(module)) {
    session.output.appendLine(`The language server is missing (${module}): no diagnostics, hover or completion as you type.`);
    return;
  }
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SPEC_SELECTOR,
    outputChannel: session.output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{pipewright.yaml,*.pipewright.yaml}') },
  };
  const client = new LanguageClient('pipewright', 'Pipewright language server', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client.stop() });
  client.start().catch((error: Error) => session.output.appendLine(`The language server did not start: ${error.message}`));
}
