// LSP-shaped plain data the language service returns: positions are 0-based and count UTF-16
// code units, as in the Language Server Protocol, so the server passes them through unchanged.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** LSP's DiagnosticSeverity. */
export const DiagnosticSeverity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;
export type DiagnosticSeverity = (typeof DiagnosticSeverity)[keyof typeof DiagnosticSeverity];

export interface LspDiagnostic {
  range: Range;
  severity: DiagnosticSeverity;
  /** The same stable code `pipewright check` prints. */
  code: string;
  source: 'pipewright';
  message: string;
}

export interface MarkupContent {
  kind: 'markdown';
  value: string;
}

/** LSP's CompletionItemKind, the values used here. */
export const CompletionItemKind = { Property: 10, Value: 12, Enum: 13, Keyword: 14, Reference: 18, Variable: 6, Module: 9 } as const;
export type CompletionItemKind = (typeof CompletionItemKind)[keyof typeof CompletionItemKind];

export interface CompletionItem {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: MarkupContent;
  /** Replaces the word being typed. */
  textEdit: TextEdit;
  sortText?: string;
}

export interface Hover {
  contents: MarkupContent;
  range: Range;
}

/** A quick fix: edits to this document only. */
export interface CodeAction {
  title: string;
  kind: 'quickfix';
  /** The diagnostic it fixes. */
  diagnostic: LspDiagnostic;
  isPreferred?: boolean;
  edits: TextEdit[];
}

/** LSP's SymbolKind, the values used here. */
export const SymbolKind = { Module: 2, Namespace: 3, Class: 5, Property: 7, Field: 8, Function: 12, Variable: 13, Array: 18, Event: 24 } as const;
export type SymbolKind = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** The token types and modifiers `semanticTokens` encodes, in legend order. */
export const semanticTokensLegend = {
  tokenTypes: ['macro', 'namespace', 'property', 'variable'],
  tokenModifiers: ['readonly'],
} as const;

export interface SemanticTokens {
  /** LSP's relative encoding: deltaLine, deltaStart, length, type, modifiers per token. */
  data: number[];
}
