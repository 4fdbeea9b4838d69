// Errors of promotion and rollback.
import { PipewrightError } from '../errors.ts';

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
