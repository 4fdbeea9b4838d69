// The promote action: gates vs the champion, the alias moved only when all pass.
import * as core from '@actions/core';
import { promoteFromSpec, promotionMarkdown } from '@pipewright/core/promote';
import { getInputs } from './inputs.ts';

async function run(): Promise<void> {
  try {
    const settings = getInputs();
    const { result, versions, gates } = await promoteFromSpec(settings.spec, {
      env: settings.env,
      registry: settings.registry,
      version: settings.version,
      reason: settings.reason,
      withVersions: true,
    });
    core.setOutput('promoted', String(result.promoted));
    core.setOutput('version', result.version);
    core.setOutput('champion-before', result.champion_before ?? '');
    core.setOutput('champion-after', result.champion_after ?? '');
    core.setOutput('gates', JSON.stringify(result.gates.map(({ metric, value, champion_value, threshold, passed }) => ({ metric, value, champion_value, threshold, passed }))));
    await core.summary.addRaw(promotionMarkdown(result, versions, gates)).write();
    if (result.champion_after === result.version) core.info(result.promoted ? `${result.alias}: ${result.champion_before ?? '(none)'} -> ${result.version}` : (result.note ?? ''));
    else if (settings.failOnRefusal) core.setFailed(`${result.version} not promoted: ${result.note ?? 'refused'}`);
    else core.warning(`${result.version} not promoted: ${result.note ?? 'refused'}`);
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}

void run();
