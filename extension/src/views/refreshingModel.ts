// A model the views read: `current`, recomputed by refresh() (one at a time; a refresh asked
// for while one runs joins it), with an event on each new value.
import * as vscode from 'vscode';

export abstract class RefreshingModel<T> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T>();
  readonly onDidChange = this.changed.event;
  private busy: Promise<void> | undefined;

  constructor(public current: T) {}

  refresh(): Promise<void> {
    this.busy ??= this.compute()
      .then((value) => {
        this.current = value;
        this.changed.fire(value);
      })
      .finally(() => {
        this.busy = undefined;
      });
    return this.busy;
  }

  protected abstract compute(): Promise<T>;

  dispose(): void {
    this.changed.dispose();
  }
}
