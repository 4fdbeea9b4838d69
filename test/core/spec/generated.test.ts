// The committed generated files (schema/src/types.ts, docs/spec.md) must equal a fresh generation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, readSchema, specDocPath, typesPath } from '../../../scripts/generate-types.mjs';
import { generateSpecDoc } from '../../../scripts/generate-spec-doc.mjs';

describe('generated from pipeline.schema.json', () => {
  it('schema/src/types.ts is up to date (run `pnpm generate`)', async () => {
    expect(readFileSync(typesPath, 'utf8')).toBe(await generateTypes(readSchema()));
  });

  it('docs/spec.md is up to date (run `pnpm generate`)', () => {
    expect(readFileSync(specDocPath, 'utf8')).toBe(generateSpecDoc(readSchema()));
  });

  it('gives every property a description and an example', () => {
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        const where = `${path}.${name}`;
        const isRef = typeof child.$ref === 'string';
        if (!isRef && (child.description === undefined || child.examples === undefined)) missing.push(where);
        walk(child, where);
      }
    };
    const schema = readSchema();
    walk(schema, '');
    for (const [name, def] of Object.entries(schema.definitions as Record<string, Record<string, unknown>>)) {
      if (def.description === undefined || def.examples === undefined) missing.push(`#${name}`);
      walk(def, `#${name}`);
    }
    expect(missing).toEqual([]);
  });
});
