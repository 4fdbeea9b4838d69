// docs/language-server.md as written: its spec example gets exactly the diagnostics the page
// shows (from the real server over stdio), and the Neovim, Helix and Zed configurations each
// start the server with a command that works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { codeActions } from '../../../shared/src/language/index.ts';
import { docBlock } from '../../support/doc-examples.ts';
import { LspClient, type Published } from '../../support/lsp-client.ts';

const root = join(import.meta.dirname, '../../..');
const clients: LspClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** The argv each editor's configuration starts, with the checkout's path filled in. */
function commands(): Record<string, string[]> {
  const lua = /cmd = \{ ([^}]*) \}/.exec(docBlock('language-server.md', 'neovim'))![1]!;
  const neovim = [...lua.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  const toml = docBlock('language-server.md', 'helix');
  const helix = [/^command = "([^"]*)"$/m.exec(toml)![1]!, ...JSON.parse(/^args = (\[.*\])$/m.exec(toml)![1]!)];
  const zedBinary = JSON.parse(docBlock('language-server.md', 'zed')).lsp['yaml-language-server'].binary as { path: string; arguments: string[] };
  const zed = [zedBinary.path, ...zedBinary.arguments];
  const fill = (argv: string[]) => argv.map((a) => a.replace('/path/to/pipewright', root));
  return { neovim: fill(neovim), helix: fill(helix), zed: fill(zed) };
}

async function diagnosticsFrom(argv: string[], text: string): Promise<string[]> {
  const [command, ...args] = argv;
  const client = new LspClient(command === 'node' ? process.execPath : command!, args);
  clients.push(client);
  await client.initialize(null);
  const uri = pathToFileURL(join(root, 'examples/churn/pipewright.yaml')).href;
  const published = client.next('textDocument/publishDiagnostics', (p) => (p as Published).uri === uri);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const { diagnostics } = (await published).params as Published;
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity === 1 ? 'error' : 'warning'} [${d.code}] ${d.message}`);
}

describe('docs/language-server.md', () => {
  it('each editor configuration starts the same server command', () => {
    const { neovim, helix, zed } = commands();
    expect(neovim).toEqual(['node', join(root, 'extension/dist/server.js'), '--stdio']);
    expect(helix).toEqual(neovim);
    expect(zed).toEqual(neovim);
  });

  it('the example spec gets exactly the diagnostics the page shows, from the server those configurations start', async () => {
    const spec = docBlock('language-server.md', 'spec-with-mistakes');
    const shown = docBlock('language-server.md', 'published-diagnostics').trim().split('\n');
    expect(await diagnosticsFrom(commands().neovim!, spec)).toEqual(shown);
  });

  it('offers the quick fixes the page names', () => {
    const spec = docBlock('language-server.md', 'spec-with-mistakes');
    const titles = codeActions(spec, { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, { file: join(root, 'examples/churn/pipewright.yaml') }).map((a) => a.title);
    const page = readFileSync(join(root, 'docs/language-server.md'), 'utf8');
    const named = [...page.matchAll(/offers the quick fixes \*([^*]+)\* and \*([^*]+)\*/g)].flatMap((m) => [m[1]!, m[2]!]);
    expect(named).toHaveLength(2);
    expect(titles).toEqual(named);
  });
});
