// The rollback action: the previous champion back, and what moved in the job summary.
import * as core from '@actions/core';
import { rollbackFromSpec, rollbackMarkdown } from '@pipewright/core/promote';
import { getInputs } from './inputs.ts';

async function run(): Promise<void> {
  try {
    const settings = getInputs();
    const result = await rollbackFromSpec(settings.spec, { env: settings.env, registry: settings.registry, to: settings.to, reason: settings.reason });
    core.setOutput('rolled-back', String(result.rolled_back));
    core.setOutput('champion-before', result.champion_before ?? '');
    core.setOutput('champion-after', result.champion_after ?? '');
    await core.summary.addRaw(rollbackMarkdown(result)).write();
    core.info(result.rolled_back ? `${result.alias}: ${result.champion_before} -> ${result.champion_after}` : (result.note ?? 'nothing moved'));
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}

void run();
