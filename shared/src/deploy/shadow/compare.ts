// When two answers "agree": same status, and the same JSON after normalisation (key order
// and whitespace do not matter; numbers within a tolerance; ignored paths skipped). Bodies
// that are not JSON must match byte for byte (after trimming).

export interface AnswerComparison {
  /** Numbers agree when |a − b| ≤ tolerance … */
  tolerance?: number;
  /** … or ≤ relativeTolerance × max(|a|, |b|). */
  relativeTolerance?: number;
  /** Dotted paths left out of the comparison, e.g. `model` or `meta.served_at`; `*` matches any key or index. */
  ignore?: string[];
}

export interface Answer {
  /** HTTP status; 0 when there was none (connection error, timeout). */
  status: number;
  body: string;
  latencyMs: number;
  /** Why there was no answer. */
  error?: string;
}

/** null when they agree, else the first difference: `prediction.label: "churn" ≠ "stay"`. */
export function answersDiffer(stable: Answer, candidate: Answer, options: AnswerComparison = {}): string | null {
  if (candidate.error) return `candidate failed: ${candidate.error}`;
  if (stable.error) return `stable failed: ${stable.error}`;
  if (stable.status !== candidate.status) return `status ${stable.status} ≠ ${candidate.status}`;
  const a = parseJson(stable.body);
  const b = parseJson(candidate.body);
  if (a === NOT_JSON || b === NOT_JSON) {
    return stable.body.trim() === candidate.body.trim() ? null : `body ${snippet(stable.body)} ≠ ${snippet(candidate.body)}`;
  }
  const ignore = (options.ignore ?? []).map((path) => path.split('.'));
  return differ(a, b, [], ignore, options);
}

const NOT_JSON = Symbol('not json');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

export function snippet(text: string, max = 80): string {
  const one = JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
  return one;
}

function ignored(path: string[], ignore: string[][]): boolean {
  return ignore.some((pattern) => pattern.length === path.length && pattern.every((part, i) => part === '*' || part === path[i]));
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function differ(a: unknown, b: unknown, path: string[], ignore: string[][], options: AnswerComparison): string | null {
  if (ignored(path, ignore)) return null;
  const where = path.length === 0 ? '(root)' : path.join('.');
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return null;
    const bound = Math.max(options.tolerance ?? 0, (options.relativeTolerance ?? 0) * Math.max(Math.abs(a), Math.abs(b)));
    return Math.abs(a - b) <= bound ? null : `${where}: ${show(a)} ≠ ${show(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${where}: ${a.length} items ≠ ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const found = differ(a[i], b[i], [...path, String(i)], ignore, options);
      if (found) return found;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const next = [...path, key];
      if (ignored(next, ignore)) continue;
      if (!(key in left)) return `${next.join('.')}: missing ≠ ${show(right[key])}`;
      if (!(key in right)) return `${next.join('.')}: ${show(left[key])} ≠ missing`;
      const found = differ(left[key], right[key], next, ignore, options);
      if (found) return found;
    }
    return null;
  }
  return a === b ? null : `${where}: ${show(a)} ≠ ${show(b)}`;
}
