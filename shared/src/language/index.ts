// The spec's language service: plain functions from text (and a position) to LSP-shaped data.
// No connection, no editor: extension/src/server translates LSP to these calls.
export { codeActions } from './actions.ts';
export { complete } from './complete.ts';
export { type DiagnoseOptions, diagnose } from './diagnose.ts';
export { hover } from './hover.ts';
export { IncrementalParser } from './incremental.ts';
export { definition, references } from './navigate.ts';
export { documentSymbols, foldingRanges } from './outline.ts';
export { semanticTokens } from './tokens.ts';
export * from './types.ts';
