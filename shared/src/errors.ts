// Named errors: every user-facing failure is one of these, never a bare Error.
// Each message says what was expected, what was found, and where.

/** Where in a file a problem is (1-based line and column). */
export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
  /** For data files: the 1-based data row (header excluded) and column name. */
  row?: number;
  columnName?: string;
  /** For binary or huge inputs: the byte offset. */
  byteOffset?: number;
}

/** User data (a header, a value, a key, a query) is quoted in a message up to this many characters. */
export const MAX_QUOTED = 200;
/** No message is longer than this, whatever it quotes: a last guard for a site that forgot `excerpt`. */
export const MAX_MESSAGE = 1000;

function cut(text: string, max: number): string {
  // Never split a surrogate pair: half of one is not text.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * User data as a message quotes it: at most `max` characters (then `…` and the full length),
 * control characters shown as `\xNN` so a terminal never interprets them.
 */
export function excerpt(text: string, max = MAX_QUOTED): string {
  const shown = text.length > max ? `${cut(text, max)}… (${text.length} characters)` : text;
  return shown.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Names joined with `, ` as a message lists them: as many as fit in `max` characters, then how many more. */
export function excerptList(items: readonly string[], max = MAX_QUOTED): string {
  const shown: string[] = [];
  let length = 0;
  for (const item of items) {
    const text = excerpt(item, Math.max(20, max - length));
    if (shown.length > 0 && length + text.length > max) break;
    shown.push(text);
    length += text.length + 2;
  }
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')}, … (${more} more)` : shown.join(', ');
}

/**
 * Base of every error Pipewright reports to a user. `exitCode` follows the CLI
 * contract: 1 = the check found a problem, 2 = the command could not run.
 */
export class PipewrightError extends Error {
  readonly code: string;
  readonly exitCode: 1 | 2;
  readonly location: SourceLocation | undefined;

  constructor(code: string, message: string, options: { exitCode?: 1 | 2; location?: SourceLocation; cause?: unknown } = {}) {
    super(message.length > MAX_MESSAGE ? `${cut(message, MAX_MESSAGE)}… (message cut)` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? 2;
    this.location = options.location;
  }
}

/** The command line was wrong: unknown flag, missing argument. */
export class UsageError extends PipewrightError {
  constructor(message: string) {
    super('usage', message, { exitCode: 2 });
  }
}

/** An input (spec, dataset, metrics file, run record) could not be read at all. */
export class InputError extends PipewrightError {
  constructor(code: string, message: string, location?: SourceLocation, cause?: unknown) {
    super(code, message, { exitCode: 2, location, cause });
  }
}

/** A path from an input points outside the workspace. */
export class PathEscapeError extends PipewrightError {
  constructor(path: string, workspace: string) {
    super('path-escape', `path '${path}' resolves outside the workspace '${workspace}'`, { exitCode: 2 });
  }
}

/** Formats a location as `file:line:column` (or `file: row N, column 'c'`). */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.column !== undefined) parts.push(String(location.column));
  let text = parts.join(':');
  const extra: string[] = [];
  if (location.row !== undefined) extra.push(`row ${location.row}`);
  if (location.columnName !== undefined) extra.push(`column '${location.columnName}'`);
  if (location.byteOffset !== undefined) extra.push(`byte ${location.byteOffset}`);
  if (extra.length > 0) text += (text ? ': ' : '') + extra.join(', ');
  return text;
}
