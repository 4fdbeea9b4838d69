// Merges the converted stages into the spec's `stages:` map by editing its text in place:
// the user's comments, formatting and own stages stay as they are; entries from an earlier
// conversion of the same notebook are updated or removed. Converting twice changes nothing.
import { join } from 'shlex';
import { isMap, isScalar, parseDocument, stringify, type Pair, type YAMLMap } from 'yaml';
import { InputError } from '../errors.ts';
import type { StageFlow } from './flow.ts';
import type { ConversionWarning } from './types.ts';

const scalar = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();

export interface SpecMergeResult {
  content: string;
  changed: boolean;
  warnings: ConversionWarning[];
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end + 1;
}

function render(name: string, entry: Record<string, string | string[]>, indent: string): string {
  const lines = [`${indent}${name}:`];
  for (const [key, value] of Object.entries(entry)) {
    lines.push(`${indent}  ${key}: ${Array.isArray(value) ? `[${value.map(scalar).join(', ')}]` : scalar(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `outDir` is the output directory relative to the spec's directory (forward slashes).
 * Ours are the entries whose description names this notebook.
 */
export function mergeSpecStages(specText: string, specPath: string, notebookName: string, outDir: string, stages: StageFlow[], stageNames: string[]): SpecMergeResult {
  const doc = parseDocument(specText);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new InputError('spec-yaml', `expected a YAML spec, found: ${e.message.split('\n')[0]}`, { file: specPath, line: e.linePos?.[0].line, column: e.linePos?.[0].col });
  }
  if (!isMap(doc.contents)) throw new InputError('spec-invalid', 'expected the spec to be a mapping', { file: specPath });
  const marker = `Converted from ${notebookName} by pipewright notebook convert`;
  const warnings: ConversionWarning[] = [];
  const dir = outDir === '' ? '.' : outDir;
  const entries = new Map<string, Record<string, string | string[]>>();
  for (const stage of stages) {
    const needs = [...new Set([...stage.inputs.values()].map((i) => stageNames[i]!))];
    const entry: Record<string, string | string[]> = {
      description: `${marker} (cells ${stage.cells[0]}-${stage.cells[stage.cells.length - 1]})`,
      // Quoted as splitCommand (shlex) reads it back.
      run: join(['python3', `${dir}/pipeline.py`, '--stage', stage.name]),
    };
    if (needs.length > 0) entry.needs = needs;
    if (stage.outputs.length > 0) entry.outputs = [`${dir}/intermediates/${stage.name}`];
    entries.set(stage.name, entry);
  }

  const stagesPair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'stages') as Pair<unknown, unknown> | undefined;
  const map = stagesPair?.value;
  const edits: Edit[] = [];
  const ours = (value: unknown) => isMap(value) && String(value.get('description') ?? '').startsWith(marker);
  if (isMap(map) && !map.flow && map.items.length > 0) {
    const items = (map as YAMLMap<unknown, unknown>).items;
    const first = items[0]!.key as { range: [number, number, number] };
    const indent = specText.slice(lineStart(specText, first.range[0]), first.range[0]);
    let insertAt = 0;
    for (const item of items) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      const keyRange = (item.key as { range: [number, number, number] }).range;
      const valueRange = (item.value as { range?: [number, number, number] } | null)?.range ?? keyRange;
      const from = lineStart(specText, keyRange[0]);
      const to = lineEnd(specText, Math.max(valueRange[1] - 1, keyRange[1]));
      insertAt = Math.max(insertAt, to);
      const wanted = entries.get(key);
      if (!ours(item.value)) {
        if (wanted) {
          warnings.push({ cell: stages.find((s) => s.name === key)!.cells[0]!, line: 1, code: 'spec-stage-exists', message: `the spec already has a stage '${key}' of its own: left as it is`, changesMeaning: false });
          entries.delete(key);
        }
        continue;
      }
      if (!wanted) edits.push({ from, to, text: '' });
      else if (JSON.stringify((item.value as YAMLMap).toJSON()) !== JSON.stringify(wanted)) edits.push({ from, to, text: render(key, wanted, indent) });
      entries.delete(key);
    }
    const added = [...entries].map(([name, entry]) => render(name, entry, indent)).join('');
    if (added) edits.push({ from: insertAt, to: insertAt, text: `${insertAt > 0 && specText[insertAt - 1] !== '\n' ? '\n' : ''}${added}` });
  } else if (entries.size > 0) {
    const block = [...entries].map(([name, entry]) => render(name, entry, '  ')).join('');
    if (stagesPair && !(isMap(map) && map.items.length > 0)) {
      // `stages:`, `stages: {}` or `stages: null`: those lines become `stages:` and the block.
      const keyRange = (stagesPair.key as { range: [number, number, number] }).range;
      const valueRange = (map as { range?: [number, number, number] } | null)?.range;
      const from = lineStart(specText, keyRange[0]);
      const to = lineEnd(specText, Math.max(keyRange[1], (valueRange?.[1] ?? 0) - 1));
      edits.push({ from, to, text: `${specText.slice(from, keyRange[0])}stages:\n${block}` });
    } else if (isMap(map) && map.flow) {
      throw new InputError('spec-invalid', "expected 'stages' as a block mapping (one stage per line) to merge into, found a flow mapping {…} with stages in it", { file: specPath });
    } else {
      edits.push({ from: specText.length, to: specText.length, text: `${specText.endsWith('\n') || specText === '' ? '' : '\n'}stages:\n${block}` });
    }
  }
  let content = specText;
  for (const e of edits.sort((a, b) => b.from - a.from)) content = content.slice(0, e.from) + e.text + content.slice(e.to);
  return { content, changed: content !== specText, warnings };
}
