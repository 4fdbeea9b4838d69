// Types for scripts/generate-types.mjs, so tests can import it.
export const schemaPath: string;
export const typesPath: string;
export const specDocPath: string;
export function readSchema(): Record<string, unknown>;
export function generateTypes(schema?: Record<string, unknown>): Promise<string>;
