// The shape every CLI command takes, and the I/O it is given.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { excerpt, UsageError } from '@pipewright/core/errors';

export type OutputFormat = 'text' | 'json';

/** What a command may touch: its streams, the working directory and the environment. */
export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: long work stops cleanly and leaves files consistent. */
  signal: AbortSignal;
}

export interface Command {
  /** e.g. `check` or `registry list` */
  name: string;
  summary: string;
  /** The usage text printed by `--help`. */
  usage: string;
  /** Returns the exit code: 0 ok, 1 the check found a problem, 2 could not run. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--format` and `--help`, taken by every command. */
export const commonOptions = {
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** parseArgs with the common options, turning its errors into UsageError. */
export function parseCommandArgs<const O extends Options>(argv: string[], options: O) {
  const config = { args: argv, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new UsageError(excerpt((error as Error).message.replace(/^TypeError \[\w+\]: /, ''), 300));
  }
  const format = (parsed.values as { format?: unknown }).format;
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`invalid --format '${excerpt(String(format))}': expected 'text' or 'json'`);
  }
  return { values: parsed.values, positionals: parsed.positionals, format: format as OutputFormat };
}

/** Prints exactly one JSON document on stdout. */
export function writeJson(io: CommandIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
