// Errors of the training step that stop it before a run record exists.
import { InputError, PipewrightError } from '../errors.ts';

/** The train command could not be started at all (exit 2: nothing ran). */
export class TrainCommandNotFoundError extends PipewrightError {
  constructor(
    readonly command: string,
    detail: string,
  ) {
    super('train-command-not-found', command ? `train command '${command}' ${detail}` : `train command: ${detail}`, { exitCode: 2 });
  }
}

/** The metrics file the run should have written is missing or malformed. */
export class MetricsFileError extends InputError {
  constructor(message: string, file: string) {
    super('metrics-invalid', message, { file });
  }
}
