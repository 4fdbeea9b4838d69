// Writes docs/cli.md from the commands' --help text (run by `pnpm generate`).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../cli/src/commands/index.ts';
import { cliReference } from '../cli/src/reference.ts';

writeFileSync(fileURLToPath(new URL('../docs/cli.md', import.meta.url)), cliReference(commands));
