// Turns spec text into a YAML document and its plain value, reporting every YAML problem
// (syntax, tabs, duplicate keys, alias bombs, size, binary) as a positioned diagnostic.
import { type Document, isScalar, parseDocument, visit, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.ts';
import type { SourceText } from './positions.ts';

/** Specs are small; anything larger is a mistake (a data file passed as the spec). */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;
/** Each alias may expand to at most this many nodes' worth of its anchor (defuses billion laughs). */
const MAX_ALIAS_COUNT = 50;

export interface ParsedSpec {
  doc?: Document;
  /** The plain value, when the YAML could be built without fatal problems. */
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
  if (error.code === 'TAB_AS_INDENT') return 'tabs are not allowed for indentation in YAML: indent with spaces';
  if (/call stack/i.test(base)) return 'the YAML is nested too deeply to read';
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

export function parseSpecText(source: SourceText): ParsedSpec {
  const raw = rawProblems(source);
  if (raw) return { diagnostics: [raw] };
  const doc = parseDocument(source.text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  if (doc.errors.length === 0 && (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))) {
    return { diagnostics: [source.diagnostic('error', 'empty-spec', "the spec is empty: expected a mapping with at least 'version: 1' and 'name'", 0, 0)] };
  }
  const diagnostics: Diagnostic[] = [];
  let fatal = false;
  // One overflow is reported once, however many nodes it broke.
  const deep = doc.errors.find((e) => /call stack/i.test(e.message));
  for (const error of deep ? [deep] : doc.errors) {
    const code = YAML_CODES[error.code] ?? 'yaml-syntax';
    if (code !== 'duplicate-key') fatal = true;
    const duplicate = code === 'duplicate-key' ? duplicateKey(doc, source, error.pos[0]) : undefined;
    diagnostics.push(duplicate ?? source.diagnostic('error', code, yamlMessage(error), ...source.clipToLine(error.pos[0], error.pos[1])));
  }
  if (fatal) return { doc, diagnostics };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc, value, diagnostics };
  } catch (error) {
    let at: [number, number] = [0, 0];
    visit(doc, {
      Alias(_key, node) {
        if (node.range) at = [node.range[0], node.range[1]];
        return visit.BREAK;
      },
    });
    const message = /alias/i.test((error as Error).message)
      ? `too many alias expansions (more than ${MAX_ALIAS_COUNT} per anchor): the spec looks like an alias bomb`
      : `invalid YAML: ${(error as Error).message}`;
    diagnostics.push(source.diagnostic('error', /alias/i.test((error as Error).message) ? 'alias-bomb' : 'yaml-syntax', message, at[0], at[1]));
    return { doc, diagnostics };
  }
}
