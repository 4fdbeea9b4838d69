// The schema's own examples are valid, and docs/spec.md documents every diagnostic code the checker emits.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineSchema } from '../../../schema/src/index.ts';
import { createSchemaAjv } from '../../../shared/src/spec/schema-errors.ts';

const root = join(import.meta.dirname, '../../..');

describe('pipeline.schema.json examples', () => {
  it('every example validates against the schema it illustrates', () => {
    const ajv = createSchemaAjv();
    ajv.addSchema(pipelineSchema);
    const id = pipelineSchema.$id as string;
    const failures: string[] = [];
    let checked = 0;
    const walk = (node: unknown, pointer: string) => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.examples) && pointer !== '') {
        const validate = ajv.getSchema(`${id}#${pointer}`)!;
        for (const example of record.examples) {
          checked++;
          if (!validate(example)) failures.push(`${pointer}: ${JSON.stringify(example)}: ${ajv.errorsText(validate.errors)}`);
        }
      }
      for (const [key, child] of Object.entries(record)) {
        if (key === 'examples' || key === 'enum' || key === 'default') continue;
        if (child && typeof child === 'object' && !Array.isArray(child)) walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
    };
    walk(pipelineSchema, '');
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

describe('docs/spec.md diagnostics', () => {
  const doc = readFileSync(join(root, 'docs/spec.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!));
  const dir = join(root, 'shared/src/spec');
  const source = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const patterns = [
    /\b(?:error|warning)\(\s*'([a-z0-9-]+)'/g,
    /report(?:InValue)?\(\s*'(?:error|warning)',\s*'([a-z0-9-]+)'/g,
    /diagnostic\(\s*'(?:error|warning)',\s*'([a-z0-9-]+)'/g,
    /\bcode: '([a-z0-9-]+)'/g,
    /[A-Z_]+: '([a-z0-9-]+)',/g,
    /code(?: =|:)[^\n;]*\? '([a-z0-9-]+)' : '([a-z0-9-]+)'/g,
  ];
  const emitted = new Set<string>();
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) for (const code of m.slice(1)) if (code) emitted.add(code);

  it('documents every code the checker emits, and no other', () => {
    expect(emitted.size).toBeGreaterThan(40);
    expect([...emitted].filter((c) => !documented.has(c)).sort()).toEqual([]);
    expect([...documented].filter((c) => !emitted.has(c)).sort()).toEqual([]);
  });
});
