// Typed parsing of field text, straight from UTF-8 bytes (the CSV hot path) or from
// strings (JSON Lines, Parquet, contract bounds). Each parser returns NaN when the text
// is not of its type; dates and timestamps become epoch milliseconds (UTC).

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const decoder = new TextDecoder();

/** `[+-]?[0-9]+` */
export function parseIntegerBytes(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  if (i === end) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

/** A decimal number: `[+-]?digits[.digits][(e|E)[+-]digits]`, also `.5` and `5.`. */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let b = 0;
  for (; i < end; i++) {
    b = buf[i]!;
    const d = b - 48;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    digits++;
  }
  if (i < end && b === 46) {
    for (i++; i < end; i++) {
      b = buf[i]!;
      const d = b - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      fraction++;
    }
  }
  if (digits === 0) return Number.NaN;
  if (i < end) {
    // An exponent, or not a number: let the engine's correctly rounded parser decide.
    if (b !== 101 && b !== 69) return Number.NaN;
    const value = Number(decoder.decode(buf.subarray(start, end)));
    return value;
  }
  // Exact integers below 2^53 divided by an exact power of ten round once: correct.
  if (digits <= 15) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -value : value;
  }
  return Number(decoder.decode(buf.subarray(start, end)));
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(buf: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil): no Date object. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` */
export function parseDateBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return Number.NaN;
  const y0 = buf[start]! - 48;
  const y1 = buf[start + 1]! - 48;
  const y2 = buf[start + 2]! - 48;
  const y3 = buf[start + 3]! - 48;
  const m0 = buf[start + 5]! - 48;
  const m1 = buf[start + 6]! - 48;
  const d0 = buf[start + 8]! - 48;
  const d1 = buf[start + 9]! - 48;
  // Unsigned compares: a byte below '0' wraps to a huge number.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return Number.NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (!validDay(year, month, day)) return Number.NaN;
  return daysFromCivil(year, month, day) * 86_400_000;
}

/**
 * ISO 8601: `YYYY-MM-DD`, optionally `T` or space, `HH:MM[:SS[.fraction]]`, then `Z`,
 * `±HH:MM` or `±HHMM`. Without a zone the time is read as UTC.
 */
export function parseTimestampBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 10) return Number.NaN;
  const date = parseDateBytes(buf, start, start + 10);
  if (Number.isNaN(date) || end - start === 10) return date;
  let i = start + 10;
  const sep = buf[i];
  if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN;
  i++;
  if (end - i < 5 || buf[i + 2] !== 58) return Number.NaN;
  const hour = digitsAt(buf, i, 2);
  const minute = digitsAt(buf, i + 3, 2);
  i += 5;
  let second = 0;
  let millis = 0;
  if (i < end && buf[i] === 58) {
    second = digitsAt(buf, i + 1, 2);
    if (end - i < 3) return Number.NaN;
    i += 3;
    if (i < end && (buf[i] === 46 || buf[i] === 44)) {
      i++;
      let scale = 100;
      const from = i;
      for (; i < end; i++) {
        const d = buf[i]! - 48;
        if (d < 0 || d > 9) break;
        millis += d * scale;
        scale /= 10;
      }
      if (i === from) return Number.NaN;
    }
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  let offset = 0;
  if (i < end) {
    const zone = buf[i];
    if ((zone === 90 || zone === 122) && i + 1 === end) {
      offset = 0;
    } else if (zone === 43 || zone === 45) {
      const rest = end - i - 1;
      let oh = -1;
      let om = -1;
      if (rest === 5 && buf[i + 3] === 58) {
        oh = digitsAt(buf, i + 1, 2);
        om = digitsAt(buf, i + 4, 2);
      } else if (rest === 4) {
        oh = digitsAt(buf, i + 1, 2);
        om = digitsAt(buf, i + 3, 2);
      } else if (rest === 2) {
        oh = digitsAt(buf, i + 1, 2);
        om = 0;
      }
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return Number.NaN;
      offset = (zone === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else {
      return Number.NaN;
    }
  }
  return date + ((hour * 60 + minute) * 60 + second) * 1000 + Math.floor(millis) - offset;
}

/** `true` / `false` in any letter case, or `1` / `0`: 1 or 0, NaN otherwise. */
export function parseBooleanBytes(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 1) return buf[start] === 49 ? 1 : buf[start] === 48 ? 0 : Number.NaN;
  if (n === 4 && (buf[start]! | 32) === 116 && (buf[start + 1]! | 32) === 114 && (buf[start + 2]! | 32) === 117 && (buf[start + 3]! | 32) === 101) return 1;
  if (n === 5 && (buf[start]! | 32) === 102 && (buf[start + 1]! | 32) === 97 && (buf[start + 2]! | 32) === 108 && (buf[start + 3]! | 32) === 115 && (buf[start + 4]! | 32) === 101) return 0;
  return Number.NaN;
}

const encoder = new TextEncoder();

/** The same parsers over a string. */
export function parseText(kind: 'integer' | 'number' | 'boolean' | 'date' | 'timestamp', text: string): number {
  const bytes = encoder.encode(text);
  switch (kind) {
    case 'integer':
      return parseIntegerBytes(bytes, 0, bytes.length);
    case 'number':
      return parseNumberBytes(bytes, 0, bytes.length);
    case 'boolean':
      return parseBooleanBytes(bytes, 0, bytes.length);
    case 'date':
      return parseDateBytes(bytes, 0, bytes.length);
    case 'timestamp':
      return parseTimestampBytes(bytes, 0, bytes.length);
  }
}
