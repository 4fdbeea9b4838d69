// The rollback action: the previous champion back, what moved in the job summary, and the
// `rollback` check run and PR report section.
import * as core from '@actions/core';
import { formatRollbackText, rollbackFromSpec, rollbackMarkdown } from '@pipewright/core/promote';
import { failStage, publishStage } from '@pipewright/github-port';
import { getInputs, type RollbackSettings } from './inputs.ts';

let settings: RollbackSettings | undefined;

async function run(): Promise<void> {
  settings = getInputs();
  const result = await rollbackFromSpec(settings.spec, { env: settings.env, registry: settings.registry, to: settings.to, reason: settings.reason });
  core.setOutput('rolled-back', String(result.rolled_back));
  core.setOutput('champion-before', result.champion_before ?? '');
  core.setOutput('champion-after', result.champion_after ?? '');
  const summary = rollbackMarkdown(result);
  await core.summary.addRaw(summary).write();
  core.info(result.rolled_back ? `${result.alias}: ${result.champion_before} -> ${result.champion_after}` : (result.note ?? 'nothing moved'));
  await publishStage({ stage: 'rollback', conclusion: 'success', title: formatRollbackText(result).split('\n')[0]!, summary });
}

run().catch((error: unknown) => failStage({ stage: 'rollback' }, error, settings && { path: settings.spec, workspace: settings.workspace }));
