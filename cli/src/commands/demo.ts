// `pipewright demo`: the churn example end to end in a fresh directory.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@pipewright/core/errors';
import { prepareDemoWorkspace, runDemo } from '@pipewright/core/pipeline';
import { type Command, parseCommandArgs, writeJson } from '../command.ts';
import { stepPrinter } from '../pipeline-output.ts';

const usage = `Usage: pipewright demo [--dir DIR] [--format text|json]

Copies examples/churn into DIR (default: a new temporary directory) and takes it
through the whole life of a model: validate the data, run the features stage, train
(measured: time, CPU, peak memory), push v1 to the local OCI registry, promote it to
champion, check live data for drift; then a second run whose v2 is gated against the
champion; then the kill switch rolls the champion back to v1. Ends on v2's lineage:
the exact data files and fingerprints it was trained on.

  --dir DIR   where to run (must be new or empty); kept afterwards for a look around
  --format    text (default) or json

Exit codes: 0 the demo went as expected, 1 a step failed, 2 could not run.
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
    const result = await runDemo(workspace, {
      env: io.env,
      signal: io.signal,
      // The training log is noise in the tour; its tail is in the run record.
      onOutput: () => {},
      onStep: text ? stepPrinter(io) : undefined,
      onChapter: (title) => say(`\n== ${title}\n`),
    });
    if (!text) {
      writeJson(io, result);
      return result.passed ? 0 : 1;
    }
    const { rollback, lineage } = result;
    say(`${rollback.alias}: ${rollback.champion_before} -> ${rollback.champion_after} (${rollback.move?.reason})\n`);
    say(`\n== Lineage of ${lineage.card.name} ${lineage.card.version} (pipewright registry show ${lineage.card.version})\n`);
    say(`commit ${lineage.card.git.commit ?? '(not a git checkout)'}; metrics ${JSON.stringify(lineage.card.metrics)}\n`);
    for (const [name, data] of Object.entries(lineage.card.data)) say(`data ${name}: ${data.path} ${data.fingerprint}\n`);
    say(`\n${result.passed ? 'Demo complete' : 'Demo failed'}. Look around: pipewright registry list --spec ${join(workspace, 'pipewright.yaml')}\n`);
    return result.passed ? 0 : 1;
  },
};
