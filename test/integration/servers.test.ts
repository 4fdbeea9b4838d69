// The real servers the integration suite relies on start, answer and stop.
import { describe, expect, it } from 'vitest';
import { startOciRegistry, startPostgres } from '../support/servers.ts';

describe('loopback servers', () => {
  it('starts the CNCF registry and answers /v2/', async () => {
    const registry = await startOciRegistry();
    try {
      const response = await fetch(`${registry.url}/v2/`);
      expect(response.status).toBe(200);
    } finally {
      await registry.stop();
    }
  });

  it('starts PostgreSQL and accepts a connection', async () => {
    const { default: pg } = await import('pg');
    const server = await startPostgres();
    const client = new pg.Client({ connectionString: server.connectionString });
    try {
      await client.connect();
      const result = await client.query('select 1 + 1 as two');
      expect(result.rows[0].two).toBe(2);
    } finally {
      await client.end();
      await server.stop();
    }
  });
});
