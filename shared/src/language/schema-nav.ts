// Walks pipeline.schema.json along a JSON path: the subschema that describes a key or value,
// with `$ref`s resolved (a property's own description and examples win over the definition's).
import { pipelineSchema } from '@pipewright/schema';

export type Schema = Record<string, unknown>;

const definitions = (pipelineSchema.definitions ?? {}) as Record<string, Schema>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A schema with its `$ref` followed (once per level; the spec schema has no ref chains deeper than that). */
export function resolveRef(schema: Schema): Schema {
  let out = schema;
  for (let i = 0; i < 4 && typeof out.$ref === 'string'; i++) {
    const name = out.$ref.replace('#/definitions/', '');
    const { $ref: _ref, ...own } = out;
    out = { ...(definitions[name] ?? {}), ...own };
  }
  return out;
}

/** The schema of the child `segment` of a value described by `schema`. */
export function childSchema(schema: Schema | undefined, segment: string | number): Schema | undefined {
  if (!schema) return undefined;
  if (typeof segment === 'number') return isSchema(schema.items) ? resolveRef(schema.items) : undefined;
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const own = properties[segment];
  if (isSchema(own)) return resolveRef(own);
  return isSchema(schema.additionalProperties) ? resolveRef(schema.additionalProperties) : undefined;
}

/** The schema at `path` from the spec's root, or undefined where the schema says nothing. */
export function schemaAt(path: ReadonlyArray<string | number>): Schema | undefined {
  let schema: Schema | undefined = resolveRef(pipelineSchema as Schema);
  for (const segment of path) schema = childSchema(schema, segment);
  return schema;
}

export function types(schema: Schema | undefined): string[] {
  const type = schema?.type;
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
}

/** The named properties a mapping may have. */
export function propertiesOf(schema: Schema | undefined): Array<[string, Schema]> {
  const properties = isSchema(schema?.properties) ? schema.properties : {};
  return Object.entries(properties).flatMap(([key, value]) => (isSchema(value) ? [[key, resolveRef(value)] as [string, Schema]] : []));
}

/** `string`, `integer or object`, `list of string`, `duration`: how a hover and a completion name the type. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema) return '';
  if (schema.title === 'Duration') return 'duration';
  if (schema.title === 'CommandLine') return 'command line';
  const list = types(schema);
  if (list.includes('array')) {
    const items = isSchema(schema.items) ? resolveRef(schema.items) : undefined;
    const inner = typeLabel(items);
    return inner ? `list of ${inner}` : 'list';
  }
  if (list.length === 0 && isSchema(schema.additionalProperties)) return 'mapping';
  return list.map((t) => (t === 'object' ? 'mapping' : t)).join(' or ');
}
