// checkSpecText: every diagnostic for one spec text (YAML, schema, semantics). Pure apart from
// the optional file-existence probe, and fast enough to run on every keystroke.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Diagnostic, sortDiagnostics } from './diagnostics.ts';
import { type ParsedSpec, parseSpecText } from './parse.ts';
import { SourceText } from './positions.ts';
import { schemaDiagnostics } from './schema-errors.ts';
import { isObj, SemanticContext } from './semantic-context.ts';
import { checkDatasets, checkDrift } from './semantic-data.ts';
import { checkDeploy, checkPromote, checkStages } from './semantic-flow.ts';
import { checkCommands, checkPaths, checkTemplates } from './semantic-refs.ts';
import type { SpanNode } from './yaml-tree.ts';

/** Diagnostics reported for one spec; past this a spec is not a spec (100,000 unknown keys) and one more says so. */
export const MAX_DIAGNOSTICS = 1000;

export interface CheckOptions {
  /** Paths in the spec resolve against this directory. Default: the spec file's directory. */
  workspace?: string;
  /** Probes whether a script file exists (absolute path). Default: the file system. */
  fileExists?: (path: string) => boolean;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** The plain spec value, when the YAML could be read (it may still have schema errors). */
  value?: unknown;
  /** Where each key and value is in the text. */
  tree?: SpanNode;
}

/** The first MAX_DIAGNOSTICS diagnostics, then one that says more were found, where the next one is. */
function bounded(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const next = diagnostics[MAX_DIAGNOSTICS]!;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const message = `more than ${MAX_DIAGNOSTICS} problems: the rest are not shown (is this a pipeline spec?); fix these first`;
  kept.push({ ...next, severity: 'error', code: 'too-many-problems', message });
  return kept;
}

/** Checks spec text and returns everything the checker and the language server need. */
export function checkSpec(text: string, file: string, options: CheckOptions = {}): CheckResult {
  const source = new SourceText(text);
  return checkParsed(parseSpecText(source), source, file, options);
}

/** The schema and semantic checks on an already parsed text (the language server parses incrementally). */
export function checkParsed(parsed: ParsedSpec, source: SourceText, file: string, options: CheckOptions = {}): CheckResult {
  const { tree, value } = parsed;
  const diagnostics = [...parsed.diagnostics];
  if (value !== undefined) {
    // One over the limit, so that a spec with too many problems is told so below.
    for (const d of schemaDiagnostics(value, tree, source, MAX_DIAGNOSTICS + 1)) diagnostics.push(d);
    if (isObj(value)) {
      const workspace = resolve(options.workspace ?? dirname(resolve(file)));
      const ctx = new SemanticContext(value, tree, source, workspace, options.fileExists ?? existsSync);
      checkDatasets(ctx);
      checkDrift(ctx);
      checkStages(ctx);
      checkPromote(ctx);
      checkDeploy(ctx);
      checkTemplates(ctx);
      checkPaths(ctx);
      checkCommands(ctx);
      for (const d of ctx.diagnostics) diagnostics.push(d);
    }
  }
  return { diagnostics: bounded(sortDiagnostics(diagnostics)), value, tree };
}

/** Every diagnostic for one spec text, sorted by position. */
export function checkSpecText(text: string, file: string, options: CheckOptions = {}): Diagnostic[] {
  return checkSpec(text, file, options).diagnostics;
}
