// Property: on a valid spec, the path the cursor reader finds from indentation alone equals the
// path of the real parse, at the end of every key and every one-line scalar value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cursorContext } from '../../../shared/src/language/cursor.ts';
import { SourceText } from '../../../shared/src/spec/index.ts';
import { parseSpecText } from '../../../shared/src/spec/parse.ts';
import type { SpanNode } from '../../../shared/src/spec/yaml-tree.ts';
import { largeSpec } from '../../support/large-spec.ts';

const root = join(import.meta.dirname, '../../..');
const specs = {
  churn: readFileSync(join(root, 'examples/churn/pipewright.yaml'), 'utf8'),
  architecture: readFileSync(join(root, 'test/fixtures/spec/valid/architecture.yaml'), 'utf8'),
  large: largeSpec(300),
};

type Path = Array<string | number>;

/** Every key (with its mapping's path) and one-line scalar value (with its own path) of the tree. */
function places(node: SpanNode, path: Path, out: Array<{ offset: number; on: 'key' | 'value'; path: Path }>, text: string): void {
  if (node.kind === 'map') {
    const children = node.children ?? [];
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i]!;
      out.push({ offset: key.end, on: 'key', path });
      const value = children[i + 1];
      if (value) places(value, [...path, key.text ?? ''], out, text);
    }
  } else if (node.kind === 'seq') {
    (node.children ?? []).forEach((item, i) => {
      places(item, [...path, i], out, text);
    });
  } else if (node.kind === 'scalar' && node.end > node.start && !text.slice(node.start, node.end).includes('\n') && !/^['"]/.test(text.slice(node.start))) {
    out.push({ offset: node.end, on: 'value', path });
  }
}

describe('the cursor reader', () => {
  it.each(Object.keys(specs))('%s: finds the parse tree path at every key and value', (name) => {
    const text = specs[name as keyof typeof specs];
    const tree = parseSpecText(new SourceText(text)).tree!;
    const found: Array<{ offset: number; on: 'key' | 'value'; path: Path }> = [];
    places(tree, [], found, text);
    expect(found.length).toBeGreaterThan(50);
    const wrong = found.flatMap(({ offset, on, path }) => {
      const ctx = cursorContext(text, offset);
      const got = ctx && { on: ctx.on, path: ctx.path };
      const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
      return JSON.stringify(got) === JSON.stringify({ on, path }) ? [] : [`${JSON.stringify(line)}: expected ${on} ${JSON.stringify(path)}, found ${JSON.stringify(got)}`];
    });
    expect(wrong).toEqual([]);
  });

  it.each(Object.keys(specs))('%s: finds the same path for a key whose line is cut at the cursor (being typed)', (name) => {
    const text = specs[name as keyof typeof specs];
    const found: Array<{ offset: number; on: 'key' | 'value'; path: Path }> = [];
    places(parseSpecText(new SourceText(text)).tree!, [], found, text);
    const wrong = found
      .filter((f) => f.on === 'key')
      .flatMap(({ offset, path }) => {
        const lineEnd = text.indexOf('\n', offset);
        const typing = text.slice(0, offset) + text.slice(lineEnd === -1 ? text.length : lineEnd);
        const ctx = cursorContext(typing, offset);
        return ctx?.on === 'key' && JSON.stringify(ctx.path) === JSON.stringify(path) ? [] : [`${JSON.stringify(typing.slice(typing.lastIndexOf('\n', offset - 1) + 1, offset))}: expected ${JSON.stringify(path)}, found ${JSON.stringify(ctx && [ctx.on, ctx.path])}`];
      });
    expect(wrong).toEqual([]);
  });
});
