// JSON reports stored beside a version (the kinds the report page reads), written and read
// through the registry port, so every producer and the reader agree on kind and media type.
import type { AttachedReport, ModelRegistry } from './types.ts';

/** What `run`, `promote` and `deploy` store beside a version, and `pipewright report` reads. */
export const REPORT_KIND = { validation: 'validation', promotion: 'promotion', canary: 'canary' } as const;

export function attachJsonReport(registry: ModelRegistry, versionOrAlias: string, kind: string, value: unknown): Promise<AttachedReport> {
  return registry.attach(versionOrAlias, kind, new TextEncoder().encode(JSON.stringify(value)), 'application/json');
}

/** The newest report of `kind` parsed, or null when there is none or it is not JSON. */
export async function readJsonReport<T>(registry: ModelRegistry, versionOrAlias: string, kind: string): Promise<T | null> {
  const bytes = await registry.readReport(versionOrAlias, kind);
  if (bytes === null) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    return null;
  }
}
