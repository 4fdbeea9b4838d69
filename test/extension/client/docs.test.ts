// docs/vscode.md as written: its settings are the extension's settings, its commands are the
// manifest's, its diagnostic line is what `pipewright check` prints, its stdio command starts
// a language server, and its install command names the .vsix `pnpm build` makes.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { docBlock } from '../../support/doc-examples.ts';
import { LspClient } from '../../support/lsp-client.ts';

const root = join(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'extension/package.json'), 'utf8')) as {
  engines: { vscode: string };
  contributes: { commands: Array<{ command: string; title: string; category: string }>; configuration: { properties: Record<string, object> } };
};
const page = readFileSync(join(root, 'docs/vscode.md'), 'utf8');

describe('docs/vscode.md', () => {
  it("shows settings the extension declares, with values of each setting's type", () => {
    const settings = JSON.parse(docBlock('vscode.md', 'settings')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false });
    for (const [key, value] of Object.entries(settings)) {
      const schema = manifest.contributes.configuration.properties[key];
      expect(schema, key).toBeDefined();
      expect(ajv.validate(schema!, value), `${key}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it("lists the manifest's commands with their palette titles", () => {
    const rows = [...page.matchAll(/^\| (Pipewright: [^|]+?) \| `(pipewright\.[a-z]+\.[a-z]+)` \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows.map((r) => r[1])).toEqual(['pipewright.spec.check', 'pipewright.data.validate', 'pipewright.pipeline.run', 'pipewright.registry.rollback']);
    for (const [title, id] of rows) {
      const command = manifest.contributes.commands.find((c) => c.command === id);
      expect(command && `${command.category}: ${command.title}`).toBe(title);
    }
  });

  it('quotes the line `pipewright check` prints for the broken example', async () => {
    const quoted = /^ {4}(pipewright\.yaml:\d+:\d+: error .*)$/m.exec(page)?.[1];
    expect(quoted).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'pw-docs-vscode-'));
    try {
      const spec = readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8');
      writeFileSync(join(dir, 'pipewright.yaml'), spec.replace('\n  share: 0.5', '\n  shar: 0.5'));
      for (const f of ['train.py', 'check_health.sh']) copyFileSync(join(root, 'examples/churn', f), join(dir, f));
      const result = await runCli(['check', 'pipewright.yaml'], { cwd: dir });
      expect(result.stdout.split('\n')).toContain(quoted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts a language server with the stdio command line', async () => {
    const [command, ...args] = docBlock('vscode.md', 'stdio').trim().split(/\s+/);
    expect(command).toBe('node');
    const server = new LspClient(process.execPath, args, { cwd: root });
    try {
      const { capabilities } = await server.initialize(null);
      expect(capabilities).toHaveProperty('hoverProvider');
      expect(capabilities).toHaveProperty('completionProvider');
    } finally {
      await server.close();
    }
  });

  it('installs the .vsix `pnpm build` packages, which code-server 4.100.3 accepts', () => {
    const [, flag, vsix] = docBlock('vscode.md', 'install').trim().split(/\s+/);
    expect(flag).toBe('--install-extension');
    const path = join(root, vsix!);
    if (!existsSync(path)) throw new Error(`${path} is missing: run 'pnpm build' first`);
    const listing = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).split('\n');
    for (const file of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli/pipewright.js', 'extension/dist/pipeline.schema.json']) {
      expect(listing).toContain(file);
    }
    expect(manifest.engines.vscode).toBe('^1.100.0');
  });
});
