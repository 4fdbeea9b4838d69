// docs/cli.md, made from the commands' own --help text, so the reference cannot drift
// from what `pipewright <command> --help` prints (a test compares them).
import type { Command } from './command.ts';

export function cliReference(commands: Command[]): string {
  const lines = [
    '<!-- Generated from each command\'s --help text by `pnpm generate` (scripts/generate-cli-doc.ts). Do not edit. -->',
    '# CLI reference',
    '',
    'Run `pnpm exec pipewright <command> --help` for the same text. Every command takes',
    '`--format text|json` (with `json`, exactly one JSON document on stdout) and exits 0 when',
    'all is well, 1 when the check found a problem, 2 when it could not run.',
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map((c) => `| [\`${c.name}\`](#${c.name.replace(/\s+/g, '-')}) | ${c.summary} |`),
    '',
  ];
  for (const command of commands) {
    lines.push(`## ${command.name}`, '', command.summary, '', '```text', command.usage.trimEnd(), '```', '');
  }
  return lines.join('\n');
}
