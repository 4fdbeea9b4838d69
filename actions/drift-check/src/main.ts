// The drift monitor: recent production data vs the champion's stored reference profile ->
// one driftFromSpec call -> outputs, job summary, the `drift` check run, the drift issue
// (opened, rewritten, closed) and `drift_detected` when on-drift is retrain.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { driftHeadline, driftOutcome } from '@pipewright/core/drift';
import { PipewrightError } from '@pipewright/core/errors';
import { driftReportMarkdown } from '@pipewright/core/github';
import { driftFromSpec, modelReferenceFromSpec } from '@pipewright/core/pipeline';
import { loadValidSpec } from '@pipewright/core/spec';
import { dispatchDriftDetected, failStage, publishStage, syncDriftIssueOnGitHub } from '@pipewright/github-port';
import { type DriftCheckSettings, getInputs } from './inputs.ts';

let settings: DriftCheckSettings | undefined;

async function run(): Promise<void> {
  settings = getInputs();
  const loaded = await loadValidSpec(settings.spec, { workspace: settings.workspace });
  const stored = await modelReferenceFromSpec(loaded, settings.model, { registry: settings.registry, env: settings.env });
  const reference = `the profile stored with ${stored.version.card.name} ${stored.version.card.version} (${settings.model})`;
  const { report } = await driftFromSpec(loaded, { reference: stored.profile, currentPath: settings.current, currentDataset: settings.dataset, env: settings.env });
  const { action } = driftOutcome(report, settings.onDrift ?? loaded.spec.drift?.['on-drift']);

  const drifted = report.columns.filter((c) => c.drifted).map((c) => c.column);
  const reportFile = join(process.env.RUNNER_TEMP || settings.workspace, 'pipewright-drift-check.json');
  writeFileSync(reportFile, `${JSON.stringify({ ...report, action, reference }, null, 2)}\n`);
  const summary = driftReportMarkdown(report, reference);
  await core.summary.addRaw(summary).write();
  const headline = driftHeadline(report);
  await publishStage({ stage: 'drift', conclusion: action === 'fail' ? 'failure' : report.drifted ? 'neutral' : 'success', title: headline, summary });

  const model = stored.version.card.name;
  const issue = settings.issue ? await syncDriftIssueOnGitHub({ model, reference, report, action }) : undefined;
  const dispatched =
    action === 'retrain' &&
    (await dispatchDriftDetected({ model, version: stored.version.card.version, share: report.share, columns: drifted.join(','), issue: issue?.issue?.number ?? null })).sent;
  core.setOutput('drifted', String(report.drifted));
  core.setOutput('share', String(report.share));
  core.setOutput('action', action ?? '');
  core.setOutput('drifted-columns', drifted.join(','));
  core.setOutput('report', reportFile);
  core.setOutput('issue', issue?.issue ? String(issue.issue.number) : '');
  core.setOutput('dispatched', String(dispatched));
  if (issue && issue.action !== 'none') core.info(`Drift issue #${issue.issue?.number}: ${issue.action}`);
  if (action === 'fail') core.setFailed(`${headline} (on-drift: fail)`);
  else if (action) core.warning(`${headline} (on-drift: ${action})`);
  else core.info(headline);
}

run().catch((error: unknown) =>
  failStage({ stage: 'drift' }, error instanceof PipewrightError ? error : new Error(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`), settings && { path: settings.spec, workspace: settings.workspace }),
);
