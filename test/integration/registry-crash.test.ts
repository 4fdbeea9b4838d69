// A writer SIGKILLed in the middle of a push or an alias move leaves both backends readable
// and consistent, and running the same command again completes it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OciModelRegistry, openRegistry } from '../../shared/src/registry/index.ts';
import { card, fixtures, tempWorkspace } from '../core/registry/helpers.ts';
import { type RunningServer, startOciRegistry } from '../support/servers.ts';

const child = join(import.meta.dirname, 'registry-crash-child.ts');
const tsx = createRequire(import.meta.url).resolve('tsx');
const ws = tempWorkspace();
let server: RunningServer;
let counter = 0;

beforeAll(async () => {
  server = await startOciRegistry();
});
afterAll(async () => {
  await server?.stop();
  ws.cleanup();
});

/** Runs the child writer; resolves with the signal that ended it (null when it exited). */
function runChild(url: string, action: string, crashAt: string, killAfterMs?: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', tsx, child, url, ws.dir, action, crashAt], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (c) => (err += c));
    proc.stdout.on('data', (c: Buffer) => {
      if (killAfterMs !== undefined && c.toString().includes('started')) setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => resolve({ signal, code, err }));
  });
}

async function seeded(url: string): Promise<OciModelRegistry> {
  const registry = openRegistry(url, { workspace: ws.dir, env: {} });
  await registry.push(card('run-1'), join(fixtures, 'model-v1'));
  await registry.moveAlias('champion', 'v1', { actor: 'seed', reason: 'first' });
  return registry;
}

async function expectConsistent(registry: OciModelRegistry): Promise<void> {
  expect(await registry.verify()).toEqual([]);
  const versions = await registry.list();
  expect(versions[0]?.card.version).toBe('v1');
  expect(['v1', 'v2']).toContain(await registry.resolveAlias('champion'));
}

const backends: Array<{ name: string; url: () => string; pushPoints: string[]; aliasPoints: string[] }> = [
  { name: 'file:', url: () => `file:reg-${++counter}`, pushPoints: ['blob-written', 'push:blobs-written', 'push:manifest-written', 'index-before-rename'], aliasPoints: ['alias:history-written', 'index-before-rename'] },
  { name: 'oci://', url: () => `oci://127.0.0.1:${server.port}/crash/m${++counter}`, pushPoints: ['blob-written', 'push:blobs-written', 'push:claimed'], aliasPoints: ['alias:history-written'] },
];

for (const backend of backends) {
  describe(`${backend.name} writer killed with SIGKILL`, () => {
    for (const point of backend.pushPoints) {
      it(`in a push at ${point}: readable, consistent, and a re-run completes v2`, async () => {
        const url = backend.url();
        const registry = await seeded(url);
        const result = await runChild(url, 'push', point);
        expect(result.signal, result.err).toBe('SIGKILL');
        await expectConsistent(openRegistry(url, { workspace: ws.dir, env: {} }));
        const again = await registry.push(card('run-2', { accuracy: 0.9 }), join(fixtures, 'model-v2'));
        expect(again.card.version).toBe('v2');
        expect((await registry.list()).map((v) => v.card.version)).toEqual(['v1', 'v2']);
        expect(await registry.verify()).toEqual([]);
      });
    }

    for (const point of backend.aliasPoints) {
      it(`in an alias move at ${point}: the alias is v1 or v2, and a re-run moves it once`, async () => {
        const url = backend.url();
        const registry = await seeded(url);
        await registry.push(card('run-2', { accuracy: 0.9 }), join(fixtures, 'model-v2'));
        const result = await runChild(url, 'alias', point);
        expect(result.signal, result.err).toBe('SIGKILL');
        await expectConsistent(openRegistry(url, { workspace: ws.dir, env: {} }));
        await registry.moveAlias('champion', 'v2', { actor: 'rerun', reason: 'crash test' });
        expect(await registry.resolveAlias('champion')).toBe('v2');
        const history = await registry.history('champion');
        expect(history.map((m) => [m.from, m.to])).toEqual([
          [null, 'v1'],
          ['v1', 'v2'],
        ]);
      });
    }
  });
}

describe('file: writer killed at random moments', () => {
  it('stays readable and consistent after each of 6 kills', async () => {
    const url = `file:reg-random-${++counter}`;
    const registry = await seeded(url);
    await registry.push(card('run-2'), join(fixtures, 'model-v2'));
    for (let i = 0; i < 6; i++) {
      const result = await runChild(url, 'loop', 'none', 20 + Math.floor(Math.random() * 200));
      expect(result.signal, result.err).toBe('SIGKILL');
      const reader = openRegistry(url, { workspace: ws.dir, env: {} });
      expect(await reader.verify()).toEqual([]);
      const history = await reader.history('champion');
      for (let k = 1; k < history.length; k++) expect(history[k]!.from).toBe(history[k - 1]!.to);
      expect(history.at(-1)!.to).toBe(await reader.resolveAlias('champion'));
    }
  });
});
