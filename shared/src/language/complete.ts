// Completion: keys the schema allows at the cursor, enum values, the names of datasets, stages
// and metrics where a reference is expected, and paths inside `{{ … }}`.
import { isObj } from '../spec/semantic-context.ts';
import { declaredColumnsOf } from '../spec/semantic-data.ts';
import { lookup } from '../spec/template.ts';
import { type CursorContext, cursorContext, type JsonPath } from './cursor.ts';
import { type SpecDocument, specDocument } from './document.ts';
import { BUILT_IN_STEPS, definedNames, type NameKind, valueNear } from './names.ts';
import { propertiesOf, type Schema, schemaAt, typeLabel, types } from './schema-nav.ts';
import { type CompletionItem, CompletionItemKind, type Position } from './types.ts';

const TEMPLATE_ROOTS = ['name', 'datasets', 'params', 'train', 'stages', 'env', 'model', 'weight', 'port'];
const DEPLOY_ONLY = new Set(['model', 'weight', 'port']);
const MODEL_KEYS = ['version', 'name', 'digest', 'dir'];

function matches(path: JsonPath, pattern: ReadonlyArray<string | null>): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === null || p === path[i]);
}

/** The columns a dataset declares, through its `like` chain (as the checker reads them). */
function columnsOf(value: unknown, dataset: unknown): string[] {
  const datasets = isObj(value) && isObj(value.datasets) ? value.datasets : {};
  return (typeof dataset === 'string' ? declaredColumnsOf(datasets)(dataset) : undefined) ?? [];
}

/** Which names a value at `path` refers to, and the ones it must not name (itself). */
function referenceAt(path: JsonPath, value: unknown): { kind: NameKind | 'column'; names: string[] } | undefined {
  if (matches(path, ['datasets', null, 'checks', 'freshness', 'column']) || matches(path, ['datasets', null, 'checks', 'duplicates', 'columns', null])) {
    return { kind: 'column', names: columnsOf(value, path[1]) };
  }
  if (matches(path, ['drift', 'columns', null])) {
    const reference = isObj(value) && isObj(value.drift) ? value.drift.reference : undefined;
    return { kind: 'column', names: columnsOf(value, reference) };
  }
  if (matches(path, ['stages', null, 'needs', null])) {
    const self = String(path[1]);
    return { kind: 'stage', names: [...definedNames(value, 'stage'), ...BUILT_IN_STEPS].filter((n) => n !== self) };
  }
  if (matches(path, ['train', 'needs', null])) return { kind: 'stage', names: [...definedNames(value, 'stage'), 'validate'] };
  if (matches(path, ['datasets', null, 'like'])) return { kind: 'dataset', names: definedNames(value, 'dataset').filter((n) => n !== path[1]) };
  if (matches(path, ['drift', 'reference']) || matches(path, ['drift', 'current'])) return { kind: 'dataset', names: definedNames(value, 'dataset') };
  if (matches(path, ['deploy', 'canary', 'steps', null, 'analysis', null]) || matches(path, ['deploy', 'canary', 'analysis', null])) return { kind: 'metric', names: definedNames(value, 'metric') };
  return undefined;
}

function docs(schema: Schema | undefined): CompletionItem['documentation'] {
  return typeof schema?.description === 'string' ? { kind: 'markdown', value: schema.description } : undefined;
}

function item(doc: SpecDocument, ctx: CursorContext, end: number, label: string, kind: CompletionItem['kind'], extra: Partial<CompletionItem> = {}, newText = label): CompletionItem {
  return { label, kind, textEdit: { range: doc.range(ctx.wordStart, end), newText }, ...extra };
}

function templateItems(doc: SpecDocument, ctx: CursorContext, offset: number, expression: string, value: unknown): CompletionItem[] {
  const parts = expression.split('.');
  const partial = parts.pop() ?? '';
  const at = { ...ctx, wordStart: offset - partial.length };
  const spec = isObj(value) ? value : {};
  const train = isObj(spec.train) ? spec.train : {};
  const context: Record<string, unknown> = { name: spec.name, datasets: spec.datasets ?? {}, params: train.params ?? {}, train: { ...train, params: train.params ?? {} }, stages: spec.stages ?? {} };
  let labels: string[];
  if (parts.length === 0) {
    labels = TEMPLATE_ROOTS.filter((root) => ctx.path[0] === 'deploy' || !DEPLOY_ONLY.has(root));
  } else if (parts.length === 1 && parts[0] === 'model') {
    labels = MODEL_KEYS;
  } else {
    const parent = lookup(context, parts.join('.'));
    labels = isObj(parent) ? Object.keys(parent) : [];
  }
  const kind = parts.length === 0 ? CompletionItemKind.Variable : CompletionItemKind.Property;
  return labels.map((label) => {
    const resolved = parts.length > 0 ? lookup(context, [...parts, label].join('.')) : undefined;
    const detail = resolved !== undefined && typeof resolved !== 'object' ? String(resolved) : undefined;
    return item(doc, at, offset, label, kind, detail === undefined ? {} : { detail });
  });
}

function keyItems(doc: SpecDocument, ctx: CursorContext, offset: number, parent: Schema | undefined): CompletionItem[] {
  const rest = /^[A-Za-z0-9_.-]*(:?)/.exec(doc.body.slice(offset))!;
  const end = offset + rest[0].length - rest[1]!.length;
  const hasColon = rest[1] === ':';
  const indent = ' '.repeat(ctx.column + 2);
  return propertiesOf(parent)
    .filter(([key]) => !ctx.siblings.includes(key))
    .map(([key, schema], i) => {
      const block = types(schema).includes('object') && !types(schema).includes('integer');
      const newText = hasColon ? key : block && !ctx.path.some((s) => typeof s === 'number') ? `${key}:\n${indent}` : `${key}: `;
      return item(doc, ctx, end, key, CompletionItemKind.Property, { detail: typeLabel(schema), documentation: docs(schema), sortText: String(i).padStart(3, '0') }, newText);
    });
}

function valueItems(doc: SpecDocument, ctx: CursorContext, offset: number, value: unknown): CompletionItem[] {
  const schema = schemaAt(ctx.path);
  const out: CompletionItem[] = [];
  const reference = referenceAt(ctx.path, value);
  if (reference) {
    for (const name of reference.names) out.push(item(doc, ctx, offset, name, CompletionItemKind.Reference, { detail: reference.kind }));
    return out;
  }
  if (Array.isArray(schema?.enum)) {
    for (const option of schema.enum) out.push(item(doc, ctx, offset, String(option), CompletionItemKind.Enum, { documentation: docs(schema) }));
    return out;
  }
  if (types(schema).includes('boolean')) {
    for (const option of ['true', 'false']) out.push(item(doc, ctx, offset, option, CompletionItemKind.Value, { documentation: docs(schema) }));
  }
  const examples = Array.isArray(schema?.examples) ? schema.examples : [];
  for (const example of examples) {
    if (typeof example === 'object' || (typeof example === 'boolean' && out.length > 0)) continue;
    out.push(item(doc, ctx, offset, String(example), CompletionItemKind.Value, { detail: 'example', sortText: `z${out.length}` }));
  }
  return out;
}

/** Completion items at `position` in `text`. */
export function complete(text: string, position: Position): CompletionItem[] {
  const doc = specDocument(text);
  if (doc.tooLarge) return [];
  const offset = doc.offset(position);
  const ctx = cursorContext(doc.body, offset);
  if (!ctx) return [];
  const value = valueNear(doc, offset);
  if (ctx.template) return templateItems(doc, ctx, offset, ctx.template.expression, value);
  if (ctx.on === 'key') {
    const parent = schemaAt(ctx.path);
    const isMapping = types(parent).includes('object') || (parent !== undefined && types(parent).length === 0 && parent.properties !== undefined);
    if (ctx.bare && !isMapping) return valueItems(doc, ctx, offset, value);
    return keyItems(doc, ctx, offset, parent);
  }
  return valueItems(doc, ctx, offset, value);
}
