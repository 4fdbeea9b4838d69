// `pipewright demo`: the churn example end to end in a fresh directory.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatEntry } from '@pipewright/core/deploy';
import { InputError } from '@pipewright/core/errors';
import { prepareDemoWorkspace, runDemo } from '@pipewright/core/pipeline';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { stepPrinter } from '../pipeline-output.ts';

const usage = `Usage: pipewright demo [--dir DIR] [--format text|json]

Copies examples/churn into DIR (default: a new temporary directory) and takes it around
the whole loop, on embedded defaults with nothing to configure:
  1. the data gate: a good batch passes, a bad one is refused (which rows, which rules);
  2. v1 is trained (time, CPU, peak memory), pushed to the local OCI registry, promoted
     and put in production behind a local proxy; synthetic traffic starts;
  3. a better v2 is shadowed, then canaried under traffic with continuous analysis: it
     becomes production;
  4. v3 passes every offline gate but fails under traffic: its canary catches it,
     traffic returns to v2 and the champion alias is rolled back, with the reason;
  5. drifted live data: drift is detected and a retrain runs;
  6. a report (one HTML page) of it all.
Every process it starts is stopped at the end, and on Ctrl-C.

  --dir DIR   where to run (must be new or empty); kept afterwards for a look around
  --format    text (default) or json

Exit codes: 0 the demo went as the story says, 1 a step did not, 2 could not run.
`;

/** The example ships with the repository: look for it above this bundle or source file. */
function findExample(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'examples', 'churn');
    if (existsSync(join(candidate, 'pipewright.yaml'))) return candidate;
    dir = dirname(dir);
  }
  throw new InputError('demo-example-missing', 'examples/churn was not found next to this pipewright: run the demo from a checkout of the repository');
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'The churn example end to end: validate, train, registry, promotion, drift, rollback',
  usage,
  async run(argv, io) {
    const { values, format } = parseCommandArgs(argv, { dir: { type: 'string' } });
    const workspace = values.dir ? resolve(io.cwd, values.dir) : mkdtempSync(join(tmpdir(), 'pipewright-demo-'));
    prepareDemoWorkspace(findExample(), workspace);
    const text = format === 'text';
    const say = (line: string) => text && io.stdout.write(line);
    say(`Demo workspace: ${workspace}\n`);
    const started = performance.now();
    const elapsed = () => `+${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s`;
    const result = await runDemo(workspace, {
      env: io.env,
      signal: io.signal,
      // The training log is noise in the tour; its tail is in the run record.
      onOutput: () => {},
      onStep: text ? stepPrinter(io) : undefined,
      onChapter: (title) => say(`\n${elapsed()}  == ${title}\n`),
      onDeployEntry: (entry) => entry.kind !== 'measurement' || entry.verdict !== 'pass' ? say(`  ${formatEntry(entry)}\n`) : undefined,
    });
    if (!text) {
      writeJson(io, result);
      return result.passed ? 0 : 1;
    }
    say(`\n${elapsed()}  == What happened\n`);
    for (const batch of result.batches) {
      say(`batch ${batch.batch}: ${batch.passed ? 'passed' : `refused: ${batch.failures.map((f) => `${f.column ? `${f.column} ` : ''}${f.rule} (rows ${f.rows.slice(0, 5).join(', ')})`).join('; ')}`}\n`);
    }
    for (const deploy of result.deploys) say(`deploy ${deploy.version}: ${deploy.outcome}: ${deploy.reason}\n`);
    say(`aliases: champion ${result.aliases.champion}, production ${result.aliases.production}\n`);
    if (result.drift) say(`drift: ${result.drift.drifted ? `${result.drift.columns.join(', ')} drifted` : 'none'}; action ${result.drift.action ?? 'none'}${result.retrain ? `; retrained ${result.retrain.version}` : ''}\n`);
    say(`traffic: ${result.traffic.sent} requests, ${result.traffic.ok} answered, ${result.traffic.failed} failed (the canaries' share)\n`);
    say(`phases: ${result.phases.map((p) => `${p.seconds.toFixed(1)} s`).join(', ')}\n`);
    say(`\nReport: ${result.report}\n${result.passed ? 'Demo complete' : 'Demo failed'}. Look around: pipewright registry list --spec ${join(workspace, 'pipewright.yaml')}\n`);
    return result.passed ? 0 : 1;
  },
};
