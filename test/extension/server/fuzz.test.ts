// Robustness over real LSP: thousands of seeded random edits (typing, deleting, pasting half
// a spec, lone UTF-16 surrogates, a 5 MB document) never crash the server nor stop it
// answering, and every range it publishes lies inside the document version it is for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/src/language/index.ts';
import { LspClient, type Published } from '../../support/lsp-client.ts';
import { lspLineLengths, lspPosition, outside } from '../../support/lsp-text.ts';
import { seededRandom } from '../../support/random.ts';

const root = join(import.meta.dirname, '../../..');
const churn = readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8');
const uri = pathToFileURL(join(root, 'examples/churn/pipewright.yaml')).href;
const EDITS = 3000;
const fragments = ['a', 'z', '0', ' ', ':', ': ', '- ', '\n', '\n  ', '\n    - ', '#', '{', '}', '[', ']', ',', "'", '"', '{{ ', ' }}', '{{ datasets.', '&x ', '*x', '\t', '\r\n', '\r', '😀', 'é', '\u0000', '---\n', 'needs: [', 'like: ', '\uD800', '\uDC00'];

let client: LspClient | undefined;
afterAll(async () => {
  await client?.close();
});

describe('the language server under random edits', () => {
  it(`survives ${EDITS} edits and a 5 MB document, publishing only ranges inside the document`, async () => {
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    client = LspClient.pipewright();
    await client.initialize(null);
    let text = churn;
    let version = 1;
    const lineLengths = new Map<number, number[]>([[1, lspLineLengths(text)]]);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });

    const send = (start: number, end: number, insert: string) => {
      // Never split a \r\n: LSP has no position between the two.
      const fix = (o: number) => (o > 0 && text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o);
      const a = fix(start);
      const b = Math.max(a, fix(end));
      const range = { start: lspPosition(text, a), end: lspPosition(text, b) };
      text = text.slice(0, a) + insert + text.slice(b);
      version += 1;
      lineLengths.set(version, lspLineLengths(text));
      client!.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
    };
    const replaceAll = (next: string) => {
      text = next;
      version += 1;
      lineLengths.set(version, lspLineLengths(text));
      client!.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    };
    const ask = async () => {
      const position = lspPosition(text, Math.floor(random() * (text.length + 1)));
      const textDocument = { uri };
      const requests: Array<[string, object]> = [
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
        ['textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/foldingRange', { textDocument }],
        ['textDocument/semanticTokens/full', { textDocument }],
      ];
      const [method, params] = pick(requests);
      await client!.request(method, params);
    };
    const settle = async () => {
      const wanted = version;
      const isWanted = (p: unknown) => (p as Published).version === wanted;
      if (client!.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && isWanted(n.params))) return;
      await client!.next('textDocument/publishDiagnostics', isWanted, 60_000);
    };

    for (let i = 0; i < EDITS; i++) {
      const at = Math.floor(random() * (text.length + 1));
      const roll = random();
      if (i === EDITS / 2) {
        // A 5 MB document (a data file opened as the spec), edited a little, then the spec back.
        replaceAll(`${churn}\n${'# padding line of a very large document\n'.repeat(5 * 1024 * 1024 / 40)}`);
        await settle();
        for (let k = 0; k < 3; k++) send(at, at, 'x');
        await ask();
        await settle();
        replaceAll(churn);
      } else if (roll < 0.5) {
        send(at, at, pick(fragments));
      } else if (roll < 0.75) {
        send(at, at + Math.floor(random() * 40), '');
      } else if (roll < 0.85) {
        // Half of the spec pasted somewhere.
        const from = Math.floor(random() * churn.length);
        send(at, at, churn.slice(from, from + churn.length / 2));
      } else if (roll < 0.9) {
        replaceAll(text.length > 200_000 ? churn : text);
      } else {
        send(at, at + 1, pick(fragments));
      }
      if (text.length > 400_000) replaceAll(churn);
      if (i % 50 === 49) await ask();
      if (i % 500 === 499) await settle();
    }
    await settle();
    await ask();

    const published = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => n.params as Published);
    expect(published.length).toBeGreaterThan(10);
    const problems: string[] = [];
    let previous = 0;
    for (const p of published) {
      const lines = lineLengths.get(p.version!);
      if (!lines) problems.push(`a publish for unknown version ${p.version}`);
      if (p.version! < previous) problems.push(`version ${p.version} published after ${previous}`);
      previous = p.version!;
      for (const d of p.diagnostics) {
        const why = lines && outside(d.range, lines);
        if (why) problems.push(`version ${p.version}: ${d.code} at ${JSON.stringify(d.range)}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
    // The server's copy of the document is the test's: the last publish is what the service says of it.
    expect(published.at(-1)!.diagnostics).toEqual(diagnose(text, { file: join(root, 'examples/churn/pipewright.yaml') }));
    expect(published.some((p) => p.diagnostics.some((d) => d.code === 'file-too-large'))).toBe(true);
    expect(client.exitCode).toBeUndefined();
    expect(client.stderr).not.toMatch(/failed|Error/);
  }, 300_000);
});
