// The promote action: gates vs the champion, the alias moved only when all pass; the
// `promote` check run and PR report section, and `new_champion_registered` on promotion.
import * as core from '@actions/core';
import { promotionReportMarkdown } from '@pipewright/core/github';
import { formatPromotionText, promoteFromSpec } from '@pipewright/core/promote';
import { dispatchNewChampion, failStage, publishStage } from '@pipewright/github-port';
import { getInputs, type PromoteSettings } from './inputs.ts';

let settings: PromoteSettings | undefined;

async function run(): Promise<void> {
  settings = getInputs();
  const { result, versions, gates, registry } = await promoteFromSpec(settings.spec, { env: settings.env, registry: settings.registry, version: settings.version, reason: settings.reason, withVersions: true });
  core.setOutput('promoted', String(result.promoted));
  core.setOutput('version', result.version);
  core.setOutput('champion-before', result.champion_before ?? '');
  core.setOutput('champion-after', result.champion_after ?? '');
  core.setOutput('gates', JSON.stringify(result.gates.map(({ metric, value, champion_value, threshold, passed }) => ({ metric, value, champion_value, threshold, passed }))));
  const summary = promotionReportMarkdown(result, versions, gates);
  await core.summary.addRaw(summary).write();
  const accepted = result.champion_after === result.version;
  const title = formatPromotionText(result).trimEnd().split('\n').at(-1)!;
  await publishStage({ stage: 'promote', conclusion: accepted ? 'success' : settings.failOnRefusal ? 'failure' : 'neutral', title, summary });
  const candidate = versions.find((v) => v.card.version === result.version);
  if (result.promoted && candidate) await dispatchNewChampion({ model: candidate.card.name, version: candidate.card.version, digest: candidate.digest, registry });
  if (accepted) core.info(result.promoted ? `${result.alias}: ${result.champion_before ?? '(none)'} -> ${result.version}` : (result.note ?? ''));
  else if (settings.failOnRefusal) core.setFailed(`${result.version} not promoted: ${result.note ?? 'refused'}`);
  else core.warning(`${result.version} not promoted: ${result.note ?? 'refused'}`);
}

run().catch((error: unknown) => failStage({ stage: 'promote' }, error, settings && { path: settings.spec, workspace: settings.workspace }));
