// Errors of SQL pushdown: what was expected, what was found, where (engine, table, column).
// Connection details appear as host:port/database only: never a password or a full URL.
import { PipewrightError } from '../../errors.ts';

/** The database could not be reached, the table or a column is missing, or a query failed. */
export class SqlSourceError extends PipewrightError {
  constructor(code: string, message: string) {
    super(code, message, { exitCode: 2 });
  }
}

/** The contract cannot be compiled for this table (e.g. `min: abc` on an integer column). */
export class SqlContractError extends PipewrightError {
  constructor(message: string) {
    super('sql-contract', message, { exitCode: 2 });
  }
}

/** Replaces every secret in `text` with `***`. */
export function maskSecrets(text: string, secrets: Array<string | undefined>): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) masked = masked.split(secret).join('***');
  }
  return masked;
}
