// Files, directories, globs, gzip and JSON Lines as one dataset; fingerprints checked
// against sha256sum, and DVC md5s against md5sum and Python's json.dumps listing.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fingerprintDataset } from '../../../shared/src/data/index.ts';
import { put, ruleOf, validate, workspace } from './data-helpers.ts';

function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
}

const part1 = 'id,city\n1,Oslo\n2,\n3,Rome\n';
const part2 = 'id,city\n3,Lima\n4,Kyiv\n';
const contract = { columns: { id: { type: 'integer' as const, unique: true }, city: { type: 'string' as const, nullable: false } } };

describe('dataset sources', () => {
  it('fingerprints a file as the sha256 of its bytes', async () => {
    const dir = workspace({ 'd.csv': part1 });
    const r = await validate(dir, { ...contract, path: 'd.csv' });
    expect(r.fingerprint).toBe(`sha256:${sha256sum(join(dir, 'd.csv'))}`);
    expect(r.files).toEqual([{ path: 'd.csv', sha256: sha256sum(join(dir, 'd.csv')), bytes: part1.length }]);
    expect((await fingerprintDataset('d.csv', { workspace: dir })).digest).toBe(r.fingerprint);
  });

  it('reads a glob as one dataset: rows numbered across files, repeats caught across files, a manifest root hash', async () => {
    const dir = workspace({ 'parts/b.csv': part2, 'parts/a.csv': part1, 'parts/notes.txt': 'ignored' });
    const r = await validate(dir, { ...contract, path: 'parts/*.csv', checks: { duplicates: { columns: ['id'] } } });
    expect(r.rows).toBe(5);
    expect(ruleOf(r.results, 'duplicates')).toMatchObject({ unexpected_count: 1, partial_unexpected_list: [{ row: 4, value: '3' }] });
    expect(ruleOf(r.results, 'not-null', 'city').partial_unexpected_list).toEqual([{ row: 2, value: null }]);
    // 3 ends a.csv and starts b.csv: both occurrences are listed, with global rows.
    expect(ruleOf(r.results, 'unique', 'id')).toMatchObject({
      unexpected_count: 2,
      passed: false,
      partial_unexpected_list: [
        { row: 3, value: '3' },
        { row: 4, value: '3' },
      ],
    });
    // The manifest is sha256sum's own output format, sorted by path.
    const manifest = `${sha256sum(join(dir, 'parts/a.csv'))}  parts/a.csv\n${sha256sum(join(dir, 'parts/b.csv'))}  parts/b.csv\n`;
    const written = put(dir, 'manifest.txt', manifest);
    expect(r.fingerprint).toBe(`sha256:${sha256sum(written)}`);
    expect(r.files!.map((f) => f.path)).toEqual(['parts/a.csv', 'parts/b.csv']);
    const asDir = await validate(dir, { ...contract, path: 'parts' });
    expect(asDir.rows).toBe(5);
    expect(asDir.files!.map((f) => f.path)).toEqual(['a.csv', 'b.csv']);
  });

  it('reads gzip transparently and fingerprints the compressed bytes', async () => {
    const dir = workspace({ 'd.csv': part1, 'd.csv.gz': gzipSync(part1) });
    const plain = await validate(dir, { ...contract, path: 'd.csv' });
    const gz = await validate(dir, { ...contract, path: 'd.csv.gz' });
    expect(gz.results).toEqual(plain.results);
    expect(gz.fingerprint).toBe(`sha256:${sha256sum(join(dir, 'd.csv.gz'))}`);
  });

  it('reads JSON Lines (plain and gzip) with the same verdicts as the CSV', async () => {
    const lines = '{"id":1,"city":"Oslo"}\n{"id":2,"city":null}\n{"id":3,"city":"Rome"}\n';
    const dir = workspace({ 'd.csv': part1, 'd.jsonl': lines, 'd.jsonl.gz': gzipSync(lines) });
    const csv = await validate(dir, { ...contract, path: 'd.csv' });
    for (const path of ['d.jsonl', 'd.jsonl.gz']) {
      const r = await validate(dir, { ...contract, path });
      expect(r.results.map((x) => [x.rule, x.column, x.passed, x.element_count, x.unexpected_count])).toEqual(
        csv.results.map((x) => [x.rule, x.column, x.passed, x.element_count, x.unexpected_count]),
      );
    }
    const typed = await validate(dir, { path: 'd.jsonl', strict: true, columns: { id: { type: 'string' } } });
    expect(ruleOf(typed.results, 'type', 'id')).toMatchObject({ unexpected_count: 3, partial_unexpected_list: [{ row: 1, value: 1 }, { row: 2, value: 2 }, { row: 3, value: 3 }] });
    expect(ruleOf(typed.results, 'strict')).toMatchObject({ passed: false, observed: 'undeclared columns: city' });
  });

  it("checks a file against its DVC md5", async () => {
    const dir = workspace({ 'd.csv': part1 });
    const md5 = execFileSync('md5sum', [join(dir, 'd.csv')], { encoding: 'utf8' }).split(' ')[0]!;
    put(dir, 'd.csv.dvc', `outs:\n- md5: ${md5}\n  size: ${part1.length}\n  hash: md5\n  path: d.csv\n`);
    expect((await validate(dir, { ...contract, path: 'd.csv' })).dvc).toEqual({ file: 'd.csv.dvc', expected: md5, actual: md5, matches: true });
    put(dir, 'd.csv', `${part1}5,Bern\n`);
    expect((await validate(dir, { ...contract, path: 'd.csv' })).dvc).toMatchObject({ matches: false, expected: md5 });
  });

  it("checks a directory against DVC's .dir md5", async () => {
    const dir = workspace({ 'parts/a.csv': part1, 'parts/sub/b.csv': part2, 'parts/README': 'not data, still tracked by DVC' });
    const python = `
import hashlib, json, os, sys
root = sys.argv[1]
entries = []
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        entries.append({"md5": hashlib.md5(open(p, "rb").read()).hexdigest(), "relpath": os.path.relpath(p, root).replace(os.sep, "/")})
entries.sort(key=lambda e: e["relpath"])
print(hashlib.md5(json.dumps(entries, sort_keys=True).encode()).hexdigest() + ".dir")
`;
    const expected = execFileSync('/usr/bin/python3', ['-c', python, join(dir, 'parts')], { encoding: 'utf8' }).trim();
    put(dir, 'parts.dvc', `outs:\n- md5: ${expected}\n  path: parts\n`);
    const r = await validate(dir, { ...contract, path: 'parts' });
    expect(r.dvc).toEqual({ file: 'parts.dvc', expected, actual: expected, matches: true });
  });
});

describe('progress and cancellation', () => {
  it('reports bytes done up to the total, on worker ranges too, and ends once', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},city ${i % 97}`).join('\n');
    const dir = workspace({ 'd.csv': `id,city\n${rows}\n` });
    const updates: Array<[number, number | undefined, string]> = [];
    let ended = 0;
    const progress = { update: (done: number, total: number | undefined, label: string) => updates.push([done, total, label]), end: () => ended++ };
    const size = Buffer.byteLength(`id,city\n${rows}\n`);
    await validate(dir, { ...contract, path: 'd.csv' }, { progress, tuning: { workers: 2, parallelFromBytes: 0, rangeBytes: 50_000 } });
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.every(([, total, label]) => total === size && label === 'validate data')).toBe(true);
    expect(updates.at(-1)![0]).toBe(size);
    expect(ended).toBe(1);
  });

  it('stops when the signal aborts', async () => {
    const dir = workspace({ 'd.csv': part1 });
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(validate(dir, { ...contract, path: 'd.csv' }, { signal: controller.signal })).rejects.toThrow('stop now');
  });
});
