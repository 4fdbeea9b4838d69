// SQL pushdown: a dataset contract with `sql:` compiled to one aggregation scan per table
// (plus a grouping query and an examples query), on PostgreSQL or DuckDB.
import type { DatasetProfile } from '../../drift/types.ts';
import type { DatasetContract, ValidationReport } from '../types.ts';
import { connectDuckDB } from './duckdb.ts';
import { excerpt } from '../../errors.ts';
import { SqlContractError } from './errors.ts';
import { connectPostgres } from './postgres.ts';
import { profileOnConnection } from './profile.ts';
import { type SqlConnection, validateOnConnection } from './run.ts';

export { quoteIdent } from './dialect.ts';
export { SqlContractError, SqlSourceError } from './errors.ts';
export { MAX_EXAMPLES } from './samples.ts';

export interface SqlValidateOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The reference time for `freshness`; defaults to the current time. */
  now?: Date;
  /** Where a relative DuckDB `database` path is resolved (and must stay); defaults to the current directory. */
  workspace?: string;
}

async function connect(name: string, contract: DatasetContract, options: SqlValidateOptions): Promise<SqlConnection> {
  const source = contract.sql;
  if (!source) throw new SqlContractError(`dataset '${name}' has no sql: section`);
  options.signal?.throwIfAborted();
  if (source.engine === 'postgres') return connectPostgres(options.env, source['url-env'], options.signal);
  if (source.engine === 'duckdb') {
    const database = source.database ?? (source['url-env'] ? options.env[source['url-env']] : undefined);
    return connectDuckDB(database, options.workspace ?? process.cwd(), options.signal);
  }
  throw new SqlContractError(`datasets.${name}.sql.engine: expected 'postgres' or 'duckdb', found '${excerpt(String((source as { engine: unknown }).engine))}'`);
}

/** Validates the table `contract.sql` names against the contract's rules. */
export async function validateSqlDataset(name: string, contract: DatasetContract, options: SqlValidateOptions): Promise<ValidationReport> {
  const connection = await connect(name, contract, options);
  try {
    return await validateOnConnection(name, contract, connection, options.now ?? new Date(), options.signal);
  } finally {
    await connection.close();
  }
}

/** The drift profile of the table `contract.sql` names, over its declared columns. */
export async function profileSqlDataset(name: string, contract: DatasetContract, options: SqlValidateOptions): Promise<DatasetProfile> {
  const connection = await connect(name, contract, options);
  try {
    return await profileOnConnection(name, contract, connection, options.signal);
  } finally {
    await connection.close();
  }
}
