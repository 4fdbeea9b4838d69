// The drift action: inputs -> the reference (the profile stored with a model version, a
// profile file, or drift.reference profiled now) -> one driftFromSpec call -> outputs and
// the job summary; on-drift says what follows: fail fails the step, retrain and alert
// are outputs (and a notice or warning) for the workflow to act on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { type DatasetProfile, driftHeadline, readProfileFile } from '@pipewright/core/drift';
import { PipewrightError } from '@pipewright/core/errors';
import { driftReportMarkdown } from '@pipewright/core/github';
import { driftFromSpec, modelReferenceFromSpec } from '@pipewright/core/pipeline';
import { type LoadedSpec, loadValidSpec } from '@pipewright/core/spec';
import { failStage, publishStage } from '@pipewright/github-port';
import { type DriftSettings, getInputs } from './inputs.ts';

async function referenceOf(settings: DriftSettings, loaded: LoadedSpec): Promise<{ profile?: DatasetProfile; source: string }> {
  if (settings.model !== undefined) {
    const stored = await modelReferenceFromSpec(loaded, settings.model, { registry: settings.registry, env: settings.env });
    return { profile: stored.profile, source: `the profile stored with ${stored.version.card.name} ${stored.version.card.version} (${settings.model})` };
  }
  if (settings.reference !== undefined) return { profile: await readProfileFile(settings.reference.path, settings.reference.shownAs), source: settings.reference.shownAs };
  return { source: 'drift.reference, profiled now' };
}

async function run(): Promise<void> {
  const settings = getInputs();
  const loaded = await loadValidSpec(settings.spec, { workspace: settings.workspace });
  const reference = await referenceOf(settings, loaded);
  const { report, action } = await driftFromSpec(loaded, { reference: reference.profile, currentPath: settings.current });

  const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column);
  const reportFile = join(process.env.RUNNER_TEMP || settings.workspace, 'pipewright-drift.json');
  writeFileSync(reportFile, `${JSON.stringify({ ...report, action, reference: reference.source }, null, 2)}\n`);
  core.setOutput('drifted', String(report.drifted));
  core.setOutput('share', String(report.share));
  core.setOutput('action', action ?? '');
  core.setOutput('drifted-columns', drifted.join(','));
  core.setOutput('report', reportFile);
  const summary = driftReportMarkdown(report, reference.source);
  await core.summary.addRaw(summary).write();

  const headline = driftHeadline(report);
  await publishStage({ stage: 'drift', conclusion: action === 'fail' ? 'failure' : report.drifted ? 'neutral' : 'success', title: headline, summary });
  if (action === 'fail') core.setFailed(`${headline} (on-drift: fail)`);
  else if (action === 'retrain') core.notice(`${headline}: retrain (on-drift: retrain; the 'action' output is 'retrain')`);
  else if (action === 'alert') core.warning(`${headline} (on-drift: alert)`);
  else core.info(headline);
}

run().catch((error: unknown) => {
  // A user mistake (wrong inputs included) is a message, never a stack trace.
  return failStage({ stage: 'drift' }, error instanceof PipewrightError ? error : new Error(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`));
});
