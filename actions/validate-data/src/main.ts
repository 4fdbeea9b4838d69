// The validate-data action: inputs -> one validateDataset call -> outputs, job summary,
// annotations per failed rule, the `validate` check run and PR report section, and a
// failed step when rules at the fail-on level fail.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { validateDataset, validationAnnotations, validationSummaryMarkdown } from '@pipewright/core/data';
import { PipewrightError } from '@pipewright/core/errors';
import { validationTitle } from '@pipewright/core/github';
import { datasetContract, loadValidSpec } from '@pipewright/core/spec';
import { failStage, publishStage } from '@pipewright/github-port';
import { InvalidInputError, readInputs, type ValidateDataSettings } from './inputs.ts';

let settings: ValidateDataSettings | undefined;

async function run(): Promise<void> {
  settings = readInputs((name) => core.getInput(name), process.env.GITHUB_WORKSPACE || process.cwd());
  const loaded = await loadValidSpec(settings.spec, { workspace: settings.workspace });
  const contract = datasetContract(loaded.spec, settings.dataset);
  const { profile: _profile, ...report } = await validateDataset(settings.dataset, contract, { workspace: settings.workspace, path: settings.path, env: process.env });

  const failOn = settings.failOn;
  const failing = report.results.filter((r) => !r.passed && (r.severity === 'error' || failOn === 'warn'));
  const reportFile = join(process.env.RUNNER_TEMP || settings.workspace, `pipewright-validate-${settings.dataset}.json`);
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  core.setOutput('passed', String(failing.length === 0));
  core.setOutput('fingerprint', report.fingerprint);
  core.setOutput('report', reportFile);
  const summary = validationSummaryMarkdown(report);
  await core.summary.addRaw(summary).write();

  const annotations = validationAnnotations(report, { file: settings.specInput, text: loaded.text });
  for (const a of annotations) {
    const properties = { title: `Data rule failed (${settings.dataset})`, file: a.file, startLine: a.line };
    if (a.severity === 'error') core.error(a.message, properties);
    else core.warning(a.message, properties);
  }
  const title = validationTitle(report, failing.length);
  core.info(`${title}, ${report.fingerprint}`);
  const checkAnnotations = annotations.map((a) => ({ path: a.file ?? settings!.specInput, startLine: a.line ?? 1, endLine: a.line ?? 1, level: a.severity === 'error' ? ('failure' as const) : ('warning' as const), message: a.message, title: `Data rule failed (${settings!.dataset})` }));
  await publishStage({ stage: 'validate', qualifier: settings.dataset, conclusion: failing.length > 0 ? 'failure' : 'success', title, summary, annotations: checkAnnotations });
  if (failing.length > 0) core.setFailed(`${failing.length} data rule${failing.length > 1 ? 's' : ''} failed on dataset '${settings.dataset}' (fail-on: ${settings.failOn})`);
}

run().catch(async (error: unknown) => {
  // A user mistake is a message, never a stack trace.
  const known = error instanceof PipewrightError || error instanceof InvalidInputError;
  const message = known ? (error as Error).message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  await failStage({ stage: 'validate', qualifier: settings?.dataset }, known ? error : new Error(message), settings && { path: settings.spec, workspace: settings.workspace });
});
