// The train action: one tracked training run, its record as outputs, a job summary with
// this run against the champion's gates (read-only), and the `train` check run and PR
// report section.
import * as core from '@actions/core';
import { promotionPreviewMarkdown } from '@pipewright/core/github';
import { previewPromotion } from '@pipewright/core/promote';
import { cardFromRunRecord, describeRun, type RunRecord, runMarkdown, trainFromSpec } from '@pipewright/core/train';
import { failStage, publishStage } from '@pipewright/github-port';
import { getInputs, type TrainSettings } from './inputs.ts';

let settings: TrainSettings | undefined;

/** The gates against the champion, or nothing (with a notice) when the registry cannot say. */
async function againstChampion(s: TrainSettings, record: RunRecord): Promise<string> {
  if (!s.compare || record.status !== 'succeeded') return '';
  try {
    const preview = await previewPromotion(s.spec, cardFromRunRecord(record), { env: s.registryEnv });
    return preview ? `\n${promotionPreviewMarkdown(preview)}` : '';
  } catch (error) {
    core.notice(`No comparison with the champion: ${(error as Error).message}`);
    return '';
  }
}

async function run(): Promise<void> {
  settings = getInputs();
  const { record, saved } = await trainFromSpec(settings.spec, { env: settings.env, out: settings.out ? [settings.out] : [], onOutput: (stream, chunk) => process[stream].write(chunk) });
  core.setOutput('run-id', record.run_id);
  core.setOutput('status', record.status);
  core.setOutput('record', saved[0]);
  core.setOutput('metrics', JSON.stringify(record.metrics));
  core.setOutput('train-seconds', String(record.train_seconds));
  core.setOutput('cpu-seconds', String(record.cpu_seconds));
  core.setOutput('peak-memory-mb', String(record.peak_memory_mb));
  core.setOutput('artifact-digest', record.artifact?.digest ?? '');
  const summary = runMarkdown(record) + (await againstChampion(settings, record));
  await core.summary.addRaw(summary).write();
  const succeeded = record.status === 'succeeded';
  await publishStage({ stage: 'train', conclusion: succeeded ? 'success' : 'failure', title: describeRun(record), summary });
  if (!succeeded) {
    const tail = record.log_tail.slice(-10).join('\n');
    core.setFailed(`training ${record.error}${tail ? `\nlast lines of output:\n${tail}` : ''}`);
  }
}

run().catch((error: unknown) => failStage({ stage: 'train' }, error, settings && { path: settings.spec, workspace: settings.workspace }));
