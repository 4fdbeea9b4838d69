// Real LSP over stdio to the built extension/dist/server.js (`pnpm build` makes it): the
// diagnostics `pipewright check` gives, on open and on every edit, never stale; and every
// request the server advertises, answered from the language service.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpecText } from '../../../shared/src/spec/index.ts';
import { LspClient, type Published, SERVER_JS } from '../../support/lsp-client.ts';

const root = join(import.meta.dirname, '../../..');
const churnFile = join(root, 'examples/churn/pipewright.yaml');
const churn = readFileSync(churnFile, 'utf8');
const uri = pathToFileURL(churnFile).href;

/** `line:col-line:col code message` (0-based) as `pipewright check` sees the text. */
function expectedFor(text: string): string[] {
  return checkSpecText(text, churnFile).map((d) => `${d.line - 1}:${d.column - 1}-${d.endLine - 1}:${d.endColumn - 1} ${d.code} ${d.message}`);
}
function rendered(p: Published): string[] {
  return p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`);
}

let client: LspClient;
let version = 1;

function published(forVersion: number): Promise<Published> {
  return client.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === uri && (p as Published).version === forVersion).then((n) => n.params as Published);
}

beforeAll(async () => {
  expect(existsSync(SERVER_JS), `${SERVER_JS} is missing: run 'pnpm build' first`).toBe(true);
  client = LspClient.pipewright();
  const { capabilities } = await client.initialize(pathToFileURL(root).href);
  expect(capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true, foldingRangeProvider: true });
  const open = published(1);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: churn } });
  expect((await open).diagnostics).toEqual([]);
});

afterAll(async () => {
  await client?.close();
});

function change(text: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): number {
  version += 1;
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [range ? { range, text } : { text }] });
  return version;
}

describe('the language server over stdio', () => {
  it('publishes what pipewright check finds after an incremental edit, and clears it after the fix', async () => {
    const line = churn.split('\n').indexOf('  method: auto');
    const broken = published(change('s', { start: { line, character: 14 }, end: { line, character: 14 } }));
    const text = churn.replace('  method: auto', '  method: autos');
    const got = await broken;
    expect(rendered(got)).toEqual(expectedFor(text));
    expect(got.diagnostics[0]).toMatchObject({ code: 'invalid-value', severity: 1, range: { start: { line, character: 10 } } });
    expect(got.diagnostics[0]!.message).toContain("did you mean 'auto'?");
    const fixed = published(change('', { start: { line, character: 14 }, end: { line, character: 15 } }));
    expect((await fixed).diagnostics).toEqual([]);
  });

  it('never publishes diagnostics older than one already published, and ends on the last text', async () => {
    const line = churn.split('\n').indexOf('  share: 0.5');
    const seen: number[] = [];
    const from = client.notifications.length;
    let last = 0;
    // Type `0.75` over `0.5` one keystroke at a time, then a wrong key, as fast as the pipe allows.
    const keys = ['', '7', '75'];
    for (const k of keys) last = change(`  share: 0.${k}5`, { start: { line, character: 0 }, end: { line, character: 12 + (k.length > 1 ? 1 : 0) } });
    let text = churn.replace('  share: 0.5', '  share: 0.755');
    const at = text.indexOf('  share:') + 2;
    for (let i = 0; i < 30; i++) {
      const key = i % 2 ? 'x' : 'y';
      last = change(key, { start: { line, character: 2 }, end: { line, character: 2 } });
      text = text.slice(0, at) + key + text.slice(at);
    }
    const final = await published(last);
    for (const n of client.notifications.slice(from)) if (n.method === 'textDocument/publishDiagnostics') seen.push((n.params as Published).version!);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.length).toBeLessThan(33);
    expect(rendered(final)).toEqual(expectedFor(text));
    expect(final.diagnostics.map((d) => d.code)).toContain('unknown-key');
    // Back to the example.
    const restored = published(change(churn));
    expect((await restored).diagnostics).toEqual([]);
  });

  it('answers completion, hover, definition and references from the language service', async () => {
    const lines = churn.split('\n');
    const methodLine = lines.indexOf('  method: auto');
    const completion = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri }, position: { line: methodLine, character: 10 } });
    expect(completion.map((i) => i.label)).toContain('wasserstein');
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: methodLine, character: 3 } });
    expect(hover.contents.value).toContain('**drift.method**');
    const needsLine = lines.indexOf('  needs: [features]');
    const definition = await client.request<Array<{ uri: string; range: { start: { line: number } } }>>('textDocument/definition', { textDocument: { uri }, position: { line: needsLine, character: 13 } });
    expect(definition).toEqual([{ uri, range: expect.objectContaining({ start: { line: lines.indexOf('  features:'), character: 2 } }) }]);
    const refs = await client.request<unknown[]>('textDocument/references', { textDocument: { uri }, position: { line: lines.indexOf('  features:'), character: 4 }, context: { includeDeclaration: true } });
    expect(refs).toHaveLength(2);
  });

  it('answers code actions, outline, folding and semantic tokens', async () => {
    const line = churn.split('\n').indexOf('  current: live');
    const published5 = published(change('lvie', { start: { line, character: 11 }, end: { line, character: 15 } }));
    await published5;
    const actions = await client.request<Array<{ title: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 12 }, end: { line, character: 12 } },
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual(["Change 'lvie' to 'live'"]);
    expect(actions[0]!.edit.changes[uri]).toEqual([expect.objectContaining({ newText: 'live' })]);
    const symbols = await client.request<Array<{ name: string }>>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toContain('deploy');
    const folds = await client.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri } });
    expect(folds.length).toBeGreaterThan(10);
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    // Seven templates in the example, each braces + root + segments: the stage's, the train
    // command's, the command target's two, and local.serve's three.
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length / 5).toBe(5 + 5 + 4 + 3 + 4 + 3 + 4);
  });

  it('clears the diagnostics of a closed document', async () => {
    const other = pathToFileURL(join(root, 'test/fixtures/spec/invalid/drift-method.yaml')).href;
    const opened = client.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === other);
    client.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: 'version: 1\nname: x\ndrift: {}\n' } });
    expect((await opened).params as Published).toMatchObject({ diagnostics: [{ code: 'missing-key' }, { code: 'missing-key' }] });
    const closed = client.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === other);
    client.notify('textDocument/didClose', { textDocument: { uri: other } });
    expect((await closed).params).toEqual({ uri: other, diagnostics: [] });
  });
});

describe('files on disk', () => {
  it('checks open specs again when files change, so a script created after the warning clears it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-lsp-'));
    const watcher = LspClient.pipewright();
    const registered = new Promise<unknown>((resolve) => {
      watcher.onServerRequest = (method, params) => {
        if (method === 'client/registerCapability') resolve(params);
        return null;
      };
    });
    try {
      await watcher.initialize(pathToFileURL(dir).href, {}, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
      expect(await registered).toMatchObject({ registrations: [{ method: 'workspace/didChangeWatchedFiles' }] });
      const spec = pathToFileURL(join(dir, 'pipewright.yaml')).href;
      const first = watcher.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === spec);
      watcher.notify('textDocument/didOpen', { textDocument: { uri: spec, languageId: 'yaml', version: 1, text: 'version: 1\nname: x\ntrain:\n  run: python3 train.py\n' } });
      expect(((await first).params as Published).diagnostics.map((d) => d.code)).toEqual(['missing-script']);
      writeFileSync(join(dir, 'train.py'), 'print(1)\n');
      const again = watcher.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === spec);
      watcher.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'train.py')).href, type: 1 }] });
      expect(((await again).params as Published).diagnostics).toEqual([]);
    } finally {
      await watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('starting the server', () => {
  it('without a transport prints its usage and exits 2, without a stack trace', () => {
    const run = spawnSync(process.execPath, [SERVER_JS], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: node server.js --stdio');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
