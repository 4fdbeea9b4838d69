// Durations as written in a spec (`250ms`, `60s`, `30m`, `2h`, `1d`, `1h30m`) to milliseconds.
import { DurationError } from './diagnostics.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(?:[0-9]+(?:ms|s|m|h|d))+$/;
const PART = /([0-9]+)(ms|s|m|h|d)/g;

/** True when `text` is a duration; the same grammar as the schema's Duration pattern. */
export function isDuration(text: string): boolean {
  return WHOLE.test(text);
}

/** Parses a duration to milliseconds; throws DurationError on anything else (`60 seconds`). */
export function parseDuration(text: string): number {
  if (typeof text !== 'string' || !WHOLE.test(text)) throw new DurationError(String(text));
  let total = 0;
  for (const match of text.matchAll(PART)) total += Number(match[1]) * UNIT_MS[match[2]!]!;
  if (!Number.isSafeInteger(total)) throw new DurationError(text);
  return total;
}
