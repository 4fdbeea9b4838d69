// Types for scripts/generate-spec-doc.mjs, so tests can import it.
export function generateSpecDoc(schema: Record<string, unknown>): string;
