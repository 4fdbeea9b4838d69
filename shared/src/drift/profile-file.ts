// Reads and writes reference profile files: JSON, version 1, checked column by column
// so that a foreign or damaged file is an error that names the file and the column.
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { excerpt, InputError } from '../errors.ts';
import { QuantileSketch } from './sketch.ts';
import type { ColumnProfile, DatasetProfile } from './types.ts';

export const PROFILE_KIND = 'pipewright-profile';
/** Profiles are KBs per column; anything this large is not one (and is not read into memory). */
export const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

/** A profile as stored in a file or a model card. */
export interface ProfileFile extends DatasetProfile {
  kind: typeof PROFILE_KIND;
  /** The dataset it was made from, and its fingerprint, when known. */
  dataset?: string;
  fingerprint?: string;
}

/** The profile file is not a version-1 Pipewright profile (exit 2: the command cannot run). */
export class ProfileFormatError extends InputError {
  constructor(file: string, message: string) {
    super('profile-invalid', message, { file });
  }
}

const isCount = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isNumberOrNull = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));

/** Why `value` is not a column profile, or undefined when it is one. */
function columnProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'expected an object';
  const c = value as Record<string, unknown>;
  if (!isCount(c.count) || !isCount(c.nulls)) return "expected non-negative integer 'count' and 'nulls'";
  if (c.kind === 'categorical') {
    if (!Array.isArray(c.top) || !c.top.every((e) => Array.isArray(e) && typeof e[0] === 'string' && isCount(e[1]))) return "expected 'top' as [value, count] pairs";
    if (!isCount(c.offset)) return "expected a non-negative integer 'offset'";
    return undefined;
  }
  if (c.kind !== 'numeric') return `expected kind 'numeric' or 'categorical', found ${JSON.stringify(c.kind)}`;
  for (const key of ['min', 'max', 'mean', 'variance']) if (!isNumberOrNull(c[key])) return `expected '${key}' to be a finite number or null`;
  const d = c.distinct as { values: number[]; counts: number[] } | null;
  if (d !== null && !(Array.isArray(d?.values) && Array.isArray(d.counts) && d.values.length === d.counts.length && d.counts.every(isCount))) {
    return "expected 'distinct' as {values, counts} of equal length, or null";
  }
  const s = c.sketch as { k?: unknown; n?: unknown; levels?: unknown } | undefined;
  if (!s || !isCount(s.k) || !isCount(s.n) || !Array.isArray(s.levels) || !s.levels.every((l) => typeof l === 'string')) return "expected 'sketch' as {k, n, levels}";
  if (s.n !== c.count) return `sketch holds ${s.n} values but count is ${c.count}`;
  try {
    QuantileSketch.fromJSON(s as never);
  } catch (error) {
    return `damaged sketch: ${(error as Error).message}`;
  }
  const h = c.histogram as { exponent?: unknown; base?: unknown; counts?: unknown } | null;
  if (h !== null && !(Number.isInteger(h?.exponent) && Number.isInteger(h?.base) && Array.isArray(h?.counts) && h.counts.every(isCount))) return "expected 'histogram' as {exponent, base, counts}, or null";
  if (h !== null && (h.counts as number[]).reduce((sum, x) => sum + x, 0) !== c.count) return `histogram holds a different number of values than count ${c.count}`;
  if (d !== null && d.counts.reduce((sum: number, x: number) => sum + x, 0) !== c.count) return `distinct counts do not add up to count ${c.count}`;
  return undefined;
}

/** Parses and checks a profile; `file` names it in messages. */
export function parseProfile(text: string, file: string): ProfileFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProfileFormatError(file, `the profile is not JSON (${excerpt((error as Error).message)}); expected a file written by 'pipewright profile'`);
  }
  return checkProfile(value, file);
}

/** A parsed JSON value as a profile, or a ProfileFormatError naming `file`. */
export function checkProfile(value: unknown, file: string): ProfileFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProfileFormatError(file, 'the profile is not a JSON object; expected a file written by \'pipewright profile\'');
  const p = value as Record<string, unknown>;
  if (p.kind !== undefined && p.kind !== PROFILE_KIND) throw new ProfileFormatError(file, `expected kind '${PROFILE_KIND}', found ${excerpt(JSON.stringify(p.kind))}`);
  if (p.version !== 1) {
    throw new ProfileFormatError(file, `the profile has version ${excerpt(JSON.stringify(p.version ?? null))}; this Pipewright reads version 1 profiles (re-create it with 'pipewright profile')`);
  }
  if (!isCount(p.rows)) throw new ProfileFormatError(file, "expected a non-negative integer 'rows'");
  if (typeof p.columns !== 'object' || p.columns === null || Array.isArray(p.columns)) throw new ProfileFormatError(file, "expected 'columns' to be an object");
  for (const [name, column] of Object.entries(p.columns)) {
    const problem = columnProblem(column);
    if (problem) throw new ProfileFormatError(file, `column '${excerpt(name)}': ${problem}`);
  }
  return { ...(p as unknown as ProfileFile), kind: PROFILE_KIND };
}

export async function readProfileFile(path: string, shownAs = path): Promise<ProfileFile> {
  let text: string;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_PROFILE_BYTES) throw new ProfileFormatError(shownAs, `the profile is ${size} bytes; a profile is at most ${MAX_PROFILE_BYTES} bytes (is this a data file?)`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ProfileFormatError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new InputError('profile-unreadable', `cannot read the reference profile: ${why}`, { file: shownAs }, error);
  }
  return parseProfile(text, shownAs);
}

/** The file form of a profile: `kind` first, then what the scanner produced. */
export function toProfileFile(profile: DatasetProfile, about: { dataset?: string; fingerprint?: string } = {}): ProfileFile {
  const file: ProfileFile = { kind: PROFILE_KIND, version: 1, rows: profile.rows, columns: profile.columns as Record<string, ColumnProfile> };
  if (about.dataset !== undefined) file.dataset = about.dataset;
  if (about.fingerprint !== undefined) file.fingerprint = about.fingerprint;
  return file;
}

/** Writes atomically (temp file + rename): a crash never leaves half a profile. */
export async function writeProfileFile(path: string, profile: ProfileFile): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(profile)}\n`);
  await rename(temp, path);
}
