// Diagnostics for the editor: exactly `pipewright check`'s codes, messages and ranges, as LSP data.
import { dirname, join, resolve } from 'node:path';
import { type CheckOptions, checkParsed } from '../spec/check.ts';
import type { Diagnostic } from '../spec/diagnostics.ts';
import { type SpecDocument, specDocument } from './document.ts';
import type { IncrementalParser } from './incremental.ts';
import { DiagnosticSeverity, type LspDiagnostic } from './types.ts';

export interface DiagnoseOptions extends CheckOptions {
  /** The spec's path (paths in it resolve against its directory). Default: ./pipewright.yaml. */
  file?: string;
  /** Reuses the parse of unchanged sections between calls; keep one per open document. */
  parser?: IncrementalParser;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toLspDiagnostic(doc: SpecDocument, d: Diagnostic): LspDiagnostic {
  return { range: doc.diagnosticRange(d), severity: SEVERITY[d.severity], code: d.code, source: 'pipewright', message: d.message };
}

interface Checked {
  file: string;
  workspace: string;
  fileExists: CheckOptions['fileExists'];
  diagnostics: Diagnostic[];
}

/** The last check of each document: code actions, asked on every cursor move, reuse what was just published. */
const lastCheck = new WeakMap<SpecDocument, Checked>();

/**
 * The core's diagnostics for `text` (positions in the core's terms, sorted as `pipewright check`
 * prints them). With `reuse`, the document's last check with the same options, when there is one.
 */
export function coreDiagnostics(doc: SpecDocument, options: DiagnoseOptions = {}, reuse = false): Diagnostic[] {
  const file = resolve(options.file ?? join(options.workspace ?? process.cwd(), 'pipewright.yaml'));
  const workspace = options.workspace ?? dirname(file);
  const last = lastCheck.get(doc);
  if (reuse && last && last.file === file && last.workspace === workspace && last.fileExists === options.fileExists) return last.diagnostics;
  const { diagnostics } = checkParsed(doc.parsed, doc.source, file, { workspace, fileExists: options.fileExists });
  lastCheck.set(doc, { file, workspace, fileExists: options.fileExists, diagnostics });
  return diagnostics;
}

/** Every diagnostic for a spec text, as the language server publishes them (always checked afresh: files on disk may have changed). */
export function diagnose(text: string, options: DiagnoseOptions = {}): LspDiagnostic[] {
  const doc = specDocument(text, options.parser);
  return coreDiagnostics(doc, options).map((d) => toLspDiagnostic(doc, d));
}
