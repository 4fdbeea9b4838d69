// Whether a data file starts as text: a binary file (an image, a zip, random bytes) passed as
// CSV or JSON Lines is named as such at its first byte, instead of being parsed into a
// 200 KB "header" or an encoding error deep in a message.
import { InputError } from '../errors.ts';
import { firstInvalidUtf8 } from './csv-read.ts';

/** How many leading bytes decide whether a file is text. */
export const SNIFF_BYTES = 1024;

/** A C0 control character that text files do not hold (tab, LF, VT, FF and CR are fine). */
function isBinaryControl(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b;
}

/**
 * The offset of the first byte that shows the file is not text, or -1: a control character
 * such as NUL in its first SNIFF_BYTES, or a byte that is not UTF-8 on its first line (later
 * encoding errors are a text file's problem, reported with their row). `eof`: `buf` holds the
 * whole file, so a multi-byte character cut at its end is invalid, not continued by a next read.
 */
export function firstBinaryByte(buf: Uint8Array, eof: boolean): number {
  const window = Math.min(buf.length, SNIFF_BYTES);
  let control = -1;
  for (let i = 0; i < window && control === -1; i++) if (isBinaryControl(buf[i]!)) control = i;
  const newline = buf.subarray(0, window).indexOf(10);
  const limit = Math.min(control === -1 ? window : control, newline === -1 ? window : newline);
  // A character starting before the limit may end up to three bytes past it.
  const to = Math.min(buf.length, limit + 3);
  const bad = firstInvalidUtf8(buf, 0, to);
  if (bad < limit && !(!eof && cutAtEnd(buf, bad))) return bad;
  return control;
}

/** Whether the bytes from `at` are the start of a valid UTF-8 character that the buffer's end cut off. */
function cutAtEnd(buf: Uint8Array, at: number): boolean {
  const b = buf[at]!;
  const need = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need === 0 || at + need <= buf.length) return false;
  for (let i = at + 1; i < buf.length; i++) if ((buf[i]! & 0xc0) !== 0x80) return false;
  return true;
}

/** Throws `data-binary` when the file's first bytes are not text. */
export function assertTextStart(buf: Uint8Array, eof: boolean, file: string, expected: string): void {
  const at = firstBinaryByte(buf, eof);
  if (at !== -1) {
    throw new InputError('data-binary', `binary data at byte ${at}: expected ${expected} text (UTF-8); is this the right file?`, { file, byteOffset: at });
  }
}
