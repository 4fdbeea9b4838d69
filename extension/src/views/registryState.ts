// The registry model: the spec's registry read in-process, refreshed with the run status.
import * as vscode from 'vscode';
import { readRegistry } from '../client/registry-source.ts';
import type { RegistrySnapshot } from '../client/registry-tree.ts';
import type { Session } from '../session.ts';

export type RegistryView = { state: 'ready'; snapshot: RegistrySnapshot } | { state: 'none' } | { state: 'problem'; message: string };

export class RegistryState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistryView>();
  readonly onDidChange = this.changed.event;
  current: RegistryView = { state: 'none' };
  private busy: Promise<void> | undefined;

  constructor(private readonly session: Session) {}

  refresh(): Promise<void> {
    this.busy ??= this.load().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async load(): Promise<void> {
    const spec = await this.session.spec();
    if (!spec) {
      this.current = { state: 'none' };
    } else {
      try {
        this.current = { state: 'ready', snapshot: await readRegistry(spec.fsPath) };
      } catch (error) {
        const message = `cannot read the model registry: ${(error as Error).message}`;
        this.session.output.appendLine(message);
        this.current = { state: 'problem', message };
      }
    }
    this.changed.fire(this.current);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
