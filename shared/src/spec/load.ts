// Reads a spec file (bytes checked before decoding: size, binary, UTF-8) and checks it.
import { open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { PipelineSpec } from '@pipewright/schema';
import { InputError } from '../errors.ts';
import { checkSpec } from './check.ts';
import { type Diagnostic, hasErrors, SpecError } from './diagnostics.ts';
import { MAX_SPEC_BYTES } from './parse.ts';
import { SourceText } from './positions.ts';

export interface LoadedSpec {
  /** The spec path as given (messages use it). */
  file: string;
  /** Absolute directory that paths in the spec resolve against. */
  workspace: string;
  text: string;
  /** The parsed spec. Only trust its shape when `diagnostics` has no errors. */
  spec: PipelineSpec;
  diagnostics: Diagnostic[];
}

/** The offset of the first byte that is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need === -1) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong 3-byte forms, UTF-16 surrogates, and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

function single(file: string, workspace: string, text: string, diagnostic: Diagnostic): LoadedSpec {
  return { file, workspace, text, spec: {} as PipelineSpec, diagnostics: [diagnostic] };
}

/** Problems with the bytes themselves; the diagnostic points at the offending byte's line. */
function byteProblem(bytes: Uint8Array, size: number): { code: string; message: string; offset: number } | undefined {
  if (size > MAX_SPEC_BYTES) {
    return { code: 'file-too-large', message: `the spec is ${size} bytes; a spec may be at most ${MAX_SPEC_BYTES} bytes (is this a data file?)`, offset: 0 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { code: 'binary-file', message: `the spec is a binary file (a NUL byte at byte offset ${nul}); expected YAML text`, offset: nul };
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    return { code: 'invalid-encoding', message: `the spec is not UTF-8: byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad} is invalid; save the file as UTF-8`, offset: bad };
  }
  return undefined;
}

/**
 * Reads and checks a spec. Never throws for what the spec says (see `diagnostics`); throws
 * InputError when the file cannot be read at all (missing, a directory, no permission).
 */
export async function loadSpec(path: string, options: { workspace?: string } = {}): Promise<LoadedSpec> {
  const workspace = resolve(options.workspace ?? dirname(resolve(path)));
  let bytes: Uint8Array;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = stat.size;
      // Past the cap only the size matters: never read a huge file into memory.
      const buffer = Buffer.alloc(Math.min(size, MAX_SPEC_BYTES + 1));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError('spec-unreadable', `cannot read the spec: ${why}`, { file: path }, error);
  }
  const problem = byteProblem(bytes, size);
  if (problem) {
    const head = Buffer.from(bytes.subarray(0, problem.offset)).toString('latin1');
    const source = new SourceText(head);
    const at = source.position(problem.offset);
    return single(path, workspace, '', { severity: 'error', code: problem.code, message: problem.message, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 1 });
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const result = checkSpec(text, path, { workspace });
  return { file: path, workspace, text, spec: (result.value ?? {}) as PipelineSpec, diagnostics: result.diagnostics };
}

/** loadSpec, then throws SpecError (exit 1) when the spec has any error. */
export async function loadValidSpec(path: string, options: { workspace?: string } = {}): Promise<LoadedSpec> {
  const loaded = await loadSpec(path, options);
  if (hasErrors(loaded.diagnostics)) throw new SpecError(path, loaded.diagnostics);
  return loaded;
}
