// `pipewright deploy [SPEC]`: the canary with analysis and automatic rollback; `deploy status`.
import { resolve } from 'node:path';
import { deployFromSpec, deployStatusFromSpec, formatDeployText, formatEntry, rampFromSpec } from '@pipewright/core/deploy';
import { type Command, type CommandIO, parseCommandArgs, writeJson } from '../command.ts';

const usage = `Usage: pipewright deploy [SPEC] [--version V] [--registry URL] [--roll-back-unfinished] [--format text|json]
       pipewright deploy [SPEC] --ramp [--format text|json]

Runs deploy.canary.steps (weight / pause / analysis) for a version through the
deploy target, with the load test and shadow first when the spec has them, and the
background analysis (deploy.canary.analysis) from the first non-zero weight on.
On success all traffic goes to the version and the alias deploy.alias (default
'production') moves to it. On a failed or inconclusive analysis traffic goes back
to stable first, then the promote.alias alias is rolled back with the reason.
Ctrl-C aborts to stable. State is kept in .pipewright/deploy/: started again after
a kill, it resumes the same version's canary or finishes its rollback.

  SPEC             the spec file (default: ./pipewright.yaml)
  --version V      the version to deploy (default: the one promote.alias names)
  --registry URL   overrides registry.url (file:PATH or oci://HOST/REPO)
  --roll-back-unfinished
                   when a killed controller left a canary unfinished: send its traffic
                   back to stable (outcome aborted) instead of resuming it
  --ramp           moves no traffic: runs deploy.load-test at growing rates (its ramp:
                   factor or step, max-rps, step-duration) until the gate breaks, and
                   prints where the server saturates
  --format json    {version, stable_before, outcome, reason, timeline:[{at, kind, weight?, metric?, value?, verdict?}], rollback?:{at, seconds_after_first_failure}}
                   with --ramp: {sustained_rps, saturation_rps, headroom, generator_bound, summary, steps:[{rps, achieved_rps, p99_ms, error_rate, verdict, saturated}]}

Exit codes: 0 promoted (--ramp: the ramp ran), 1 rolled back, refused, inconclusive or aborted, 2 could not run.
`;

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'Canary deploy with continuous analysis and automatic rollback',
  usage,
  async run(argv, io) {
    const { values, positionals, format } = parseCommandArgs(argv, { version: { type: 'string' }, registry: { type: 'string' }, ramp: { type: 'boolean', default: false }, 'roll-back-unfinished': { type: 'boolean', default: false } });
    const specPath = resolve(io.cwd, positionals[0] ?? 'pipewright.yaml');
    if (values.ramp) return ramp(specPath, format, io);
    const result = await deployFromSpec(specPath, {
      env: io.env,
      signal: io.signal,
      version: values.version,
      registry: values.registry,
      rollBackUnfinished: values['roll-back-unfinished'],
      onEntry: format === 'text' ? (entry) => io.stderr.write(`deploy: ${formatEntry(entry)}\n`) : undefined,
    });
    if (format === 'json') {
      const { version, stable_before, outcome, reason, timeline, rollback } = result;
      writeJson(io, { version, stable_before, outcome, reason, timeline, ...(rollback ? { rollback } : {}) });
    } else {
      io.stdout.write(formatDeployText(result));
    }
    return result.outcome === 'promoted' ? 0 : 1;
  },
};

async function ramp(specPath: string, format: 'text' | 'json', io: CommandIO): Promise<number> {
  const report = await rampFromSpec(specPath, {
    signal: io.signal,
    onStep: format === 'text' ? (step) => io.stderr.write(`ramp: ${step.judgement.summary}${step.saturated ? ` (saturated: ${step.saturated})` : ''}\n`) : undefined,
  });
  if (format === 'json') {
    writeJson(io, {
      sustained_rps: report.sustainedRps,
      saturation_rps: report.saturationRps,
      headroom: report.headroom,
      generator_bound: report.generatorBound,
      summary: report.summary,
      steps: report.steps.map((s) => ({ rps: s.rps, achieved_rps: s.result.achievedRps, p99_ms: s.result.latencyMs?.p99 ?? null, error_rate: s.result.errorRate, verdict: s.judgement.verdict, saturated: s.saturated })),
    });
  } else {
    io.stdout.write(`${report.summary}\n`);
  }
  return 0;
}

const statusUsage = `Usage: pipewright deploy status [SPEC] [--format text|json]

Prints where traffic stands (the target's current weights) and the state of the
last canary (.pipewright/deploy/<name>.json): its version, phase, step and outcome.

  --format json    {state, traffic:{stable, canary, canaryWeight}|null, trafficError?, path}

Exit codes: 0 printed, 2 could not run.
`;

export const deployStatusCommand: Command = {
  name: 'deploy status',
  summary: 'Current canary weights and the state of the last deploy',
  usage: statusUsage,
  async run(argv, io) {
    const { positionals, format } = parseCommandArgs(argv, {});
    const status = await deployStatusFromSpec(resolve(io.cwd, positionals[0] ?? 'pipewright.yaml'), { env: io.env });
    if (format === 'json') {
      writeJson(io, status);
      return 0;
    }
    const { state, traffic } = status;
    const lines = [
      traffic ? `traffic: ${100 - traffic.canaryWeight}% stable (${traffic.stable ?? 'unknown'}), ${traffic.canaryWeight}% canary (${traffic.canary ?? 'none'})` : `traffic: ${status.trafficError ?? 'not known outside a running deploy (local target)'}`,
      state
        ? `last deploy: ${state.version} over ${state.stable_before ?? 'none'}, ${state.phase === 'done' ? state.outcome : `${state.phase} (step ${state.step + 1}, weight ${state.weight}%)`}, updated ${state.updated_at}`
        : 'last deploy: none',
    ];
    if (state?.reason) lines.push(`reason: ${state.reason}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
