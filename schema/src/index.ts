// The pipeline spec's JSON Schema (draft-07) and the TypeScript types generated from it.
import schemaJson from '../pipeline.schema.json';

export type * from './types.ts';

/** The parsed `pipeline.schema.json`, for validators, editors and docs. */
export const pipelineSchema: Readonly<Record<string, unknown>> = schemaJson;
