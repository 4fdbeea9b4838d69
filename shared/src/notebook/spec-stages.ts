// Merges the converted stages into the spec's `stages:` map, keeping the user's comments and
// stages; entries from an earlier conversion of the same notebook are updated or removed.
import { isMap, isScalar, parseDocument, YAMLMap } from 'yaml';
import { InputError } from '../errors.ts';
import type { StageFlow } from './flow.ts';
import type { ConversionWarning } from './types.ts';

const quoteArg = (arg: string) => (/^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'"'"'`)}'`);

export interface SpecMergeResult {
  content: string;
  changed: boolean;
  warnings: ConversionWarning[];
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
  if (doc.contents !== null && !isMap(doc.contents)) throw new InputError('spec-invalid', 'expected the spec to be a mapping', { file: specPath });
  const marker = `Converted from ${notebookName} by pipewright notebook convert`;
  const warnings: ConversionWarning[] = [];
  let map = doc.get('stages', true);
  if (map === undefined || map === null || (isScalar(map) && map.value === null)) {
    map = new YAMLMap();
    doc.set('stages', map);
  }
  if (!isMap(map)) throw new InputError('spec-invalid', "expected 'stages' to be a mapping", { file: specPath });
  const ours = (value: unknown) => isMap(value) && String(value.get('description') ?? '').startsWith(marker);
  const wanted = new Set(stages.map((s) => s.name));
  for (const item of [...map.items]) {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    if (ours(item.value) && !wanted.has(key)) map.delete(key);
  }
  const dir = outDir === '' ? '.' : outDir;
  for (const stage of stages) {
    const existing = map.get(stage.name, true);
    if (existing !== undefined && !ours(existing)) {
      warnings.push({ cell: stage.cells[0]!, line: 1, code: 'spec-stage-exists', message: `the spec already has a stage '${stage.name}' of its own: left as it is`, changesMeaning: false });
      continue;
    }
    const needs = [...new Set([...stage.inputs.values()].map((i) => stageNames[i]!))];
    const entry: Record<string, unknown> = {
      description: `${marker} (cells ${stage.cells[0]}-${stage.cells[stage.cells.length - 1]})`,
      run: ['python3', `${dir}/pipeline.py`, '--stage', stage.name].map(quoteArg).join(' '),
    };
    if (needs.length > 0) entry.needs = needs;
    if (stage.outputs.length > 0) entry.outputs = [`${dir}/intermediates/${stage.name}`];
    if (isMap(existing) && JSON.stringify(existing.toJSON()) === JSON.stringify(entry)) continue;
    const node = doc.createNode(entry);
    if (isMap(existing)) {
      // Update in place so the comments on the entry survive.
      for (const key of Object.keys(existing.toJSON() as object)) if (!(key in entry)) existing.delete(key);
      for (const [k, v] of Object.entries(entry)) existing.set(k, doc.createNode(v));
    } else map.set(stage.name, node);
  }
  const content = doc.toString();
  return { content, changed: content !== specText, warnings };
}
