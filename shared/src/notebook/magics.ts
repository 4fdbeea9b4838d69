// IPython syntax in a code cell → plain Python: drops display magics, unwraps %time, turns
// `!pip install` into requirements and keeps any other magic or shell line as a comment.
import { parser } from '@lezer/python';

export interface MagicFinding {
  /** 1-based line in the cell. */
  line: number;
  code: 'magic' | 'shell-command';
  message: string;
}

export interface PlainCell {
  /** The cell as Python. */
  code: string;
  /** For each line of `code`, its 1-based line in the cell's source. */
  lineMap: number[];
  /** Requirement specifiers from `!pip install` / `%pip install`. */
  requirements: string[];
  findings: MagicFinding[];
}

const DROPPED = new Set(['matplotlib', 'load_ext', 'autoreload', 'config', 'reload_ext', 'aimport']);
const UNWRAPPED = new Set(['time']);

/** Package specifiers of a `pip install …` command line (flags and their values skipped). */
function pipRequirements(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-r' || a === '-c' || a === '-e' || a === '-i' || a === '--index-url' || a === '--extra-index-url' || a === '-f' || a === '--find-links' || a === '-t' || a === '--target') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    out.push(a.replace(/^["']|["']$/g, ''));
  }
  return out;
}

function pipInstall(command: string): string[] | undefined {
  const words = command.trim().split(/\s+/);
  let k = 0;
  if (words[k] === 'python' || words[k] === 'python3') {
    if (words[k + 1] !== '-m') return undefined;
    k += 2;
  }
  if (words[k] !== 'pip' && words[k] !== 'pip3') return undefined;
  if (words[k + 1] !== 'install') return undefined;
  return pipRequirements(words.slice(k + 2));
}

/** 0-based lines that continue a multi-line string: a `%` or `!` there is text, not a magic. */
function stringLines(source: string): Set<number> {
  const inside = new Set<number>();
  parser.parse(source).iterate({
    enter(n) {
      if (n.name !== 'String' && n.name !== 'FormatString') return undefined;
      const text = source.slice(n.from, n.to);
      if (text.includes('\n')) {
        const first = source.slice(0, n.from).split('\n').length - 1;
        const count = text.split('\n').length - 1;
        for (let l = first + 1; l <= first + count; l++) inside.add(l);
      }
      return false;
    },
  });
  return inside;
}

/** Rewrites IPython-only lines of one code cell. */
export function plainPython(source: string): PlainCell {
  const lines = source.split('\n');
  // Parse only when a line looks like IPython and a multi-line string could hide it: rare.
  const inString = lines.some((l) => /^\s*[%!]/.test(l)) && /"""|'''/.test(source) ? stringLines(source) : new Set<number>();
  const code: string[] = [];
  const lineMap: number[] = [];
  const requirements: string[] = [];
  const findings: MagicFinding[] = [];
  const keep = (text: string, line: number) => {
    code.push(text);
    lineMap.push(line);
  };
  let start = 0;
  const first = lines[0]?.trim() ?? '';
  if (first.startsWith('%%')) {
    const name = first.slice(2).split(/\s+/)[0] ?? '';
    if (UNWRAPPED.has(name)) {
      start = 1;
    } else {
      findings.push({ line: 1, code: 'magic', message: `cell magic '%%${name}' has no Python equivalent: the whole cell is kept as a comment` });
      lines.forEach((l, i) => {
        keep(`# ${l}`.trimEnd(), i + 1);
      });
      return { code: code.join('\n'), lineMap, requirements, findings };
    }
  }
  for (let i = start; i < lines.length; i++) {
    const text = lines[i]!;
    const line = i + 1;
    if (inString.has(i)) {
      keep(text, line);
      continue;
    }
    const indent = /^\s*/.exec(text)![0];
    const body = text.slice(indent.length);
    const commented = () => keep(indent === '' ? `# ${body}` : `${indent}pass  # ${body}`, line);
    if (body.startsWith('%') && !body.startsWith('%%')) {
      const name = /^%(\w+)/.exec(body)?.[1] ?? '';
      const rest = body.slice(1 + name.length);
      if (DROPPED.has(name)) continue;
      if (UNWRAPPED.has(name) && rest.trim() !== '') {
        keep(indent + rest.trim(), line);
        continue;
      }
      if (name === 'pip') {
        const reqs = pipInstall(`pip${rest}`);
        if (reqs) {
          requirements.push(...reqs);
          continue;
        }
      }
      findings.push({ line, code: 'magic', message: `magic '%${name}' has no Python equivalent: kept as a comment` });
      commented();
      continue;
    }
    // `!cmd` and `x = !cmd`
    const shell = /^(?:[A-Za-z_]\w*\s*=\s*)?!(.*)$/.exec(body);
    if (shell && !body.startsWith('!=')) {
      const reqs = body.startsWith('!') ? pipInstall(shell[1]!) : undefined;
      if (reqs) {
        requirements.push(...reqs);
        continue;
      }
      findings.push({ line, code: 'shell-command', message: `shell command '${body.slice(0, 60)}' is not run by the converted code: kept as a comment` });
      commented();
      continue;
    }
    keep(text, line);
  }
  return { code: code.join('\n'), lineMap, requirements, findings };
}
