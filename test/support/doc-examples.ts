// The examples of the user's guide (docs/*.md) as tests read them, so that every page's
// example runs as written: a fenced block follows `<!-- example: NAME -->`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const docs = resolve(import.meta.dirname, '../../docs');

/** The fenced block after `<!-- example: NAME -->` in docs/PAGE. */
export function docBlock(page: string, name: string): string {
  const text = readFileSync(join(docs, page), 'utf8');
  const match = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match) throw new Error(`docs/${page} has no example '${name}'`);
  return match[1]!;
}

/** Each `pipewright …` line of a shell example as argv, without `pipewright` (quotes kept simple: "a b"). */
export function docCommands(block: string): string[][] {
  return block
    .trim()
    .split('\n')
    .map((line) => [...line.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!))
    .map((argv) => {
      if (argv[0] !== 'pipewright') throw new Error(`expected a 'pipewright …' line in the example, found '${argv.join(' ')}'`);
      return argv.slice(1);
    });
}

/** Every fenced block of `lang` in a markdown file (a docs page by name, or any file by path), with its first line. */
export function fencedBlocks(file: string, lang: string): Array<{ line: number; text: string }> {
  const text = readFileSync(file.includes('/') ? file : join(docs, file), 'utf8');
  const blocks: Array<{ line: number; text: string }> = [];
  for (const match of text.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\``, 'gm'))) {
    blocks.push({ line: text.slice(0, match.index).split('\n').length + 1, text: match[1]! });
  }
  return blocks;
}
