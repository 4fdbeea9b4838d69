// docs/cli.md is the commands' own --help text: it fails here when they drift apart.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../cli/src/commands/index.ts';
import { cliReference } from '../../cli/src/reference.ts';
import { runCli } from '../support/cli.ts';

describe('docs/cli.md', () => {
  it('equals the reference generated from the commands (run pnpm generate)', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8')).toBe(cliReference(commands));
  });

  it('holds, for every command, exactly what `pipewright <command> --help` prints', async () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8');
    for (const command of commands) {
      const help = await runCli([...command.name.split(' '), '--help'], { cwd: process.cwd(), env: {} });
      expect(help.code).toBe(0);
      expect(doc).toContain(`## ${command.name}\n\n${command.summary}\n\n\`\`\`text\n${help.stdout.trimEnd()}\n\`\`\``);
    }
  });
});
