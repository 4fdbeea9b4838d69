// Profile files: round trip, size bound, and every way a file can be wrong.
import { mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfileAccumulator, parseProfile, ProfileFormatError, readProfileFile, toProfileFile, writeProfileFile } from '../../../shared/src/drift/index.ts';
import type { DatasetProfile } from '../../../shared/src/drift/types.ts';

function bigProfile(rows: number): DatasetProfile {
  const acc = createProfileAccumulator([
    { name: 'x', type: 'number' },
    { name: 'when', type: 'timestamp' },
    { name: 'id', type: 'string' },
    { name: 'flag', type: 'boolean' },
  ]);
  for (let i = 0; i < rows; i++) {
    acc.add(0, Math.sin(i) * 1000 + i / 7);
    acc.add(1, 1.7e12 + i * 60_000);
    acc.add(2, `customer-${i}-${'x'.repeat(i % 300)}`);
    acc.add(3, i % 3 === 0);
    acc.endRow();
  }
  return acc.snapshot();
}

const good = () => JSON.stringify(toProfileFile(bigProfile(50), { dataset: 'train' }));

function rejects(text: string, message: RegExp) {
  expect(() => parseProfile(text, 'ref.json')).toThrowError(ProfileFormatError);
  expect(() => parseProfile(text, 'ref.json')).toThrowError(message);
}

describe('profile files', () => {
  it('round-trip through a file, written atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-profile-'));
    const file = toProfileFile(bigProfile(3000), { dataset: 'train', fingerprint: 'sha256:abc' });
    await writeProfileFile(join(dir, 'ref.json'), file);
    expect(readdirSync(dir)).toEqual(['ref.json']);
    expect(await readProfileFile(join(dir, 'ref.json'))).toEqual(file);
  });

  it('stay a few KB per column whatever the number of rows (long and unique strings included)', () => {
    const profiles = [1_000, 30_000, 300_000].map((rows) => bigProfile(rows));
    for (const p of profiles) for (const column of Object.values(p.columns)) expect(JSON.stringify(column).length).toBeLessThan(32 * 1024);
    const sizes = profiles.map((p) => JSON.stringify(p).length);
    // Growing the data 10x does not grow the profile.
    expect(sizes[2]!).toBeLessThan(sizes[1]! * 1.3);
  });

  it('reject a file that is not JSON', () => rejects('{"version": 1, rows', /the profile is not JSON .*expected a file written by 'pipewright profile'/));
  it('reject another version', () => rejects(good().replace('"version":1', '"version":2'), /version 2; this Pipewright reads version 1 profiles/));
  it('reject another kind of JSON file', () => rejects('{"kind":"evidently-snapshot","version":1}', /expected kind 'pipewright-profile', found "evidently-snapshot"/));
  it('reject a JSON array', () => rejects('[1,2]', /not a JSON object/));
  it('reject a damaged column, naming it', () => {
    const p = JSON.parse(good());
    p.columns.x.sketch.levels[0] = 'abc';
    rejects(JSON.stringify(p), /column 'x': damaged sketch/);
    p.columns.x.kind = 'vector';
    rejects(JSON.stringify(p), /column 'x': expected kind 'numeric' or 'categorical', found "vector"/);
    const q = JSON.parse(good());
    q.columns.id.top = [['a', -1]];
    rejects(JSON.stringify(q), /column 'id': expected 'top' as \[value, count\] pairs/);
  });

  it('report a missing file as unreadable (exit 2)', async () => {
    const error = await readProfileFile('/nonexistent/ref.json', 'ref.json').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'profile-unreadable', exitCode: 2, location: { file: 'ref.json' } });
    expect((error as Error).message).toBe('cannot read the reference profile: no such file');
  });

  it('refuse a file too large to be a profile without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-profile-'));
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 65 * 1024 * 1024);
    await expect(readProfileFile(file, 'huge.json')).rejects.toThrowError(/the profile is 68157440 bytes; a profile is at most 67108864 bytes/);
  });

  it('read a profile written by another process (file on disk)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-profile-'));
    writeFileSync(join(dir, 'bad.json'), '\u0000\u0001binary');
    await expect(readProfileFile(join(dir, 'bad.json'), 'bad.json')).rejects.toThrowError(/not JSON/);
  });
});
