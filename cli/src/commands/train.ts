// `pipewright train [SPEC]`: runs training, measures it and writes the run record.
import { resolve } from 'node:path';
import { formatRunText, trainFromSpec } from '@pipewright/core/train';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';

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


export const trainCommand: Command = {
  name: 'train',
  summary: 'Run training, measure it and write the run record',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, { out: { type: 'string' } });
    const { record, saved } = await trainFromSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'), {
      env: io.env,
      signal: io.signal,
      out: values.out ? [resolve(io.cwd, values.out)] : [],
      // With --format json stdout carries exactly one JSON document: logs go to stderr.
      onOutput: (stream, chunk) => (format === 'json' || stream === 'stderr' ? io.stderr : io.stdout).write(chunk),
    });
    if (format === 'json') writeJson(io, record);
    else (record.status === 'succeeded' ? io.stdout : io.stderr).write(formatRunText(record, saved));
    return record.status === 'succeeded' ? 0 : 1;
  },
};
