// The validate-data action: inputs -> one validateDataset call -> outputs, job summary,
// annotations per failed rule, and a failed step when rules at the fail-on level fail.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { validateDataset, validationAnnotations, validationSummaryMarkdown } from '@pipewright/core/data';
import { PipewrightError } from '@pipewright/core/errors';
import { datasetContract, loadValidSpec } from '@pipewright/core/spec';
import { InvalidInputError, readInputs } from './inputs.ts';

async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const settings = readInputs((name) => core.getInput(name), workspace);
  const loaded = await loadValidSpec(settings.spec, { workspace: settings.workspace });
  const contract = datasetContract(loaded.spec, settings.dataset);
  const { profile: _profile, ...report } = await validateDataset(settings.dataset, contract, { workspace: settings.workspace, path: settings.path, env: process.env });

  const failing = report.results.filter((r) => !r.passed && (r.severity === 'error' || settings.failOn === 'warn'));
  const reportFile = join(process.env.RUNNER_TEMP || settings.workspace, `pipewright-validate-${settings.dataset}.json`);
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  core.setOutput('passed', String(failing.length === 0));
  core.setOutput('fingerprint', report.fingerprint);
  core.setOutput('report', reportFile);
  await core.summary.addRaw(validationSummaryMarkdown(report)).write();

  for (const a of validationAnnotations(report, { file: settings.specInput, text: loaded.text })) {
    const properties = { title: `Data rule failed (${settings.dataset})`, file: a.file, startLine: a.line };
    if (a.severity === 'error') core.error(a.message, properties);
    else core.warning(a.message, properties);
  }
  core.info(`${settings.dataset}: ${report.rows} rows, ${report.results.length - failing.length} of ${report.results.length} rules passed, ${report.fingerprint}`);
  if (failing.length > 0) core.setFailed(`${failing.length} data rule${failing.length > 1 ? 's' : ''} failed on dataset '${settings.dataset}' (fail-on: ${settings.failOn})`);
}

run().catch((error: unknown) => {
  // A user mistake is a message, never a stack trace.
  if (error instanceof PipewrightError || error instanceof InvalidInputError) core.setFailed(error.message);
  else core.setFailed(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
});
