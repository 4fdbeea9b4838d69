// The DuckDB engine: `@duckdb/node-api` is an optional dependency, loaded only when a
// contract asks for it; database files open read-only and must already exist.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { resolveInWorkspace } from '../../workspace/index.ts';
import { duckdb } from './dialect.ts';
import { excerpt } from '../../errors.ts';
import { SqlSourceError } from './errors.ts';
import type { SqlConnection } from './run.ts';

type DuckDBModule = typeof import('@duckdb/node-api');

/** From beside Pipewright, else from the workspace's own node_modules (a global CLI). */
async function loadDuckDB(workspace: string): Promise<DuckDBModule> {
  try {
    return await import('@duckdb/node-api');
  } catch {}
  try {
    return createRequire(join(workspace, 'package.json'))('@duckdb/node-api') as DuckDBModule;
  } catch {
    throw new SqlSourceError('sql-engine', "engine 'duckdb' needs the optional package @duckdb/node-api, which is not installed (install it: npm install @duckdb/node-api)");
  }
}

/** Opens `database` (relative to `workspace`) read-only, or an in-memory database when none is named. */
export async function connectDuckDB(database: string | undefined, workspace: string, signal?: AbortSignal): Promise<SqlConnection> {
  const file = database ? resolveInWorkspace(workspace, database) : undefined;
  if (file && !existsSync(file)) throw new SqlSourceError('sql-database', `DuckDB database '${database}' not found (looked at ${file})`);
  const { DuckDBInstance } = await loadDuckDB(workspace);
  const where = `duckdb ${database ?? ':memory:'}`;
  let instance: Awaited<ReturnType<DuckDBModule['DuckDBInstance']['create']>>;
  try {
    instance = await DuckDBInstance.create(file ?? ':memory:', file ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    throw new SqlSourceError('sql-database', `${where}: cannot open: ${excerpt((error as Error).message)}`);
  }
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'").catch(() => {});
  const abort = () => connection.interrupt();
  signal?.addEventListener('abort', abort, { once: true });
  return {
    dialect: duckdb,
    where,
    async query(sql, params = []) {
      try {
        const reader = await connection.runAndReadAll(sql, params.length ? [...params] : undefined);
        return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
      } catch (error) {
        signal?.throwIfAborted();
        throw new SqlSourceError('sql-query', `${where}: ${excerpt((error as Error).message)}`);
      }
    },
    async close() {
      signal?.removeEventListener('abort', abort);
      connection.closeSync();
      instance.closeSync();
    },
  };
}
