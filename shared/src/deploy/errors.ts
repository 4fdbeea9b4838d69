// Named errors of a deploy: each says what was expected, what was found, and where traffic is.
import { PipewrightError } from '../errors.ts';

/** The spec has no runnable deploy (no `deploy:` or no `canary.steps`), or a key that cannot run. */
export class DeploySpecError extends PipewrightError {
  constructor(message: string) {
    super('deploy-spec', message, { exitCode: 2 });
  }
}

/** The version to deploy is not in the registry, or no alias names one. */
export class DeployVersionError extends PipewrightError {
  constructor(message: string) {
    super('deploy-version', message, { exitCode: 2 });
  }
}

/** Another live process is running a canary for this spec. */
export class DeployInProgressError extends PipewrightError {
  constructor(message: string) {
    super('deploy-in-progress', message, { exitCode: 2 });
  }
}

/** The state file under `.pipewright/deploy/` cannot be read or written. */
export class DeployStateError extends PipewrightError {
  constructor(message: string, cause?: unknown) {
    super('deploy-state', message, { exitCode: 2, cause });
  }
}

/** A traffic target could not reach the state asked for; the previous state keeps serving. */
export class TrafficError extends PipewrightError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { exitCode: 2, cause });
  }
}

/** --roll-back-unfinished found no unfinished canary (exit 1: nothing was done). */
export class NothingUnfinishedError extends PipewrightError {
  constructor(message: string) {
    super('nothing-unfinished', message, { exitCode: 1 });
  }
}
