// Keeps every path that comes from an input inside the workspace.
import { isAbsolute, relative, resolve } from 'node:path';
import { PathEscapeError } from '../errors.ts';

/** Resolves `path` against `workspace`; throws PathEscapeError when it leaves it. */
export function resolveInWorkspace(workspace: string, path: string): string {
  const root = resolve(workspace);
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return full;
  throw new PathEscapeError(path, root);
}

/** True when `path` (relative to `workspace`) stays inside it. */
export function isInsideWorkspace(workspace: string, path: string): boolean {
  const root = resolve(workspace);
  const rel = relative(root, resolve(root, path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
