// Translates LSP ⇄ the spec's language service (@pipewright/core/language): documents in,
// diagnostics out (debounced per document, never older than what was already published),
// and one handler per request. No spec logic lives here.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeWatchedFilesNotification,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as language from '@pipewright/core/language';

/** Waits this long after an edit before checking: long enough to coalesce a burst of keystrokes, short enough to feel instant. */
const DEFAULT_DIAGNOSTICS_DELAY_MS = 2;

/** `initializationOptions` the server reads. */
interface ServerOptions {
  diagnosticsDelayMs?: number;
  /** false: parse every text whole (the benchmark compares both). */
  incremental?: boolean;
}

/** Untitled documents check no files (one function, so code actions reuse the published check). */
const anyFileExists = () => true;

/** Where a document's relative paths resolve; untitled documents check no files. */
function checkOptions(uri: string): Pick<language.DiagnoseOptions, 'file' | 'fileExists'> {
  if (!uri.startsWith('file:')) return { fileExists: anyFileExists };
  try {
    return { file: fileURLToPath(uri) };
  } catch {
    return { fileExists: anyFileExists };
  }
}

const internalError: Diagnostic = {
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  severity: 1,
  code: 'internal-error',
  source: 'pipewright',
  message: 'Pipewright could not check this spec: the check failed inside Pipewright (the language server log has the details); `pipewright check` may say more',
};

export function listen(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, NodeJS.Timeout>();
  const parsers = new Map<string, language.IncrementalParser>();
  let delay = DEFAULT_DIAGNOSTICS_DELAY_MS;
  let incremental = true;

  /** Runs `work`, logging instead of crashing: one bad request must not take the server down. */
  const safely = <T>(what: string, fallback: T, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      connection.console.error(`pipewright: ${what} failed: ${(error as Error).stack ?? String(error)}`);
      return fallback;
    }
  };
  const textOf = (uri: string) => documents.get(uri)?.getText();

  const publish = (uri: string): void => {
    timers.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    let parser = parsers.get(uri);
    if (!parser && incremental) {
      parser = new language.IncrementalParser();
      parsers.set(uri, parser);
    }
    const options = { ...checkOptions(uri), parser };
    // A check that throws is a bug in Pipewright, not in the spec: say so where the user looks, never "no problems".
    const diagnostics = safely<Diagnostic[]>('checking the spec', [internalError], () => language.diagnose(document.getText(), options));
    // An edit that arrived meanwhile schedules its own check: never publish over newer text.
    if (documents.get(uri)?.version !== version) return;
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const schedule = (uri: string): void => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(publish, delay, uri));
  };

  let watchFiles = false;
  connection.onInitialize((params): InitializeResult => {
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const options = (params.initializationOptions ?? {}) as ServerOptions;
    if (typeof options.diagnosticsDelayMs === 'number' && options.diagnosticsDelayMs >= 0) delay = options.diagnosticsDelayMs;
    if (options.incremental === false) incremental = false;
    return {
      serverInfo: { name: 'pipewright-language-server' },
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', ':', '.', '[', ',', '{', '-'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...language.semanticTokensLegend.tokenTypes], tokenModifiers: [...language.semanticTokensLegend.tokenModifiers] }, full: true },
      },
    };
  });

  // A script a `run:` names may appear or vanish on disk: check the open specs again when files change.
  connection.onInitialized(() => {
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
  });
  connection.onDidChangeWatchedFiles(() => {
    for (const document of documents.all()) schedule(document.uri);
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    parsers.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((p) => {
    const text = textOf(p.textDocument.uri);
    return text === undefined ? [] : safely('completion', [], () => language.complete(text, p.position));
  });
  connection.onHover((p) => {
    const text = textOf(p.textDocument.uri);
    return text === undefined ? null : safely('hover', null, () => language.hover(text, p.position) ?? null);
  });
  connection.onDefinition((p) => {
    const text = textOf(p.textDocument.uri);
    if (text === undefined) return [];
    return safely('go to definition', [], () => language.definition(text, p.position).map((range) => ({ uri: p.textDocument.uri, range })));
  });
  connection.onReferences((p) => {
    const text = textOf(p.textDocument.uri);
    if (text === undefined) return [];
    return safely('find references', [], () => language.references(text, p.position, p.context.includeDeclaration).map((range) => ({ uri: p.textDocument.uri, range })));
  });
  connection.onCodeAction((p) => {
    const uri = p.textDocument.uri;
    const text = textOf(uri);
    if (text === undefined) return [];
    return safely('code actions', [], () =>
      language.codeActions(text, p.range, { ...checkOptions(uri), parser: parsers.get(uri) }).map((action) => ({
        title: action.title,
        kind: action.kind,
        diagnostics: [action.diagnostic],
        isPreferred: action.isPreferred,
        edit: { changes: { [uri]: action.edits } },
      })),
    );
  });
  connection.onDocumentSymbol((p) => {
    const text = textOf(p.textDocument.uri);
    return text === undefined ? [] : safely('outline', [], () => language.documentSymbols(text));
  });
  connection.onFoldingRanges((p) => {
    const text = textOf(p.textDocument.uri);
    return text === undefined ? [] : safely('folding', [], () => language.foldingRanges(text));
  });
  connection.languages.semanticTokens.on((p) => {
    const text = textOf(p.textDocument.uri);
    return text === undefined ? { data: [] } : safely('semantic tokens', { data: [] }, () => language.semanticTokens(text));
  });

  documents.listen(connection);
  connection.listen();
}
