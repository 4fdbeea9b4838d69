// `pipewright run [SPEC]`: the whole pipeline locally, each step gating the next.
import { resolve } from 'node:path';
import { runPipeline } from '@pipewright/core/pipeline';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { stepPrinter } from '../pipeline-output.ts';

const usage = `Usage: pipewright run [SPEC] [--registry URL] [--format text|json]

Runs the whole pipeline in the spec's directory, in order:
  validate   every file dataset's contract (drift.current is checked by the drift step;
             sql: datasets only when their url-env variable is set)
  stages     each stage by its needs (argv, never a shell), checking its outputs exist
  train      the training run, measured, with its run record
  push       the run as the next model version, with the drift reference profile in its card
  promote    the gates against the current champion; the alias moves only if all pass
  drift      drift.current against the reference profile
A failed step stops the run; the steps after it are skipped.

  SPEC            the spec file (default: ./pipewright.yaml)
  --registry URL  overrides the spec's registry.url
  --format        text (default) or json: {"passed","exitCode","steps","run_id","version","promotion","drift"}

Exit codes: 0 every step passed, 1 a step found a problem (failed rule or stage, refused
gate, drift with on-drift: fail), 2 could not run.
`;

export const pipelineRunCommand: Command = {
  name: 'run',
  summary: 'Run the whole pipeline locally: validate, stages, train, push, promote, drift',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, { registry: { type: 'string' } });
    const result = await runPipeline(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'), {
      env: io.env,
      registry: values.registry,
      signal: io.signal,
      // With --format json stdout carries exactly one JSON document: logs go to stderr.
      onOutput: (stream, chunk) => (format === 'json' || stream === 'stderr' ? io.stderr : io.stdout).write(chunk),
      onStep: format === 'json' ? undefined : stepPrinter(io),
    });
    if (format === 'json') writeJson(io, result);
    else io.stdout.write(result.passed ? 'Pipeline passed\n' : 'Pipeline stopped: a step failed\n');
    return result.exitCode;
  },
};
