// The drift profile of a `sql:` dataset: its declared columns read row by row (a cursor on
// PostgreSQL, pages on DuckDB) into the same profile accumulator the file scanner feeds, so a
// table in production and a file of the same rows profile alike.
import { createProfileAccumulator } from '../../drift/accumulator.ts';
import type { DatasetProfile, ProfileColumn } from '../../drift/types.ts';
import { parseText } from '../parse-values.ts';
import type { ColumnType, DatasetContract } from '../types.ts';
import { quoteIdent } from './dialect.ts';
import { SqlContractError } from './errors.ts';
import { describeTable, type SqlConnection } from './run.ts';

const BATCH = 10_000;

/**
 * A value as the accumulator takes it (numbers, epoch milliseconds for dates, strings,
 * booleans), read with the CSV reader's own parsers: a value the file scanner would not
 * accept as its type counts as missing here too.
 */
function typed(value: unknown, type: ColumnType): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  if (type === 'string') return String(value);
  if (typeof value === 'boolean') return type === 'boolean' ? value : null;
  if (value instanceof Date) return type === 'date' || type === 'timestamp' ? value.getTime() : null;
  if (typeof value === 'bigint') return type === 'integer' || type === 'number' ? Number(value) : null;
  if (typeof value === 'number' && (type === 'number' || (type === 'integer' && Number.isInteger(value)))) return value;
  // PostgreSQL sends booleans as t / f.
  const text = type === 'boolean' && (value === 't' || value === 'f') ? (value === 't' ? 'true' : 'false') : String(value);
  const parsed = parseText(type, text);
  if (Number.isNaN(parsed)) return null;
  return type === 'boolean' ? parsed === 1 : parsed;
}

export async function profileOnConnection(name: string, contract: DatasetContract, connection: SqlConnection, signal?: AbortSignal): Promise<DatasetProfile> {
  const source = contract.sql!;
  const described = await describeTable(connection, source.table, source.schema);
  const present = new Set(described.columns.map((c) => c.name));
  const columns: ProfileColumn[] = Object.entries(contract.columns ?? {})
    .filter(([column]) => present.has(column))
    .map(([column, c]) => ({ name: column, type: c.type ?? 'string' }));
  if (columns.length === 0) throw new SqlContractError(`dataset '${name}': none of its declared columns is in table '${source.table}', so there is nothing to profile`);
  const accumulator = createProfileAccumulator(columns);
  const select = `SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(described.schema)}.${quoteIdent(source.table)}`;
  const feed = (rows: Array<Record<string, unknown>>) => {
    for (const row of rows) {
      for (const [i, c] of columns.entries()) accumulator.add(i, typed(row[c.name], c.type));
      accumulator.endRow();
    }
  };
  if (connection.dialect.engine === 'postgres') {
    // A cursor keeps memory to one batch, whatever the table's size.
    await connection.query('BEGIN READ ONLY');
    try {
      await connection.query(`DECLARE pipewright_profile NO SCROLL CURSOR FOR ${select}`);
      for (;;) {
        signal?.throwIfAborted();
        const rows = await connection.query(`FETCH ${BATCH} FROM pipewright_profile`);
        feed(rows);
        if (rows.length < BATCH) break;
      }
    } finally {
      await connection.query('ROLLBACK');
    }
  } else {
    for (let offset = 0; ; offset += BATCH) {
      signal?.throwIfAborted();
      const rows = await connection.query(`${select} LIMIT ${BATCH} OFFSET ${offset}`);
      feed(rows);
      if (rows.length < BATCH) break;
    }
  }
  return accumulator.snapshot();
}
