// Reads notebooks: .ipynb files (nbformat 4) and the cells of a live editor document.
import { readFile } from 'node:fs/promises';
import { excerpt, InputError } from '../errors.ts';
import { withoutOutputs } from './strip-outputs.ts';
import type { CellKind, NotebookCell } from './types.ts';

export interface ReadNotebook {
  cells: NotebookCell[];
  /** The kernel's language, when the notebook names one. */
  language: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function joinSource(value: unknown, file: string, index: number): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((l) => typeof l === 'string')) return value.join('');
  throw new InputError('notebook-invalid', `cell ${index}: expected 'source' to be a string or a list of strings, found ${excerpt(String(JSON.stringify(value)), 40)}`, { file });
}

function tagsOf(metadata: unknown): string[] {
  if (!isRecord(metadata) || !Array.isArray(metadata.tags)) return [];
  return metadata.tags.filter((t): t is string => typeof t === 'string');
}

/** Parses the text of an .ipynb file (outputs already dropped or not); refuses what it cannot convert. */
export function parseNotebookJson(text: string, file: string): ReadNotebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const before = offset === undefined ? undefined : text.slice(0, offset).split('\n');
    const location = before ? { file, line: before.length, column: before[before.length - 1]!.length + 1 } : { file };
    throw new InputError('notebook-json', `expected a notebook in JSON, found invalid JSON: ${excerpt(message.replace(/ in JSON at position.*$/, ''))}`, location);
  }
  if (!isRecord(doc)) throw new InputError('notebook-invalid', 'expected a JSON object with nbformat and cells', { file });
  const major = doc.nbformat;
  if (major !== 4) {
    const found = typeof major === 'number' ? `nbformat ${major}` : 'no nbformat field';
    throw new InputError('notebook-format', `expected nbformat 4.x, found ${found}; open and save it in Jupyter (or 'jupyter nbconvert --to notebook --nbformat 4') to upgrade it`, { file });
  }
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const kernelspec = isRecord(metadata.kernelspec) ? metadata.kernelspec : {};
  const languageInfo = isRecord(metadata.language_info) ? metadata.language_info : {};
  const language = [kernelspec.language, languageInfo.name].find((l): l is string => typeof l === 'string');
  if (language !== undefined && language.toLowerCase() !== 'python') {
    throw new InputError('notebook-language', `expected a Python notebook, found a ${excerpt(language)} kernel (${excerpt(String(kernelspec.display_name ?? kernelspec.name ?? language))}); only Python is converted`, { file });
  }
  if (!Array.isArray(doc.cells)) throw new InputError('notebook-invalid', "expected a 'cells' list", { file });
  const cells = doc.cells.map((raw, index): NotebookCell => {
    if (!isRecord(raw)) throw new InputError('notebook-invalid', `cell ${index}: expected an object`, { file });
    const kind = raw.cell_type;
    if (kind !== 'code' && kind !== 'markdown' && kind !== 'raw') {
      throw new InputError('notebook-invalid', `cell ${index}: expected cell_type code, markdown or raw, found ${excerpt(String(JSON.stringify(kind)))}`, { file });
    }
    const cell: NotebookCell = { kind, source: joinSource(raw.source, file, index), tags: tagsOf(raw.metadata) };
    if (typeof raw.id === 'string') cell.id = raw.id;
    if (kind === 'code') cell.executionCount = typeof raw.execution_count === 'number' ? raw.execution_count : null;
    return cell;
  });
  return { cells, language };
}

/** Reads an .ipynb file. Cell outputs are skipped before parsing, so a huge output costs little. */
export async function readNotebookFile(path: string, displayName = path): Promise<ReadNotebook> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError('notebook-unreadable', `expected a readable .ipynb file, found ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`, { file: displayName }, error);
  }
  const stripped = withoutOutputs(bytes);
  // On a malformed file the stripper gives up; the full parse then reports where JSON breaks.
  return parseNotebookJson(stripped ?? bytes.toString('utf8'), displayName);
}

/** A cell of a live notebook document (VS Code's NotebookCell, reduced to plain data). */
export interface DocumentCell {
  /** 'code' | 'markdown' | 'raw', or VS Code's NotebookCellKind: 1 = markup, 2 = code. */
  kind: CellKind | 1 | 2;
  /** The cell's text (VS Code: cell.document.getText()). */
  source: string;
  /** VS Code: cell.document.languageId; a code cell in another language is kept as raw. */
  languageId?: string;
  /** VS Code: cell.metadata; tags sit at metadata.metadata.tags or metadata.custom.metadata.tags. */
  metadata?: Record<string, unknown>;
  executionCount?: number | null;
  id?: string;
}

/** Normalises the cells of a live notebook document into the cells a conversion takes. */
export function cellsFromDocument(cells: readonly DocumentCell[]): NotebookCell[] {
  return cells.map((c) => {
    const meta = c.metadata ?? {};
    const custom = isRecord(meta.custom) ? meta.custom : {};
    const tags = [...new Set([...tagsOf(meta.metadata), ...tagsOf(custom.metadata), ...tagsOf(meta)])];
    const id = c.id ?? (typeof meta.id === 'string' ? meta.id : typeof custom.id === 'string' ? custom.id : undefined);
    let kind: CellKind = c.kind === 1 ? 'markdown' : c.kind === 2 ? 'code' : c.kind;
    if (kind === 'code' && c.languageId !== undefined && c.languageId !== 'python') kind = c.languageId === 'markdown' ? 'markdown' : 'raw';
    const cell: NotebookCell = { kind, source: c.source, tags };
    if (id !== undefined) cell.id = id;
    if (kind === 'code') cell.executionCount = c.executionCount ?? null;
    return cell;
  });
}
