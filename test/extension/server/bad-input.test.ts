// Bad input over real LSP: a BOM, CRLF, tabs, anchors and aliases, several documents, a binary
// file and a 5 MB file named pipewright.yaml each get a clear diagnostic (the same as
// `pipewright check`), ranges inside the document, and the server keeps answering.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpecText } from '../../../shared/src/spec/index.ts';
import { LspClient, type Published } from '../../support/lsp-client.ts';
import { lspLineLengths, outside } from '../../support/lsp-text.ts';
import { seededRandom } from '../../support/random.ts';

const root = join(import.meta.dirname, '../../..');
const churn = readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8');
let client: LspClient;
let count = 0;

beforeAll(async () => {
  client = LspClient.pipewright();
  await client.initialize(null);
});
afterAll(async () => {
  await client?.close();
});

/** Opens `text` as a new pipewright.yaml and returns what the server publishes for it. */
async function open(text: string): Promise<{ uri: string; diagnostics: Published['diagnostics'] }> {
  count += 1;
  // Beside the example, so the scripts its commands name exist.
  const file = join(root, `examples/churn/bad-${count}.pipewright.yaml`);
  const uri = pathToFileURL(file).href;
  const done = client.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === uri, 30_000);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const { diagnostics } = (await done).params as Published;
  const lines = lspLineLengths(text);
  expect(diagnostics.map((d) => outside(d.range, lines)).filter(Boolean)).toEqual([]);
  // Still answering, on this very document.
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
  await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
  await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  return { uri, diagnostics };
}

function codes(diagnostics: Published['diagnostics']): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
}
function checked(text: string): string[] {
  return checkSpecText(text, join(root, 'examples/churn/pipewright.yaml')).map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe('bad input over LSP', () => {
  it('a BOM: the diagnostics of the text without it, one character later on the first line', async () => {
    const text = `version: 2\n${churn.split('\n').slice(3).join('\n')}`;
    const { diagnostics } = await open(`\uFEFF${text}`);
    expect(diagnostics[0]).toMatchObject({ code: 'unsupported-version', range: { start: { line: 0, character: 10 } } });
    expect(codes(diagnostics).map((c) => c.replace(/^1:(\d+)/, (_m, col: string) => `1:${Number(col) - 1}`))).toEqual(checked(text));
  });

  it('CRLF line ends: the same lines and columns as LF', async () => {
    const text = churn.replace('  method: auto', '  method: kss');
    const lf = await open(text);
    const crlf = await open(text.replace(/\n/g, '\r\n'));
    expect(codes(crlf.diagnostics)).toEqual(codes(lf.diagnostics));
    expect(codes(lf.diagnostics)).toEqual(checked(text));
  });

  it('tabs used for indentation', async () => {
    const { diagnostics } = await open('version: 1\nname: x\ndatasets:\n\ttrain:\n\t\tpath: a.csv\n');
    expect(diagnostics.map((d) => d.code)).toContain('tab-indent');
    expect(diagnostics.find((d) => d.code === 'tab-indent')!.message).toMatch(/indent with spaces/);
  });

  it('anchors and aliases: read like pipewright check reads them; a recursive alias or a bomb is named', async () => {
    const anchored = churn.replace('    columns:\n', '    columns: &columns\n').replace('    like: train\n  customers_db:', '    columns: *columns\n  customers_db:');
    expect(codes((await open(anchored)).diagnostics)).toEqual(checked(anchored));
    const laughs = ['version: 1', 'name: x', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), ''].join('\n');
    expect((await open(laughs)).diagnostics.map((d) => d.code)).toEqual(['alias-bomb']);
    // An alias inside its own anchor: whatever the core makes of it, the server says so and goes on.
    const recursive = await open('version: 1\nname: &n x\ndescription: *n\nstages: &s\n  a: *s\n');
    expect(recursive.diagnostics.length).toBeGreaterThan(0);
    expect(recursive.diagnostics.every((d) => d.severity === 1 && d.message.length > 20)).toBe(true);
  });

  it('several YAML documents in one file', async () => {
    const { diagnostics } = await open('version: 1\nname: x\n---\nversion: 1\nname: y\n');
    expect(diagnostics.map((d) => d.code)).toEqual(['multiple-documents']);
    expect(diagnostics[0]!.message).toContain('one YAML document');
  });

  it('a binary file named pipewright.yaml', async () => {
    const random = seededRandom(5);
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    const { diagnostics } = await open(bytes.toString('latin1'));
    expect(diagnostics.map((d) => d.code)).toEqual(['binary-file']);
    expect(diagnostics[0]!.message).toContain('expected YAML text');
  });

  it('a 5 MB file', async () => {
    const { diagnostics } = await open(churn + `${'#'.repeat(79)}\n`.repeat((5 * 1024 * 1024) / 80));
    expect(diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
    expect(diagnostics[0]!.message).toContain('is this a data file?');
  });

  it('an empty file', async () => {
    const { diagnostics } = await open('');
    expect(diagnostics.map((d) => d.code)).toEqual(['empty-spec']);
  });
});
