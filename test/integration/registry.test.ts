// The `oci://` backend against the real CNCF distribution registry (Debian docker-registry)
// on loopback: the shared conformance suite, and what only a remote registry has.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../shared/src/registry/index.ts';
import { registryConformance } from '../core/registry/conformance.ts';
import { card, tempWorkspace } from '../core/registry/helpers.ts';
import { type RunningServer, startOciRegistry } from '../support/servers.ts';

let server: RunningServer;
let counter = 0;
const ws = tempWorkspace();
beforeAll(async () => {
  server = await startOciRegistry();
});
afterAll(async () => {
  await server?.stop();
  ws.cleanup();
});

/** Flips the first byte of a blob in the registry's filesystem storage. */
function corruptStoredBlob(digest: string): void {
  const hex = digest.slice('sha256:'.length);
  const path = join(server.dir, 'data/docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
  const bytes = readFileSync(path);
  bytes[0] = bytes[0]! ^ 0xff;
  writeFileSync(path, bytes);
}

registryConformance('oci://', {
  gapless: false,
  async open() {
    const url = `oci://127.0.0.1:${server.port}/models/churn-${++counter}`;
    const open = () => openRegistry(url, { workspace: ws.dir, env: {} });
    return { registry: open(), another: open, corrupt: corruptStoredBlob };
  },
});

describe('oci:// uploads', () => {
  it('streams a file in Content-Range chunks and pulls it back verified', async () => {
    const dir = join(ws.dir, 'chunked');
    mkdirSync(dir, { recursive: true });
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 7) % 251);
    writeFileSync(join(dir, 'weights.bin'), bytes);
    const url = `oci://127.0.0.1:${server.port}/models/chunked`;
    const registry = openRegistry(url, { workspace: ws.dir, env: {}, chunkSize: 3000 });
    const pushed = await registry.push(card('run-chunks'), dir);
    expect(pushed.files).toEqual([{ path: 'weights.bin', digest: expect.stringMatching(/^sha256:/), size: 10_000 }]);
    await registry.pull('v1', join(ws.dir, 'chunked-out'));
    expect(new Uint8Array(readFileSync(join(ws.dir, 'chunked-out/weights.bin')))).toEqual(bytes);
  });
});
