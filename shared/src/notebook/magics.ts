// IPython syntax in a code cell → plain Python: drops display magics, unwraps %time, turns
// `!pip install` into requirements and keeps any other magic or shell line as a comment.

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

/**
 * Tracks brackets, strings and backslashes line by line: IPython syntax only counts at the
 * start of a logical line, not inside `(…`, a triple-quoted string or after `\`.
 */
class LogicalLines {
  private depth = 0;
  private quote: string | undefined;
  private backslash = false;

  /** True when the next line continues the current logical line. */
  get continuing(): boolean {
    return this.depth > 0 || this.quote !== undefined || this.backslash;
  }

  feed(line: string): void {
    this.backslash = false;
    for (let j = 0; j < line.length; j++) {
      const ch = line[j]!;
      if (this.quote) {
        if (ch === '\\') j++;
        else if (line.startsWith(this.quote, j)) {
          j += this.quote.length - 1;
          this.quote = undefined;
        }
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        this.quote = line.startsWith(ch.repeat(3), j) ? ch.repeat(3) : ch;
        j += this.quote.length - 1;
      } else if (ch === '(' || ch === '[' || ch === '{') this.depth++;
      else if (ch === ')' || ch === ']' || ch === '}') this.depth = Math.max(0, this.depth - 1);
      else if (ch === '\\' && j === line.length - 1) this.backslash = true;
    }
    // A one-quote string ends with its line (a backslash at its end aside).
    if (this.quote?.length === 1) this.quote = line.endsWith('\\') ? this.quote : undefined;
  }
}

/** Rewrites IPython-only lines of one code cell. */
export function plainPython(source: string): PlainCell {
  const lines = source.split('\n');
  const logical = new LogicalLines();
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
    if (logical.continuing || !/^\s*(?:[%!]|[A-Za-z_]\w*\s*=\s*![^=])/.test(text)) {
      logical.feed(text);
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
