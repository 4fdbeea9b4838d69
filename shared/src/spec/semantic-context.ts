// What every semantic check gets: the spec value, where its parts are in the text, and a reporter.
import type { Diagnostic, Severity } from './diagnostics.ts';
import { type JsonPath, keySpan, locate, type SourceText, valueSpan } from './positions.ts';
import type { SpanNode } from './yaml-tree.ts';

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The entries of a mapping-valued key, or none when it is absent or not a mapping. */
export function entries(value: unknown): Array<[string, unknown]> {
  return isObj(value) ? Object.entries(value) : [];
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export class SemanticContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly spec: Obj,
    private readonly tree: SpanNode | undefined,
    private readonly source: SourceText,
    readonly workspace: string,
    readonly fileExists: (path: string) => boolean,
  ) {}

  /** Reports on the value at `path` (a collection value is reported on its key). */
  report(severity: Severity, code: string, message: string, path: JsonPath, on: 'key' | 'value' = 'value'): void {
    const found = locate(this.tree, path);
    const span = (on === 'key' ? keySpan(found) : valueSpan(found)) ?? [0, 0];
    this.push(severity, code, message, ...this.source.clipToLine(span[0], span[1]));
  }

  /** Reports on the first occurrence of `find` inside the string value at `path` (e.g. one template). */
  reportInValue(severity: Severity, code: string, message: string, path: JsonPath, find: string): void {
    const found = locate(this.tree, path);
    const span = valueSpan(found);
    const at = span ? this.source.text.slice(span[0], span[1]).indexOf(find) : -1;
    if (!span || at === -1) {
      this.report(severity, code, message, path);
      return;
    }
    this.push(severity, code, message, span[0] + at, span[0] + at + find.length);
  }

  error(code: string, message: string, path: JsonPath, on: 'key' | 'value' = 'value'): void {
    this.report('error', code, message, path, on);
  }

  warning(code: string, message: string, path: JsonPath, on: 'key' | 'value' = 'value'): void {
    this.report('warning', code, message, path, on);
  }

  private push(severity: Severity, code: string, message: string, start: number, end: number): void {
    this.diagnostics.push(this.source.diagnostic(severity, code, message, start, end));
  }
}
