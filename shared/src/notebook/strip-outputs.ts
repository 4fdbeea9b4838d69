// Drops every cell's `outputs` from the raw bytes of an .ipynb before JSON.parse, so that a
// notebook with a 50 MB plot or log costs its code, not its outputs, in memory.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index just past the string that opens at `start` (a quote), or -1 when it never closes. */
function skipString(bytes: Buffer, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = bytes.indexOf(QUOTE, i);
    if (q < 0) return -1;
    let slashes = 0;
    while (bytes[q - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the JSON value that starts at `start`, or -1 when it is malformed. */
function skipValue(bytes: Buffer, start: number): number {
  let depth = 0;
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === QUOTE) {
      i = skipString(bytes, i);
      if (i < 0) return -1;
      if (depth === 0) return i;
      continue;
    }
    if (b === 0x5b || b === 0x7b) depth++;
    else if (b === 0x5d || b === 0x7d) {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    } else if (depth === 0 && (b === 0x2c || b === 0x0a || b === 0x20 || b === 0x0d || b === 0x09)) return i;
    i++;
  }
  return depth === 0 ? i : -1;
}

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The notebook's JSON text with each `cells[i].outputs` replaced by `[]`, or undefined when the
 * bytes are not well-formed enough to scan (the caller then parses them as they are, for the error).
 */
export function withoutOutputs(bytes: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let copied = 0;
  // Open containers and the key each was opened under.
  const stack: Array<{ kind: number; key: string | undefined }> = [];
  let pendingKey: string | undefined;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === QUOTE) {
      const end = skipString(bytes, i);
      if (end < 0) return undefined;
      let j = end;
      while (isSpace(bytes[j])) j++;
      const top = stack[stack.length - 1];
      if (bytes[j] === 0x3a && top?.kind === 0x7b) {
        const key = end - i < 16 ? bytes.toString('utf8', i + 1, end - 1) : undefined;
        pendingKey = key;
        const inCell = stack.length === 3 && stack[1]!.key === 'cells' && stack[0]!.kind === 0x7b && stack[1]!.kind === 0x5b;
        if (key === 'outputs' && inCell) {
          let v = j + 1;
          while (isSpace(bytes[v])) v++;
          const after = skipValue(bytes, v);
          if (after < 0) return undefined;
          parts.push(bytes.subarray(copied, v), Buffer.from('[]'));
          copied = after;
          i = after;
          pendingKey = undefined;
          continue;
        }
        i = j + 1;
        continue;
      }
      i = end;
      continue;
    }
    if (b === 0x7b || b === 0x5b) {
      stack.push({ kind: b, key: pendingKey });
      pendingKey = undefined;
    } else if (b === 0x7d || b === 0x5d) {
      if (stack.pop() === undefined) return undefined;
    } else if (b === 0x2c) pendingKey = undefined;
    i++;
  }
  if (stack.length !== 0) return undefined;
  parts.push(bytes.subarray(copied));
  return Buffer.concat(parts).toString('utf8');
}
