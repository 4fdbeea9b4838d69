// The canary-deploy action: the canary with analysis, traffic and registry rolled back
// together; the `deploy` check run and PR report section.
import * as core from '@actions/core';
import { deployFromSpec, deployMarkdown, formatEntry } from '@pipewright/core/deploy';
import { failStage, publishStage } from '@pipewright/github-port';
import { type CanaryDeploySettings, getInputs } from './inputs.ts';

let settings: CanaryDeploySettings | undefined;

async function run(): Promise<void> {
  // A cancelled job (SIGINT, then SIGTERM) aborts the canary to stable.
  const cancel = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cancel.abort());
  try {
    settings = getInputs();
    const result = await deployFromSpec(settings.spec, {
      env: settings.env,
      signal: cancel.signal,
      version: settings.version,
      registry: settings.registry,
      onEntry: (entry) => core.info(formatEntry(entry)),
    });
    core.setOutput('outcome', result.outcome);
    core.setOutput('version', result.version);
    core.setOutput('stable-before', result.stable_before ?? '');
    core.setOutput('reason', result.reason);
    core.setOutput('rollback-seconds', result.rollback?.seconds_after_first_failure?.toFixed(2) ?? '');
    core.setOutput('timeline', JSON.stringify(result.timeline));
    const summary = deployMarkdown(result);
    await core.summary.addRaw(summary).write();
    const conclusion = result.outcome === 'promoted' ? 'success' : settings.failOnRollback ? 'failure' : 'neutral';
    await publishStage({ stage: 'deploy', conclusion, title: result.reason, summary });
    if (result.outcome === 'promoted') core.info(result.reason);
    else if (settings.failOnRollback) core.setFailed(result.reason);
    else core.warning(result.reason);
  } catch (error) {
    await failStage({ stage: 'deploy' }, error, settings && { path: settings.spec, workspace: settings.workspace });
  }
}

void run();
