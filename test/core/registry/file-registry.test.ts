// The `file:` backend (OCI image layout on disk) against the shared conformance suite,
// plus what only the layout has: its files, atomic index and lock.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRegistry } from '../../../shared/src/registry/index.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { registryConformance } from './conformance.ts';
import { card, fixtures, tempWorkspace } from './helpers.ts';

const workspaces: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of workspaces) cleanup();
});

function fresh() {
  const ws = tempWorkspace();
  workspaces.push(ws.cleanup);
  const open = () => openRegistry('file:reg', { workspace: ws.dir });
  return { dir: ws.dir, root: join(ws.dir, 'reg'), open };
}

function flipByte(path: string): void {
  const bytes = readFileSync(path);
  bytes[0] = bytes[0]! ^ 0xff;
  writeFileSync(path, bytes);
}

registryConformance('file:', {
  gapless: true,
  async open() {
    const { root, open } = fresh();
    return { registry: open(), another: open, corrupt: (digest) => flipByte(join(root, 'blobs/sha256', digest.slice(7))) };
  },
});

describe('file: layout on disk', () => {
  it('is an OCI image layout with ref.name annotations for tags', async () => {
    const { root, open } = fresh();
    const registry = open();
    const v1 = await registry.push(card('run-1'), join(fixtures, 'model-v1'));
    expect(JSON.parse(readFileSync(join(root, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8'));
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests).toEqual([
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: v1.digest, size: expect.any(Number), artifactType: 'application/vnd.pipewright.model.v1', annotations: { 'org.opencontainers.image.ref.name': 'v1' } },
    ]);
    const manifest = JSON.parse(readFileSync(join(root, 'blobs/sha256', v1.digest.slice(7)), 'utf8'));
    expect(manifest.artifactType).toBe('application/vnd.pipewright.model.v1');
    expect(manifest.config.mediaType).toBe('application/vnd.pipewright.model.card.v1+json');
    expect(manifest.layers.map((l: { annotations: Record<string, string> }) => l.annotations['org.opencontainers.image.title'])).toEqual(['metrics.json', 'model.json']);
    expect(manifest.annotations['org.opencontainers.image.version']).toBe('v1');
    expect(manifest.annotations['org.opencontainers.image.created']).toBe('2026-11-26T01:00:00.000Z');
    expect(existsSync(join(root, '.pipewright.lock'))).toBe(false);
  });

  it('serialises racing alias moves so each history entry starts where the previous ended', async () => {
    const { open } = fresh();
    const registry = open();
    await registry.push(card('run-1'), join(fixtures, 'model-v1'));
    await registry.push(card('run-2'), join(fixtures, 'model-v2'));
    await Promise.all(Array.from({ length: 8 }, (_, i) => open().moveAlias('champion', i % 2 ? 'v2' : 'v1', { actor: `a${i}`, reason: 'race' })));
    const history = await registry.history('champion');
    for (let i = 1; i < history.length; i++) expect(history[i]!.from).toBe(history[i - 1]!.to);
    expect(history.at(-1)!.to).toBe(await registry.resolveAlias('champion'));
  });

  it('recovers a lock left by a dead process', async () => {
    const { root, open } = fresh();
    const registry = open();
    await registry.push(card('run-1'), join(fixtures, 'model-v1'));
    writeFileSync(join(root, '.pipewright.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), token: 'dead' }));
    await registry.moveAlias('champion', 'v1', { actor: 'a', reason: 'after crash' });
    expect(await registry.resolveAlias('champion')).toBe('v1');
    expect(existsSync(join(root, '.pipewright.lock'))).toBe(false);
  });

  it('waits for a live lock holder, then says who holds it', async () => {
    const { root, dir } = fresh();
    const registry = openRegistry('file:reg', { workspace: dir, lockTimeoutMs: 200 });
    await registry.push(card('run-1'), join(fixtures, 'model-v1'));
    writeFileSync(join(root, '.pipewright.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), token: 'live' }));
    await expect(registry.moveAlias('champion', 'v1', { actor: 'a', reason: 'r' })).rejects.toThrow(
      new RegExp(`registry lock '.*\\.pipewright\\.lock' is held by pid ${process.pid} on .*; waited 200 ms`),
    );
    expect(await registry.resolveAlias('champion')).toBeNull();
  });

  it('refuses a registry URL that leaves the workspace or has no scheme', () => {
    const { dir } = fresh();
    expect(() => openRegistry('file:../elsewhere', { workspace: dir })).toThrow(/outside the workspace/);
    expect(() => openRegistry('s3://bucket', { workspace: dir })).toThrow(/expected 'file:PATH' or 'oci:\/\/HOST\/REPOSITORY'/);
  });
});
