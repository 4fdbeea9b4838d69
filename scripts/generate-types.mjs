// `pnpm generate`: writes schema/src/types.ts and docs/spec.md from schema/pipeline.schema.json.
// Tests import the generate functions and fail when the committed files differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { generateSpecDoc } from './generate-spec-doc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const schemaPath = `${root}schema/pipeline.schema.json`;
export const typesPath = `${root}schema/src/types.ts`;
export const specDocPath = `${root}docs/spec.md`;

const BANNER = '// Generated from schema/pipeline.schema.json by `pnpm generate` (scripts/generate-types.mjs). Do not edit.\n';

export function readSchema() {
  return JSON.parse(readFileSync(schemaPath, 'utf8'));
}

/**
 * Inlines $refs to primitive definitions (Duration, CommandLine) so each property keeps its own
 * description instead of producing numbered aliases (Duration1, Duration2, ...).
 */
function inlinePrimitiveRefs(node, definitions) {
  if (Array.isArray(node)) return node.map((item) => inlinePrimitiveRefs(item, definitions));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/definitions/', '');
    const target = definitions[name];
    if (target && target.type !== 'object') {
      const { $ref: _ref, ...siblings } = node;
      const { title: _title, ...body } = target;
      return { ...body, ...siblings };
    }
    const { $ref } = node;
    return { $ref };
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = inlinePrimitiveRefs(value, definitions);
  return out;
}

export async function generateTypes(schema = readSchema()) {
  const prepared = inlinePrimitiveRefs(schema, schema.definitions);
  for (const [name, def] of Object.entries(prepared.definitions)) {
    if (def.type !== 'object') delete prepared.definitions[name];
  }
  const ts = await compile(prepared, 'PipelineSpec', {
    bannerComment: '',
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 120 },
  });
  return BANNER + ts;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const schema = readSchema();
  writeFileSync(typesPath, await generateTypes(schema));
  writeFileSync(specDocPath, generateSpecDoc(schema));
  console.log('wrote schema/src/types.ts and docs/spec.md');
}
