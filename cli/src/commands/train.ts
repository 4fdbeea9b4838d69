// `pipewright train [SPEC]`: runs training, measures it and writes the run record.
import { resolve } from 'node:path';
import { loadValidSpec } from '@pipewright/core/spec';
import { describeRun, planTraining, type RunRecord, saveRunRecord, trainModel } from '@pipewright/core/train';
import { type Command, type CommandIO, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright train [SPEC] [--out FILE] [--format text|json]

Runs the spec's train.run as argv (split, then templated; never a shell) in the
spec's directory, with the params in PIPEWRIGHT_PARAMS (JSON) and in
<artifact>/params.json. Streams its output, stops the whole process group after
train.timeout, and measures wall time, CPU time and peak memory of every process
it starts. Then reads the metrics file, hashes the artifact and writes the run
record to .pipewright/runs/<run-id>.json (and --out FILE).

  SPEC          the spec file (default: ./pipewright.yaml)
  --out FILE    also write the run record here (for 'registry push --run FILE')
  --format      text (default) or json: the run record; the command's output then goes to stderr

Exit codes: 0 trained, 1 training failed (non-zero exit, timeout, bad metrics file),
2 could not run (no spec, command not found).
`;

function report(io: CommandIO, record: RunRecord, saved: string[]): void {
  const lines = [describeRun(record)];
  if (record.status === 'succeeded') {
    for (const [key, value] of Object.entries(record.metrics)) lines.push(`  ${key}: ${value}`);
    lines.push(`  artifact: ${record.artifact?.path} ${record.artifact?.digest} (${record.artifact?.files.length} files)`);
    for (const [name, data] of Object.entries(record.data)) lines.push(`  data ${name}: ${data.path} ${data.fingerprint ?? `(${data.note})`}`);
    lines.push(`  run record: ${saved.join(', ')}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  if (record.log_tail.length > 0) lines.push(`last ${record.log_tail.length} lines of output:`, ...record.log_tail.map((l) => `  | ${l}`));
  lines.push(`run record: ${saved.join(', ')}`);
  io.stderr.write(`${lines.join('\n')}\n`);
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Run training, measure it and write the run record',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, { out: { type: 'string' } });
    const loaded = await loadValidSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'));
    const plan = planTraining(loaded.spec, { workspace: loaded.workspace, specPath: resolve(io.cwd, loaded.file), specText: loaded.text });
    const record = await trainModel(plan, {
      workspace: loaded.workspace,
      env: io.env,
      signal: io.signal,
      // With --format json stdout carries exactly one JSON document: logs go to stderr.
      onOutput: (stream, chunk) => (format === 'json' || stream === 'stderr' ? io.stderr : io.stdout).write(chunk),
    });
    const saved = await saveRunRecord(loaded.workspace, record, values.out ? [resolve(io.cwd, values.out)] : []);
    if (format === 'json') writeJson(io, record);
    else report(io, record, saved);
    return record.status === 'succeeded' ? 0 : 1;
  },
};
