// Named registry errors: each says what was expected, what was found and where (registry URL).
import { PipewrightError } from '../errors.ts';

/** A version, alias or blob that does not exist. */
export class RegistryNotFoundError extends PipewrightError {
  constructor(message: string) {
    super('registry-not-found', message, { exitCode: 2 });
  }
}

/** Content whose digest or size differs from the one its manifest names. */
export class RegistryCorruptError extends PipewrightError {
  constructor(message: string) {
    super('registry-corrupt', message, { exitCode: 2 });
  }
}

/** The registry could not be reached or kept failing after retries. */
export class RegistryUnavailableError extends PipewrightError {
  constructor(message: string, cause?: unknown) {
    super('registry-unavailable', message, { exitCode: 2, cause });
  }
}

/** The registry refused our credentials or their permissions. */
export class RegistryAuthError extends PipewrightError {
  constructor(message: string) {
    super('registry-auth', message, { exitCode: 2 });
  }
}

/** An alias name, version name, registry URL or artifact that cannot be used. */
export class RegistryInputError extends PipewrightError {
  constructor(code: string, message: string) {
    super(code, message, { exitCode: 2 });
  }
}

/** Another writer held the registry lock for too long. */
export class RegistryLockError extends PipewrightError {
  constructor(message: string) {
    super('registry-locked', message, { exitCode: 2 });
  }
}
