// `pipewright check [SPEC]`: schema and semantic diagnostics for a pipeline spec.
import { resolve } from 'node:path';
import { InputError } from '@pipewright/core/errors';
import { type Diagnostic, hasErrors, loadSpec, SourceText } from '@pipewright/core/spec';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright check [SPEC] [--format text|json]

Checks a pipeline spec (default ./pipewright.yaml) against the schema and the rules no
schema can express: unknown datasets and steps, needs cycles, canary weights, templates,
paths outside the workspace. Prints one line per problem with the offending line and a caret.

Options:
  --format text|json  json prints {"diagnostics":[{"severity","code","message","line","column","endLine","endColumn"}]}
  -h, --help          show this help

Exit codes: 0 no errors (warnings allowed), 1 the spec has errors, 2 the spec could not be read.
`;

/** Characters of the source line shown around a diagnostic; a longer line is cut around the range. */
const LINE_WINDOW = 160;

/** `file:line:col: error [code] message`, the line, and carets under the range. */
export function formatDiagnostic(file: string, d: Diagnostic, source: SourceText): string {
  const head = `${file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`;
  const line = source.lineText(d.line);
  if (line === '' && source.text === '') return head;
  const gutter = String(d.line);
  const lineEnd = d.endLine === d.line ? Math.max(d.endColumn, d.column + 1) : line.length + 1;
  // A long line (minified YAML, a pasted blob) is shown as a window around the range.
  const from = line.length > LINE_WINDOW ? Math.max(0, Math.min(d.column - 1 - LINE_WINDOW / 4, line.length - LINE_WINDOW)) : 0;
  const to = Math.min(line.length, from + LINE_WINDOW);
  const before = from > 0 ? '…' : '';
  const text = `${before}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
  const column = d.column - from + before.length;
  const end = Math.min(lineEnd - from + before.length, to - from + before.length + 1);
  // Keep tabs in the lead so the carets line up with what the terminal shows.
  const lead = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, end - column));
  return `${head}\n  ${gutter} | ${text}\n  ${' '.repeat(gutter.length)} | ${lead}${carets}`;
}

function summary(diagnostics: Diagnostic[]): string {
  const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check a pipeline spec: schema and semantic diagnostics',
  usage,
  async run(argv, io) {
    const { positionals, format } = parseCommandArgs(argv, {});
    const file = positionals[0] ?? 'pipewright.yaml';
    const loaded = await loadSpec(resolve(io.cwd, file)).catch((error: unknown) => {
      // Name the file as the user wrote it.
      if (error instanceof InputError) throw new InputError(error.code, error.message, { ...error.location, file }, error.cause);
      throw error;
    });
    const { diagnostics } = loaded;
    if (format === 'json') {
      writeJson(io, {
        diagnostics: diagnostics.map(({ severity, code, message, line, column, endLine, endColumn }) => ({ severity, code, message, line, column, endLine, endColumn })),
      });
    } else {
      const source = new SourceText(loaded.text);
      for (const d of diagnostics) io.stdout.write(`${formatDiagnostic(file, d, source)}\n`);
      io.stdout.write(diagnostics.length === 0 ? `${file}: ok\n` : `${file}: ${summary(diagnostics)}\n`);
    }
    return hasErrors(diagnostics) ? 1 : 0;
  },
};
