// Diagnostics: what the checker reports, with LSP-like 1-based ranges, and the error a
// command throws when a spec it needs is invalid.
import { excerpt, MAX_MESSAGE, MAX_QUOTED, PipewrightError } from '../errors.ts';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding in a spec. Positions are 1-based and count UTF-16 code units (as LSP does).
 * The range is LSP-like: `line:column` is the first character, `endLine:endColumn` the
 * position just AFTER the last character (exclusive), so a one-character range on column 5
 * has endColumn 6. An empty range (end == start) only occurs in an empty file.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable, kebab-case: `unknown-key`, `needs-cycle`, … (listed in docs/spec.md). */
  code: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const LONG_QUOTE = new RegExp(`'([^'\\n]{${MAX_QUOTED + 1},})'`, 'g');

/**
 * A message as a diagnostic carries it: every quoted piece of the spec ('…') cut to MAX_QUOTED
 * characters, and the whole to MAX_MESSAGE, so a 1 MB key or value never floods an editor.
 */
export function boundMessage(message: string): string {
  if (message.length <= MAX_QUOTED) return message;
  const quoted = message.replace(LONG_QUOTE, (_match, inner: string) => `'${excerpt(inner)}'`);
  return quoted.length > MAX_MESSAGE ? excerpt(quoted, MAX_MESSAGE) : quoted;
}

/** Orders diagnostics by position, then errors before warnings. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return diagnostics.sort(
    (a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity] || a.code.localeCompare(b.code),
  );
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A spec a command needs is invalid: `file:line:col: message (and N more errors)`. Exit 1. */
export class SpecError extends PipewrightError {
  readonly diagnostics: Diagnostic[];

  constructor(file: string, diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}; run 'pipewright check')` : '';
    const where = first ? `${file}:${first.line}:${first.column}` : file;
    super('invalid-spec', `${where}: ${first ? `${first.message} [${first.code}]` : 'invalid spec'}${more}`, { exitCode: 1 });
    this.diagnostics = diagnostics;
  }
}

/** A `{{ template }}` names something that does not exist at run time. */
export class TemplateError extends PipewrightError {
  constructor(message: string) {
    super('unknown-template-ref', message, { exitCode: 2 });
  }
}

/** A command line cannot be split into arguments (an unclosed quote). */
export class CommandLineError extends PipewrightError {
  constructor(message: string) {
    super('invalid-command', message, { exitCode: 2 });
  }
}

/** A duration such as `60 seconds` that is not `<number><ms|s|m|h|d>`. */
export class DurationError extends PipewrightError {
  constructor(text: string) {
    super('invalid-duration', `expected a duration such as '250ms', '60s', '30m', '2h', '1d' or '1h30m', found '${text}'`, { exitCode: 2 });
  }
}
