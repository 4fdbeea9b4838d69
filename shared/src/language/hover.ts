// Hover: what the schema says about the key or value under the cursor (description, default,
// example), and what a `{{ … }}` template resolves to.
import { stringify } from 'yaml';
import { isObj } from '../spec/semantic-context.ts';
import { pathAtOffset } from '../spec/positions.ts';
import { lookup, scanTemplates } from '../spec/template.ts';
import { cursorContext, type JsonPath } from './cursor.ts';
import { type SpecDocument, specDocument } from './document.ts';
import { BUILT_IN_STEPS, nameSites, siteAt } from './names.ts';
import { type Schema, schemaAt, typeLabel } from './schema-nav.ts';
import type { Hover, Position } from './types.ts';

function dotted(path: JsonPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('');
}

function inline(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** The markdown for the schema at `path`. */
export function describe(path: JsonPath, schema: Schema): string {
  const parts = [`**${dotted(path) || 'spec'}**${typeLabel(schema) ? ` · ${typeLabel(schema)}` : ''}`];
  // A list item (`needs: [features]`) says what its list is for.
  const description = schema.description ?? (typeof path[path.length - 1] === 'number' ? schemaAt(path.slice(0, -1))?.description : undefined);
  if (typeof description === 'string') parts.push(description);
  if (Array.isArray(schema.enum)) parts.push(`One of: ${schema.enum.map(inline).join(', ')}`);
  if (schema.default !== undefined && !(isObj(schema.default) && Object.keys(schema.default).length === 0)) parts.push(`Default: ${inline(schema.default)}`);
  const example = Array.isArray(schema.examples) ? schema.examples[0] : undefined;
  const key = [...path].reverse().find((s) => typeof s === 'string');
  if (example !== undefined && key !== undefined) parts.push(`Example:\n\`\`\`yaml\n${stringify({ [key]: example }, { flowCollectionPadding: true }).trimEnd()}\n\`\`\``);
  return parts.join('\n\n');
}

/** The template under the cursor and what it resolves to, when the cursor is on one. */
function templateHover(doc: SpecDocument, offset: number, start: number, end: number): Hover | undefined {
  const raw = doc.body.slice(start, end);
  for (const ref of scanTemplates(raw).refs) {
    if (offset < start + ref.start || offset > start + ref.end) continue;
    const spec = isObj(doc.parsed.value) ? doc.parsed.value : {};
    const train = isObj(spec.train) ? spec.train : {};
    const context = { name: spec.name, datasets: spec.datasets, params: train.params, train, stages: spec.stages };
    const value = lookup(context, ref.expression);
    const [root] = ref.expression.split('.');
    const known = value === undefined ? (['model', 'weight', 'port', 'env'].includes(root ?? '') ? 'known when the command runs' : 'resolves to nothing') : `resolves to ${inline(value)}`;
    return { contents: { kind: 'markdown', value: `**\`{{ ${ref.expression} }}\`** ${known}` }, range: doc.range(start + ref.start, start + ref.end) };
  }
  return undefined;
}

/** For a name that refers to a dataset, stage or metric: where that is defined. */
function definedAt(doc: SpecDocument, offset: number): string {
  const sites = nameSites(doc);
  const at = siteAt(sites, offset);
  if (!at || at.declaration) return '';
  if (at.kind === 'stage' && BUILT_IN_STEPS.includes(at.name)) return `\n\n→ the built-in step \`${at.name}\``;
  const definition = sites.find((s) => s.declaration && s.kind === at.kind && s.name === at.name);
  return definition ? `\n\n→ ${at.kind} \`${at.name}\`, defined on line ${doc.position(definition.start).line + 1}` : `\n\n${at.kind} \`${at.name}\` is not defined`;
}

export function hover(text: string, position: Position): Hover | undefined {
  const doc = specDocument(text);
  if (doc.tooLarge) return undefined;
  const offset = doc.offset(position);
  const found = pathAtOffset(doc.parsed.tree, offset);
  if (found) {
    if (found.on === 'value' && found.node.kind === 'scalar') {
      const template = templateHover(doc, offset, found.node.start, found.node.end);
      if (template) return template;
    }
    const schema = schemaAt(found.path);
    if (!schema) return undefined;
    return { contents: { kind: 'markdown', value: describe(found.path, schema) + definedAt(doc, offset) }, range: doc.range(found.node.start, found.node.end) };
  }
  // The text does not parse: read the structure from indentation.
  const ctx = cursorContext(doc.body, offset);
  if (!ctx) return undefined;
  const rest = /^[A-Za-z0-9_.-]*/.exec(doc.body.slice(offset))![0];
  const path = ctx.on === 'key' ? [...ctx.path, ctx.word + rest] : ctx.path;
  const schema = schemaAt(path);
  if (!schema || (ctx.on === 'key' && ctx.word + rest === '')) return undefined;
  return { contents: { kind: 'markdown', value: describe(path, schema) }, range: doc.range(ctx.wordStart, offset + rest.length) };
}
