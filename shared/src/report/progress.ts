// The progress port: long work reports through it; each host (terminal, Actions
// runner, VS Code) implements it once.

export interface ProgressReporter {
  /** Called as work advances; `total` is undefined when unknown. */
  update(done: number, total: number | undefined, label: string): void;
  /** Called once when the work ends (success or not). */
  end(): void;
}

/** Reports nothing: for hosts without a display and for tests. */
export const silentProgress: ProgressReporter = {
  update() {},
  end() {},
};
