// The names a spec defines (datasets, stages, canary metrics) and every place that refers to
// one: `needs`, `like`, `drift.reference` / `drift.current`, `analysis` entries and templates.
import { parseSpecText } from '../spec/parse.ts';
import { SourceText } from '../spec/positions.ts';
import { isObj } from '../spec/semantic-context.ts';
import { scanTemplates } from '../spec/template.ts';
import type { SpanNode } from '../spec/yaml-tree.ts';
import type { SpecDocument } from './document.ts';

export type NameKind = 'dataset' | 'stage' | 'metric';

export interface NameSite {
  kind: NameKind;
  name: string;
  /** Offsets of the name itself (quotes excluded). */
  start: number;
  end: number;
  declaration: boolean;
}

export const DECLARED_AT: Record<NameKind, string[]> = {
  dataset: ['datasets'],
  stage: ['stages'],
  metric: ['deploy', 'canary', 'metrics'],
};

/** Steps `needs` may name besides stages. */
export const BUILT_IN_STEPS = ['validate', 'train'];

/** The names of one kind a spec value defines. */
export function definedNames(value: unknown, kind: NameKind): string[] {
  let node: unknown = value;
  for (const key of DECLARED_AT[kind]) node = isObj(node) ? node[key] : undefined;
  return isObj(node) ? Object.keys(node) : [];
}

/** The spec value to take names from: the text's, or with the cursor's line blanked when the text does not parse. */
export function valueNear(doc: SpecDocument, offset: number): unknown {
  if (doc.parsed.value !== undefined) return doc.parsed.value;
  const text = doc.body;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return parseSpecText(new SourceText(text.slice(0, start) + ' '.repeat(end - start) + text.slice(end))).value;
}

function scalarSite(doc: SpecDocument, node: SpanNode | undefined, kind: NameKind, declaration: boolean): NameSite | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const raw = doc.body.slice(node.start, node.end);
  const quoted = /^['"]/.test(raw);
  const name = declaration ? (node.text ?? raw) : quoted ? raw.slice(1, -1) : raw;
  return { kind, name, start: node.start + (quoted ? 1 : 0), end: node.end - (quoted ? 1 : 0), declaration };
}

function listSites(doc: SpecDocument, node: SpanNode | undefined, kind: NameKind, out: NameSite[]): void {
  if (node?.kind !== 'seq') return;
  for (const item of node.children ?? []) {
    const site = scalarSite(doc, item, kind, false);
    if (site) out.push(site);
  }
}

/** The value node at `path`, or undefined when any step is missing (a later duplicate key wins). */
export function nodeAt(tree: SpanNode | undefined, path: ReadonlyArray<string | number>): SpanNode | undefined {
  let node = tree;
  for (const segment of path) {
    if (!node?.children) return undefined;
    if (node.kind === 'map') {
      let next: SpanNode | undefined;
      for (let i = node.children.length - 2; i >= 0 && !next; i -= 2) if (node.children[i]!.text === String(segment)) next = node.children[i + 1];
      node = next;
    } else {
      node = node.kind === 'seq' ? node.children[Number(segment)] : undefined;
    }
  }
  return node;
}

/** Pairs of a mapping node: [key, value]. */
function pairs(node: SpanNode | undefined): Array<[SpanNode, SpanNode | undefined]> {
  if (node?.kind !== 'map') return [];
  const out: Array<[SpanNode, SpanNode | undefined]> = [];
  const children = node.children ?? [];
  for (let i = 0; i < children.length; i += 2) out.push([children[i]!, children[i + 1]]);
  return out;
}

function templateSites(doc: SpecDocument, node: SpanNode | undefined, out: NameSite[]): void {
  if (!node) return;
  if (node.kind === 'scalar') {
    const raw = doc.body.slice(node.start, node.end);
    if (!raw.includes('{{')) return;
    for (const ref of scanTemplates(raw).refs) {
      const match = /^(datasets|stages)\.([A-Za-z0-9_-]+)/.exec(ref.expression);
      if (!match) continue;
      const at = raw.indexOf(match[0], ref.start);
      const start = node.start + at + match[1]!.length + 1;
      out.push({ kind: match[1] === 'datasets' ? 'dataset' : 'stage', name: match[2]!, start, end: start + match[2]!.length, declaration: false });
    }
    return;
  }
  const children = node.children ?? [];
  for (let i = node.kind === 'map' ? 1 : 0; i < children.length; i += node.kind === 'map' ? 2 : 1) templateSites(doc, children[i], out);
}

/** Every definition of and reference to a name in a parsed spec. */
export function nameSites(doc: SpecDocument): NameSite[] {
  const tree = doc.parsed.tree;
  if (!tree) return [];
  const out: NameSite[] = [];
  for (const kind of Object.keys(DECLARED_AT) as NameKind[]) {
    for (const [key] of pairs(nodeAt(tree, DECLARED_AT[kind]))) {
      const site = scalarSite(doc, key, kind, true);
      if (site) out.push(site);
    }
  }
  for (const [, dataset] of pairs(nodeAt(tree, ['datasets']))) {
    const site = scalarSite(doc, nodeAt(dataset, ['like']), 'dataset', false);
    if (site) out.push(site);
  }
  for (const role of ['reference', 'current']) {
    const site = scalarSite(doc, nodeAt(tree, ['drift', role]), 'dataset', false);
    if (site) out.push(site);
  }
  for (const [, stage] of pairs(nodeAt(tree, ['stages']))) listSites(doc, nodeAt(stage, ['needs']), 'stage', out);
  listSites(doc, nodeAt(tree, ['train', 'needs']), 'stage', out);
  const steps = nodeAt(tree, ['deploy', 'canary', 'steps']);
  if (steps?.kind === 'seq') for (const step of steps.children ?? []) listSites(doc, nodeAt(step, ['analysis']), 'metric', out);
  // The background analysis names metrics too.
  listSites(doc, nodeAt(tree, ['deploy', 'canary', 'analysis']), 'metric', out);
  templateSites(doc, tree, out);
  return out.sort((a, b) => a.start - b.start);
}

/** The site the cursor is on (end inclusive, so a cursor just after a name counts). */
export function siteAt(sites: NameSite[], offset: number): NameSite | undefined {
  return sites.find((s) => s.start <= offset && offset <= s.end);
}
