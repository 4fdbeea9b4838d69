// Incremental parsing for the language server: the spec is cut into chunks (each top-level
// section, and each entry of a top-level block mapping such as one dataset or one stage), each
// chunk is parsed on its own and reused while its text is unchanged. The result is the same
// ParsedSpec a full parse gives; anything unusual (anchors, tabs, flow roots, quoted keys, a
// YAML error) falls back to the full parse, which also words every YAML error.
import { constructFromEvents, EVENT_ID, parseEvents } from 'js-yaml';
import { type ParsedSpec, parseSpecText } from '../spec/parse.ts';
import type { SourceText } from '../spec/positions.ts';
import { buildSpanTree, type SpanNode } from '../spec/yaml-tree.ts';

/** Past this size a full parse is as good: chunking is for typing in ordinary specs. */
const MAX_INCREMENTAL_CHARS = 1_000_000;
/** Below the full parser's expanded-node limit (alias bombs), so that limit never differs. */
const MAX_NODES = 150_000;
const SIMPLE_KEY = /[A-Za-z_][A-Za-z0-9_.-]*:(?=[ \r\n]|$)/y;
const CHILD_KEY = / {2}[A-Za-z_][A-Za-z0-9_.-]*:(?=[ \r\n]|$)/y;
/** An anchor or alias may start here (also matches harmless text; then the full parse runs). */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,\]}]/;

interface Chunk {
  start: number;
  text: string;
  key: string;
  /** A whole top-level section, or one entry of a section's block mapping. */
  whole: boolean;
}

interface Section {
  key: string;
  /** The header line `key:` of a split section; undefined for a whole-section chunk. */
  header?: { start: number; keyEnd: number };
  chunks: Chunk[];
}

interface ChunkParse {
  /** The chunk's single key and value, offsets as of `base`. */
  key: SpanNode;
  value: SpanNode;
  entry: unknown;
  nodes: number;
  base: number;
}

/** Whether the line from `offset` holds only spaces, maybe a comment. */
function blankFrom(text: string, offset: number): boolean {
  let i = offset;
  while (text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  return i >= text.length || c === 10 || c === 13 || c === 35;
}

/** Cuts `text` into sections and chunks, or undefined when it must be parsed whole. */
export function planChunks(text: string): Section[] | undefined {
  if (text.length > MAX_INCREMENTAL_CHARS || text.length === 0) return undefined;
  if (/[\t\u0000\uFEFF]|\r(?!\n)/.test(text) || ANCHOR_OR_ALIAS.test(text) || text.includes('__proto__')) return undefined;
  const sections: Section[] = [];
  const ends = new Map<Chunk, number>();
  let section: Section | undefined;
  let chunk: Chunk | undefined;
  let offset = 0;
  // One pass over the lines without copying them: this runs on every keystroke.
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline + 1;
    const first = text.charCodeAt(offset);
    const blank = blankFrom(text, offset);
    if (!blank && first !== 32) {
      SIMPLE_KEY.lastIndex = offset;
      const match = SIMPLE_KEY.exec(text);
      if (!match) return undefined;
      const key = match[0].slice(0, -1);
      chunk = { start: offset, text: '', key, whole: true };
      section = { key, chunks: [chunk] };
      if (blankFrom(text, offset + match[0].length)) section.header = { start: offset, keyEnd: offset + key.length };
      sections.push(section);
    } else if (!blank && section?.header) {
      CHILD_KEY.lastIndex = offset;
      const match = CHILD_KEY.exec(text);
      if (match) {
        if (section.chunks[0]?.whole) section.chunks = [];
        chunk = { start: offset, text: '', key: match[0].slice(2, -1), whole: false };
        section.chunks.push(chunk);
      } else if (section.chunks[0]?.whole) {
        // The first body line is not `  key:` (a sequence, a quoted key, deeper indent): keep the section whole.
        section.header = undefined;
      }
    } else if (!section && !blank) {
      return undefined;
    }
    offset = end;
    if (chunk) ends.set(chunk, end);
  }
  for (const [c, end] of ends) c.text = text.slice(c.start, end);
  // Comments and blank lines before the first section belong to no chunk.
  return sections.length === 0 ? undefined : sections;
}

function shift(node: SpanNode, delta: number): void {
  // js-yaml places an implicit null (`{ a }`) at -1: it has no place to move.
  if (node.start >= 0) node.start += delta;
  if (node.end >= 0) node.end += delta;
  if (node.children) for (const child of node.children) shift(child, delta);
}

/** A copy moved by `delta`: trees already handed out stay as they were. */
function moved(node: SpanNode, delta: number): SpanNode {
  const copy: SpanNode = { kind: node.kind, start: node.start >= 0 ? node.start + delta : node.start, end: node.end >= 0 ? node.end + delta : node.end };
  if (node.children) copy.children = node.children.map((child) => moved(child, delta));
  if (node.text !== undefined) copy.text = node.text;
  return copy;
}

function countNodes(node: SpanNode): number {
  let n = 1;
  if (node.children) for (const child of node.children) n += countNodes(child);
  return n;
}

/** Parses one chunk on its own; undefined when it is not exactly `key: value` with no problem. */
function parseChunk(chunk: Chunk): ChunkParse | undefined {
  let entry: unknown;
  let root: SpanNode | undefined;
  try {
    const events = parseEvents(chunk.text, { maxDepth: chunk.whole ? 100 : 99 });
    if (events.filter((e) => e.type === EVENT_ID.DOCUMENT).length !== 1) return undefined;
    root = buildSpanTree(events, chunk.text, MAX_NODES).root;
    entry = constructFromEvents(events, { source: chunk.text })[0];
  } catch {
    return undefined;
  }
  const [key, value] = root?.children ?? [];
  if (root?.kind !== 'map' || root.children?.length !== 2 || !key || !value || key.text !== chunk.key) return undefined;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  shift(key, chunk.start);
  shift(value, chunk.start);
  return { key, value, entry, nodes: countNodes(root), base: chunk.start };
}

/** Parses spec texts, reusing the chunks unchanged since the previous texts. */
export class IncrementalParser {
  private cache = new Map<string, ChunkParse[]>();
  /** How the texts were parsed: chunks reused and parsed, and texts that fell back to a full parse. */
  readonly stats = { reused: 0, parsed: 0, full: 0 };

  parse(source: SourceText): ParsedSpec {
    const sections = planChunks(source.text);
    const parsed = sections && this.assemble(sections);
    if (parsed) return parsed;
    this.stats.full++;
    return parseSpecText(source);
  }

  private assemble(sections: Section[]): ParsedSpec | undefined {
    const next = new Map<string, ChunkParse[]>();
    const take = (chunk: Chunk): ChunkParse | undefined => {
      let found = this.cache.get(chunk.text)?.pop();
      if (found) this.stats.reused++;
      else this.stats.parsed++;
      if (found && found.base !== chunk.start) {
        const delta = chunk.start - found.base;
        found = { ...found, key: moved(found.key, delta), value: moved(found.value, delta), base: chunk.start };
      } else if (!found) {
        found = parseChunk(chunk);
      }
      if (found) {
        const list = next.get(chunk.text);
        if (list) list.push(found);
        else next.set(chunk.text, [found]);
      }
      return found;
    };
    const value: Record<string, unknown> = {};
    const children: SpanNode[] = [];
    let nodes = 1;
    let failed = false;
    for (const section of sections) {
      if (Object.hasOwn(value, section.key)) failed = true;
      if (section.header && !section.chunks[0]?.whole) {
        const entries: Record<string, unknown> = {};
        const body: SpanNode[] = [];
        for (const chunk of section.chunks) {
          const part = take(chunk);
          if (!part || Object.hasOwn(entries, chunk.key)) {
            failed = true;
            continue;
          }
          entries[chunk.key] = (part.entry as Record<string, unknown>)[chunk.key];
          body.push(part.key, part.value);
          nodes += part.nodes - 1;
        }
        const { start, keyEnd } = section.header;
        const first = body[0];
        if (!first) failed = true;
        children.push({ kind: 'scalar', start, end: keyEnd, text: section.key });
        children.push({ kind: 'map', start: first?.start ?? keyEnd, end: Math.max(...body.map((n) => n.end)), children: body });
        value[section.key] = entries;
        nodes += 2;
      } else {
        const part = take(section.chunks[0]!);
        if (!part) {
          failed = true;
          continue;
        }
        children.push(part.key, part.value);
        value[section.key] = (part.entry as Record<string, unknown>)[section.key];
        nodes += part.nodes - 1;
      }
    }
    // Keep what was parsed even when this text falls back: the next keystroke likely reuses it.
    this.cache = next;
    if (failed || nodes > MAX_NODES) return undefined;
    const root: SpanNode = { kind: 'map', start: children[0]!.start, end: Math.max(...children.map((n) => n.end)), children };
    return { tree: root, value, diagnostics: [] };
  }
}
