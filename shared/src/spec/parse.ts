// Turns spec text into its plain value and a span tree, reporting every YAML problem (syntax,
// tabs, duplicate keys, alias bombs and cycles, nesting depth, size, binary) as a positioned diagnostic. The fast path
// is js-yaml's event parser; only a text with a YAML error is parsed again by the `yaml`
// package, whose error reports are more complete and precise.
import { constructFromEvents, EVENT_ID, type Event, parseEvents } from 'js-yaml';
import { type Document, isScalar, parseDocument, visit, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.ts';
import type { SourceText } from './positions.ts';
import { buildSpanTree, type SpanNode } from './yaml-tree.ts';

/** Specs are small; anything larger is a mistake (a data file passed as the spec). */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;
/** Nodes a spec may have with every alias expanded; a real 2,000-line spec has ~12,000. */
const MAX_EXPANDED_NODES = 200_000;
/** Text past the first error that the slower, more precise parser reads (see yamlErrors). */
const SLOW_PATH_BYTES = 64 * 1024;
/** YAML errors reported for one text; a broken 2 MB file can have hundreds of thousands. */
const MAX_YAML_ERRORS = 100;
/** Collections nested deeper than this are refused (js-yaml's default). */
const MAX_DEPTH = 100;

export interface ParsedSpec {
  /** Where each key and value is; present when `value` is. */
  tree?: SpanNode;
  /** The plain value, when the YAML could be read (it may still break the schema). */
  value?: unknown;
  diagnostics: Diagnostic[];
}

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate-key',
  TAB_AS_INDENT: 'tab-indent',
  MULTIPLE_DOCS: 'multiple-documents',
};

function yamlMessage(error: YAMLError): string {
  const base = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (/call stack/i.test(base)) return 'the YAML is nested too deeply to read';
  if (error.code === 'TAB_AS_INDENT') return 'tabs are not allowed for indentation in YAML: indent with spaces';
  if (error.code === 'MULTIPLE_DOCS') return 'the spec must be one YAML document: remove the second `---`';
  return `invalid YAML: ${base.charAt(0).toLowerCase()}${base.slice(1)}`;
}

/** A duplicate key: its whole key range and where it was first defined. */
function duplicateKey(doc: Document, source: SourceText, offset: number): Diagnostic | undefined {
  let found: Diagnostic | undefined;
  visit(doc, {
    Map(_key, map) {
      const keyOf = (pair: (typeof map.items)[number]) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
      const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
      if (index === -1) return undefined;
      const pair = map.items[index]!;
      const first = map.items.find((other) => keyOf(other) === keyOf(pair));
      const firstAt = isScalar(first?.key) && first.key.range ? source.position(first.key.range[0]).line : undefined;
      const range = (pair.key as { range: [number, number] }).range;
      const where = firstAt === undefined ? '' : ` (first defined on line ${firstAt})`;
      found = source.diagnostic('error', 'duplicate-key', `duplicate key '${keyOf(pair)}'${where}: the later value would silently win`, range[0], range[1]);
      return visit.BREAK;
    },
  });
  return found;
}

/** The slow path for a text with a YAML error: every error the `yaml` package finds. */
function yamlErrors(source: SourceText, fallback: { message: string; offset: number }): Diagnostic[] {
  // The `yaml` package slows down quadratically on some broken texts (an unclosed bracket
  // swallowing 30,000 lines takes seconds): past SLOW_PATH_BYTES it reads only up to a window
  // after the first error, and reports what it finds before the window's last half.
  const long = source.text.length > SLOW_PATH_BYTES;
  const cut = long ? source.text.indexOf('\n', fallback.offset + SLOW_PATH_BYTES) : -1;
  const text = cut === -1 ? source.text : source.text.slice(0, cut + 1);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  if (text.length < source.text.length) doc.errors = doc.errors.filter((e) => e.pos[0] < fallback.offset + SLOW_PATH_BYTES / 2);
  // One overflow is reported once, however many nodes it broke; past MAX_YAML_ERRORS the rest
  // are noise (and finding each duplicate key's first definition walks the document).
  const deep = doc.errors.find((e) => /call stack/i.test(e.message));
  const diagnostics = (deep ? [deep] : doc.errors.slice(0, MAX_YAML_ERRORS)).map((error) => {
    const code = YAML_CODES[error.code] ?? 'yaml-syntax';
    const duplicate = code === 'duplicate-key' ? duplicateKey(doc, source, error.pos[0]) : undefined;
    return duplicate ?? source.diagnostic('error', code, yamlMessage(error), ...source.clipToLine(error.pos[0], error.pos[1]));
  });
  if (diagnostics.length > 0) return diagnostics;
  return [source.diagnostic('error', 'yaml-syntax', fallback.message, fallback.offset, fallback.offset + 1)];
}

function jsYamlProblem(error: unknown): { message: string; offset: number; tooDeep: boolean } {
  const e = error as { reason?: string; message?: string; mark?: { position?: number } };
  const reason = e.reason ?? e.message ?? String(error);
  const tooDeep = /maxDepth|nesting depth/i.test(reason);
  const message = tooDeep ? `the YAML is nested more than ${MAX_DEPTH} levels deep: flatten it` : `invalid YAML: ${reason}`;
  return { message, offset: e.mark?.position ?? 0, tooDeep };
}

/** A js-yaml failure as diagnostics; past the depth limit the slow parser would only recurse deeper. */
function eventProblems(source: SourceText, error: unknown): Diagnostic[] {
  const problem = jsYamlProblem(error);
  if (!problem.tooDeep) return yamlErrors(source, problem);
  // js-yaml's mark is the bracket or indicator that opened the level past the limit.
  const offset = Math.min(problem.offset, Math.max(0, source.text.length - 1));
  return [source.diagnostic('error', 'too-deep', problem.message, ...source.clipToLine(offset, offset + 1))];
}

/** Problems that make the text unusable before YAML sees it: size, NUL bytes. */
function rawProblems(source: SourceText): Diagnostic | undefined {
  const { text } = source;
  if (text.length > MAX_SPEC_BYTES) {
    return source.diagnostic('error', 'file-too-large', `the spec is ${text.length} characters; a spec may be at most ${MAX_SPEC_BYTES} bytes (is this a data file?)`, 0, 0);
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    return source.diagnostic('error', 'binary-file', `the spec is a binary file (a NUL byte at offset ${nul}); expected YAML text`, nul, nul + 1);
  }
  return undefined;
}

const EMPTY = "the spec is empty: expected a mapping with at least 'version: 1' and 'name'";

export function parseSpecText(source: SourceText): ParsedSpec {
  const raw = rawProblems(source);
  if (raw) return { diagnostics: [raw] };
  let events: Event[];
  try {
    events = parseEvents(source.text, { maxDepth: MAX_DEPTH });
  } catch (error) {
    return { diagnostics: eventProblems(source, error) };
  }
  const documents = events.filter((e) => e.type === EVENT_ID.DOCUMENT).length;
  if (documents === 0) return { diagnostics: [source.diagnostic('error', 'empty-spec', EMPTY, 0, 0)] };
  if (documents > 1) return { diagnostics: yamlErrors(source, { message: 'the spec must be one YAML document', offset: 0 }) };
  const tree = buildSpanTree(events, source.text, MAX_EXPANDED_NODES);
  if (tree.bomb) {
    const message = `aliases expand this spec past ${MAX_EXPANDED_NODES} nodes: the spec looks like an alias bomb ("billion laughs")`;
    return { diagnostics: [source.diagnostic('error', 'alias-bomb', message, tree.bomb.start, tree.bomb.end)] };
  }
  if (tree.recursive) {
    const name = source.text.slice(tree.recursive.start, tree.recursive.end);
    const message = `alias '${name}' is used inside the node its anchor names, so its value would never end: refer to a node outside it`;
    return { diagnostics: [source.diagnostic('error', 'recursive-alias', message, tree.recursive.start, tree.recursive.end)] };
  }
  let value: unknown;
  try {
    value = constructFromEvents(events, { source: source.text })[0];
  } catch (error) {
    return { diagnostics: eventProblems(source, error) };
  }
  if (value === null || value === undefined) return { diagnostics: [source.diagnostic('error', 'empty-spec', EMPTY, 0, 0)] };
  return { tree: tree.root, value, diagnostics: [] };
}
