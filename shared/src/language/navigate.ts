// Go to definition and find references for the names a spec defines and uses.
import { specDocument } from './document.ts';
import { nameSites, siteAt } from './names.ts';
import type { Position, Range } from './types.ts';

/** Where the name under the cursor is defined (a dataset, stage or metric key). */
export function definition(text: string, position: Position): Range[] {
  const doc = specDocument(text);
  const sites = nameSites(doc);
  const at = siteAt(sites, doc.offset(position));
  if (!at) return [];
  return sites.filter((s) => s.declaration && s.kind === at.kind && s.name === at.name).map((s) => doc.range(s.start, s.end));
}

/** Every use of the name under the cursor, and its definition when `includeDeclaration`. */
export function references(text: string, position: Position, includeDeclaration = true): Range[] {
  const doc = specDocument(text);
  const sites = nameSites(doc);
  const at = siteAt(sites, doc.offset(position));
  if (!at) return [];
  return sites.filter((s) => s.kind === at.kind && s.name === at.name && (includeDeclaration || !s.declaration)).map((s) => doc.range(s.start, s.end));
}
