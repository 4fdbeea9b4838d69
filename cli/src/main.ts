// The `pipewright` command line: dispatches to one command and maps errors to exit codes.
import { formatLocation, PipewrightError } from '@pipewright/core/errors';
import type { Command, CommandIO } from './command.ts';
import { commands } from './commands/index.ts';

const VERSION = '0.1.0';

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  // Longest match first, so `registry list` wins over `registry`.
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return undefined;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: pipewright <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --format text|json and --help.',
    'Exit codes: 0 ok, 1 the check found a problem, 2 the command could not run.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(`pipewright: unknown command '${argv[0]}'\n\n${helpText()}`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  const json = rest.includes('json') && rest.some((a, i) => (a === '--format' && rest[i + 1] === 'json') || a === '--format=json');
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof PipewrightError) {
      const where = formatLocation(error.location);
      if (json) {
        io.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message, location: error.location ?? null } }, null, 2)}\n`);
      } else {
        io.stderr.write(`pipewright ${command.name}: ${where ? `${where}: ` : ''}${error.message}\n`);
      }
      return error.exitCode;
    }
    // A bug, not a user mistake: this is the only place a stack trace may appear.
    io.stderr.write(`pipewright ${command.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}
