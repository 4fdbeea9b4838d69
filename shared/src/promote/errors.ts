// Errors of promotion and rollback.
import { PipewrightError } from '../errors.ts';

/** An alias name that OCI tags or the registry's own names forbid (exit 2: nothing moved). */
export class InvalidAliasError extends PipewrightError {
  constructor(alias: string, why: string) {
    super('invalid-alias', `invalid alias name '${alias}': ${why}`, { exitCode: 2 });
  }
}

/** Rollback has no version to go back to (exit 1: the kill switch did nothing). */
export class NothingToRollBackError extends PipewrightError {
  constructor(message: string) {
    super('nothing-to-roll-back', message, { exitCode: 1 });
  }
}

/** The registry holds no version to promote. */
export class NoCandidateError extends PipewrightError {
  constructor(message: string) {
    super('no-candidate', message, { exitCode: 2 });
  }
}
