// What the commands and views share: the output channel, the spec in use, the bundled CLI,
// GitHub sign-in, one notification per distinct problem, and a refresh signal.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { type CliRun, runCli } from './client/cli-process.ts';
import { NoticeBoard } from './client/notices.ts';

const SPEC_GLOB = '{**/pipewright.yaml,**/*.pipewright.yaml}';

export function isSpecFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && /(^|[\\/])(?:[^\\/]+\.)?pipewright\.yaml$/.test(uri.fsPath);
}

export class Session implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Pipewright');
  private readonly notices = new NoticeBoard();
  private readonly refreshEmitter = new vscode.EventEmitter<void>();
  /** Fired when something may have changed runs or the registry (a command ended, a file changed, focus). */
  readonly onRefresh = this.refreshEmitter.event;
  private session: vscode.AuthenticationSession | undefined;
  private pendingSpec: Promise<vscode.Uri | undefined> | undefined;

  constructor(readonly context: vscode.ExtensionContext) {}

  get cliPath(): string {
    return this.context.asAbsolutePath('dist/cli/pipewright.js');
  }

  refresh(): void {
    this.refreshEmitter.fire();
  }

  /**
   * The spec in use: the active editor's, else the first in the workspace; undefined when there
   * is none. Callers at the same moment (each view's refresh) share one workspace search.
   */
  spec(): Promise<vscode.Uri | undefined> {
    this.pendingSpec ??= this.findSpec().finally(() => {
      this.pendingSpec = undefined;
    });
    return this.pendingSpec;
  }

  private async findSpec(): Promise<vscode.Uri | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    let spec: vscode.Uri | undefined;
    if (active && isSpecFile(active)) {
      spec = active;
    } else {
      // The shallowest spec of the workspace.
      const found = await vscode.workspace.findFiles(SPEC_GLOB, '**/node_modules/**', 20);
      found.sort((a, b) => a.fsPath.length - b.fsPath.length || a.fsPath.localeCompare(b.fsPath));
      spec = found[0];
    }
    await vscode.commands.executeCommand('setContext', 'pipewright.hasSpec', spec !== undefined);
    return spec;
  }

  /** The spec, or a message saying there is none (for commands the user ran). */
  async requireSpec(): Promise<vscode.Uri | undefined> {
    const spec = await this.spec();
    if (!spec) void vscode.window.showWarningMessage('Pipewright: no pipewright.yaml in this workspace. Create one to check, validate or run a pipeline.');
    return spec;
  }

  /** Shows a notification for `key` once per session (background problems); the views keep showing the state. */
  notifyOnce(key: string, level: 'info' | 'warning' | 'error', message: string): void {
    if (this.notices.shouldNotify(key)) this.notify(level, message);
  }

  /** A non-modal notification, for the result of a command the user ran. */
  notify(level: 'info' | 'warning' | 'error', message: string): void {
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Pipewright: ${message}`);
  }

  /** Runs `pipewright ARGS` in the spec's directory with a progress notification, output in the channel. */
  async runCli(title: string, args: string[], spec: vscode.Uri): Promise<CliRun> {
    this.output.appendLine(`$ pipewright ${args.join(' ')}`);
    this.output.show(true);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pipewright: ${title}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const result = await runCli(args, {
        cliPath: this.cliPath,
        cwd: dirname(spec.fsPath),
        signal: controller.signal,
        onOutput: (text) => {
          this.output.append(text);
          const line = text.trim().split('\n').pop();
          if (line) progress.report({ message: line.slice(0, 120) });
        },
      });
      this.output.appendLine(`[exit ${result.code}]`);
      this.refresh();
      return result;
    });
  }

  /** A GitHub token: silently when already granted, with a prompt only when `ask` (the user clicked Sign in). */
  async githubToken(ask = false): Promise<string | undefined> {
    if (this.session && !ask) return this.session.accessToken;
    try {
      this.session = await vscode.authentication.getSession('github', ['repo'], ask ? { createIfNone: true } : { silent: true });
    } catch (error) {
      // No GitHub provider (e.g. in a browser build) or the user declined: read anonymously.
      if (ask) this.notifyOnce(`sign-in-${(error as Error).message}`, 'warning', `GitHub sign-in failed: ${(error as Error).message}`);
      this.session = undefined;
    }
    return this.session?.accessToken;
  }

  dispose(): void {
    this.output.dispose();
    this.refreshEmitter.dispose();
  }
}
