// Benchmark: the profile accumulator on the hot path. 2M rows x 10 typed columns (20M
// values, as the scanner hands them over; the columns of bench/validate.bench.ts) through
// `add`, against the same loop without it in the same run, and against the 0.5 s budget
// for 20M values; then as the CSV scanner feeds it (ColumnFeed, strings as bytes); then
// snapshot, merge (as after worker threads), size and a comparison.
// Run: pnpm exec tsx bench/profile.bench.ts [--rows N] [--runs N]
import { parseArgs } from 'node:util';
import { ColumnFeed } from '../shared/src/drift/feed.ts';
import { compareProfiles, createProfileAccumulator, mergeProfiles, type ProfileColumn } from '../shared/src/drift/index.ts';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '2000000' }, runs: { type: 'string', default: '3' } } });
const rows = Number(args.rows);
const BUDGET_SECONDS_PER_20M = 0.5;

const columns: ProfileColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'customer', type: 'string' },
  { name: 'age', type: 'integer' },
  { name: 'plan', type: 'string' },
  { name: 'email', type: 'string' },
  { name: 'signup_date', type: 'date' },
  { name: 'spend', type: 'number' },
  { name: 'churned', type: 'boolean' },
  { name: 'address', type: 'string' },
  { name: 'score', type: 'number' },
];

/** Deterministic typed values (mulberry32), column-major, built before timing. */
function generate(n: number, seed: number, shift = 0): Array<Array<number | string | boolean | null>> {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const plans = ['basic', 'pro', 'enterprise'];
  const streets = ['Main Street', 'Oak Avenue', 'Maple Road', 'Cedar Lane', 'Elm Boulevard'];
  const data = columns.map(() => new Array<number | string | boolean | null>(n));
  for (let i = 0; i < n; i++) {
    data[0]![i] = i + 1;
    data[1]![i] = `cust-${Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0')}`;
    data[2]![i] = rand() < 0.02 ? null : 18 + Math.floor(rand() * 80);
    data[3]![i] = plans[Math.floor(rand() ** (1 + shift) * 3)]!;
    data[4]![i] = `user${i}@example.com`;
    data[5]![i] = 1.7e12 + Math.floor(rand() * 336) * 86_400_000;
    data[6]![i] = rand() * 5000 * (1 + shift);
    data[7]![i] = rand() < 0.2;
    data[8]![i] = `${100 + Math.floor(rand() * 9900)} ${streets[Math.floor(rand() * 5)]}, Apartment ${1 + Math.floor(rand() * 99)}`;
    data[9]![i] = rand();
  }
  return data;
}

/** The scanner's own per-value work, roughly: a type check and a null count. */
function baseline(data: ReturnType<typeof generate>, n: number): number {
  let nulls = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < data.length; c++) if (data[c]![i] === null) nulls++;
  return nulls;
}

function profileAll(data: ReturnType<typeof generate>, n: number, from = 0, to = n) {
  const acc = createProfileAccumulator(columns);
  for (let i = from; i < to; i++) {
    for (let c = 0; c < data.length; c++) acc.add(c, data[c]![i]!);
    acc.endRow();
  }
  return acc;
}

/** String columns as UTF-8 bytes in one buffer with field offsets, as a CSV scanner sees them. */
function asFields(data: ReturnType<typeof generate>) {
  return data.map((column) => {
    if (typeof column.find((v) => v !== null) !== 'string') return null;
    const buf = Buffer.from(column.map((v) => v ?? '').join(''));
    const starts = new Int32Array(column.length);
    const ends = new Int32Array(column.length);
    let at = 0;
    column.forEach((v, i) => {
      starts[i] = at;
      at += Buffer.byteLength((v as string | null) ?? '');
      ends[i] = at;
    });
    return { buf, starts, ends };
  });
}

/**
 * As the CSV scanner feeds the profile (column-check.ts): one ColumnFeed per column,
 * numbers already parsed by the rules, strings as bytes (`plan`, a `values` column in
 * the validate benchmark, as its shared strings), flushed after each 1 MB window.
 */
function profileAsScanner(data: ReturnType<typeof generate>, fields: ReturnType<typeof asFields>, n: number) {
  const acc = createProfileAccumulator(columns);
  const feeds = columns.map((_, c) => new ColumnFeed(acc, c));
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < data.length; c++) {
      const v = data[c]![i]!;
      const feed = feeds[c]!;
      if (v === null) feed.addNull();
      else if (typeof v === 'number') feed.addNumber(v);
      else if (typeof v === 'boolean') feed.addNumber(v ? 1 : 0);
      else if (c === 3) feed.addText(v);
      else feed.addBytes(fields[c]!.buf, fields[c]!.starts[i]!, fields[c]!.ends[i]!);
    }
    acc.endRow();
    if (i % 4096 === 4095) for (const feed of feeds) feed.flush();
  }
  for (const feed of feeds) feed.flush();
  return acc;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const time = <T>(f: () => T): [number, T] => {
  const started = performance.now();
  const result = f();
  return [(performance.now() - started) / 1000, result];
};
/** CPU seconds of this thread's work: steadier than wall time on a shared machine. */
const cpu = (f: () => unknown): number => {
  const started = process.cpuUsage();
  f();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
};

process.stdout.write(`generating ${rows} rows x ${columns.length} columns (${(rows * columns.length) / 1e6}M values) ...\n`);
const reference = generate(rows, 1);
const current = generate(Math.min(rows, 200_000), 2, 0.3);
const loop: number[] = [];
const profiled: number[] = [];
const loopCpu: number[] = [];
const profiledCpu: number[] = [];
for (let run = 0; run < Number(args.runs); run++) {
  loop.push(time(() => baseline(reference, rows))[0]);
  profiled.push(time(() => profileAll(reference, rows))[0]);
  loopCpu.push(cpu(() => baseline(reference, rows)));
  profiledCpu.push(cpu(() => profileAll(reference, rows)));
}
const fields = asFields(reference);
const scannerCpu: number[] = [];
for (let run = 0; run < Number(args.runs); run++) scannerCpu.push(cpu(() => profileAsScanner(reference, fields, rows)));
// The scanner's way gives the very profile that `add` gives.
if (JSON.stringify(profileAsScanner(reference, fields, rows).snapshot()) !== JSON.stringify(profileAll(reference, rows).snapshot())) throw new Error('the scanner path gave another profile');
const values = rows * columns.length;
const l = median(loop);
const p = median(profiled);
const pc = median(profiledCpu);
const per20M = (p / values) * 20e6;
const [snapshotSeconds, whole] = time(() => profileAll(reference, rows).snapshot());
// Two halves merged, as two worker threads' snapshots are.
const halves = [profileAll(reference, rows, 0, rows / 2).snapshot(), profileAll(reference, rows, rows / 2, rows).snapshot()];
const [mergeSeconds, merged] = time(() => mergeProfiles(halves[0]!, halves[1]!));
const currentProfile = profileAll(current, current[0]!.length).snapshot();
const [compareSeconds, report] = time(() => compareProfiles(merged, currentProfile));
const bytes = JSON.stringify(whole).length;
process.stdout.write(
  [
    `loop alone    : ${l.toFixed(3)} s (runs ${loop.map((x) => x.toFixed(3)).join(', ')})`,
    `loop + profile: ${p.toFixed(3)} s (runs ${profiled.map((x) => x.toFixed(3)).join(', ')}): ${((p * 1e9) / values).toFixed(1)} ns per value`,
    `cpu time      : loop ${median(loopCpu).toFixed(3)} s, loop + profile ${pc.toFixed(3)} s: ${((pc * 1e9) / values).toFixed(1)} ns per value`,
    `per 20M values: ${per20M.toFixed(3)} s wall, ${((pc / values) * 20e6).toFixed(3)} s cpu; ratio ${(per20M / BUDGET_SECONDS_PER_20M).toFixed(2)}x (wall), ${((pc / values) * 20e6 / BUDGET_SECONDS_PER_20M).toFixed(2)}x (cpu) the ${BUDGET_SECONDS_PER_20M} s budget (target <= 1)`,
    `as the scanner: ${median(scannerCpu).toFixed(3)} s cpu (runs ${scannerCpu.map((x) => x.toFixed(3)).join(', ')}): ${((median(scannerCpu) * 1e9) / values).toFixed(1)} ns per value, ${((median(scannerCpu) / values) * 20e6 / BUDGET_SECONDS_PER_20M).toFixed(2)}x the budget (ColumnFeed: parsed numbers, strings as bytes, passed over when the sampler skips them)`,
    `snapshot      : ${snapshotSeconds.toFixed(3)} s including the pass; merge of two halves ${(mergeSeconds * 1000).toFixed(1)} ms`,
    `profile size  : ${(bytes / 1024).toFixed(1)} KB for ${columns.length} columns (${(bytes / 1024 / columns.length).toFixed(1)} KB per column)`,
    `drift compare : ${(compareSeconds * 1000).toFixed(1)} ms; ${report.columns.filter((c) => c.drifted).length} of ${report.columns.length} columns drifted (share ${report.share.toFixed(2)})`,
    '',
  ].join('\n'),
);
