// The behaviour both registry backends must show; run by the file unit tests and the
// integration tests against the real CNCF registry.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OciModelRegistry, RegistryCorruptError, RegistryInputError, RegistryNotFoundError } from '../../../shared/src/registry/index.ts';
import { describe, expect, it } from 'vitest';
import { card, fixtures } from './helpers.ts';

export interface Backend {
  /** True when versions never skip a number (a lock); a remote may skip one under contention, never reuse one. */
  gapless: boolean;
  /** A fresh, empty registry; `another` opens a second client on the same registry. */
  open(): Promise<{ registry: OciModelRegistry; another: () => OciModelRegistry; corrupt: (digest: string) => void }>;
}

export function registryConformance(name: string, backend: Backend): void {
  describe(`${name} registry`, () => {
    it('pushes versions v1, v2 with card, files and lineage, and lists them', async () => {
      const { registry } = await backend.open();
      const v1 = await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      const v2 = await registry.push(card('run-2', { accuracy: 0.9 }), join(fixtures, 'model-v2'));
      expect(v1.card.version).toBe('v1');
      expect(v2.card.version).toBe('v2');
      expect(v2.files.map((f) => f.path)).toEqual(['metrics.json', 'model.json', 'nested/vocab.txt']);
      const listed = await registry.list();
      expect(listed.map((v) => v.card.version)).toEqual(['v1', 'v2']);
      const shown = await registry.show('v2');
      expect(shown.card.data.train).toEqual({ path: 'data/train.csv', fingerprint: `sha256:${'a'.repeat(64)}` });
      expect(shown.card.git.commit).toBe('0123456789abcdef0123456789abcdef01234567');
      expect(shown.card.metrics).toEqual({ accuracy: 0.9 });
      expect((await registry.show('latest')).digest).toBe(v2.digest);
      await expect(registry.show('v9')).rejects.toThrow(/no version or alias 'v9'.*versions: v1, v2/);
      // A reference is a tag or a digest before it reaches a manifest path or URL; a digest works too.
      for (const bad of ['../v1', 'v1/../v2', '']) await expect(registry.show(bad)).rejects.toMatchObject({ code: 'registry-reference' });
      expect((await registry.show(v2.digest)).card.version).toBe('v2');
    });

    it('completes rather than duplicates a push of the same run', async () => {
      const { registry } = await backend.open();
      const first = await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      const again = await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      expect(again.card.version).toBe('v1');
      expect(again.digest).toBe(first.digest);
      expect((await registry.list()).length).toBe(1);
    });

    it('pulls every file byte-for-byte, also into an existing directory', async () => {
      const { registry } = await backend.open();
      await registry.push(card('run-2'), join(fixtures, 'model-v2'));
      const out = join(mkdtempSync(join(tmpdir(), 'pw-pull-')), 'model');
      await registry.pull('v1', out);
      for (const file of ['metrics.json', 'model.json', 'nested/vocab.txt']) {
        expect(readFileSync(join(out, file))).toEqual(readFileSync(join(fixtures, 'model-v2', file)));
      }
      await registry.pull('v1', out);
      expect(readdirSync(out).sort()).toEqual(['metrics.json', 'model.json', 'nested']);
    });

    it('moves aliases with a history, and never to a missing version', async () => {
      const { registry } = await backend.open();
      await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      await registry.push(card('run-2'), join(fixtures, 'model-v2'));
      await registry.moveAlias('champion', 'v1', { actor: 'alice', reason: 'first' });
      await registry.moveAlias('champion', 'v2', { actor: 'bob', reason: 'better auc' });
      const back = await registry.moveAlias('champion', 'v1', { actor: 'carol', reason: 'rollback' });
      expect(back).toMatchObject({ alias: 'champion', from: 'v2', to: 'v1', actor: 'carol', reason: 'rollback' });
      const same = await registry.moveAlias('champion', 'v1', { actor: 'carol', reason: 'again' });
      expect(same.from).toBe('v1');
      expect(await registry.resolveAlias('champion')).toBe('v1');
      expect((await registry.history('champion')).map((m) => [m.from, m.to, m.actor])).toEqual([
        [null, 'v1', 'alice'],
        ['v1', 'v2', 'bob'],
        ['v2', 'v1', 'carol'],
      ]);
      expect((await registry.show('v1')).aliases).toEqual(['champion']);
      expect((await registry.show('champion')).card.version).toBe('v1');
      await expect(registry.moveAlias('champion', 'v7', { actor: 'x', reason: 'y' })).rejects.toBeInstanceOf(RegistryNotFoundError);
      expect(await registry.resolveAlias('champion')).toBe('v1');
      expect(await registry.resolveAlias('staging')).toBeNull();
    });

    it('refuses alias names that are not OCI tags or are reserved', async () => {
      const { registry } = await backend.open();
      await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      for (const bad of ['latest', 'v3', '-champion', 'a b', 'x'.repeat(129), 'history-1', 'sha256-abc', 'ch/amp']) {
        const error = await registry.moveAlias(bad, 'v1', { actor: 'a', reason: 'r' }).catch((e: unknown) => e);
        expect(error, bad).toBeInstanceOf(RegistryInputError);
        expect((error as Error).message).toContain(`invalid alias '${bad}'`);
      }
      expect(await registry.history()).toEqual([]);
    });

    it('attaches reports to a version and reads them back', async () => {
      const { registry } = await backend.open();
      await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      const content = new TextEncoder().encode('{"passed":true}');
      await registry.attach('v1', 'validation', content, 'application/json');
      await registry.attach('v1', 'drift-profile', new TextEncoder().encode('{"columns":{}}'), 'application/json');
      const reports = await registry.reports('v1');
      expect(reports.map((r) => r.kind).sort()).toEqual(['drift-profile', 'validation']);
      expect(new TextDecoder().decode((await registry.readReport('v1', 'validation'))!)).toBe('{"passed":true}');
      expect(await registry.list()).toHaveLength(1);
    });

    it('detects a corrupted blob on pull and leaves nothing in the output directory', async () => {
      const { registry, corrupt } = await backend.open();
      const v1 = await registry.push(card('run-1'), join(fixtures, 'model-v2'));
      corrupt(v1.files.find((f) => f.path === 'nested/vocab.txt')!.digest);
      const out = join(mkdtempSync(join(tmpdir(), 'pw-pull-')), 'model');
      const error = await registry.pull('v1', out).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryCorruptError);
      expect((error as Error).message).toMatch(/corrupt.*expected digest sha256:[0-9a-f]{64}/);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(join(out, '..'))).toEqual([]);
    });

    it('gives two concurrent pushes different versions', async () => {
      const { registry, another } = await backend.open();
      const pushes = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? another() : registry).push(card(`run-${i}`), join(fixtures, 'model-v1'))));
      const versions = pushes.map((p) => Number(p.card.version.slice(1))).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(4);
      if (backend.gapless) expect(versions).toEqual([1, 2, 3, 4]);
      expect((await registry.list()).map((v) => v.card.version)).toEqual(versions.map((n) => `v${n}`));
      expect(await registry.verify()).toEqual([]);
    });

    it('loses no history entry when alias moves race, and points only at existing versions', async () => {
      const { registry, another } = await backend.open();
      await registry.push(card('run-1'), join(fixtures, 'model-v1'));
      await registry.push(card('run-2'), join(fixtures, 'model-v2'));
      const clients = [registry, another(), another()];
      const moves = await Promise.all(
        Array.from({ length: 6 }, (_, i) => clients[i % 3]!.moveAlias('champion', i % 2 ? 'v2' : 'v1', { actor: `actor-${i}`, reason: `race ${i}` })),
      );
      const history = await registry.history('champion');
      for (const move of moves.filter((m) => m.from !== m.to)) {
        expect(history.some((h) => h.actor === move.actor && h.time === move.time)).toBe(true);
      }
      expect(['v1', 'v2']).toContain(await registry.resolveAlias('champion'));
      expect(await registry.verify()).toEqual([]);
    });
  });
}
