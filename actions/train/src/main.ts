// The train action: one tracked training run, its record as outputs and a job summary.
import * as core from '@actions/core';
import { runMarkdown, trainFromSpec } from '@pipewright/core/train';
import { getInputs } from './inputs.ts';

async function run(): Promise<void> {
  try {
    const settings = getInputs();
    const { record, saved } = await trainFromSpec(settings.spec, {
      env: settings.env,
      out: settings.out ? [settings.out] : [],
      onOutput: (stream, chunk) => process[stream].write(chunk),
    });
    core.setOutput('run-id', record.run_id);
    core.setOutput('status', record.status);
    core.setOutput('record', saved[0]);
    core.setOutput('metrics', JSON.stringify(record.metrics));
    core.setOutput('train-seconds', String(record.train_seconds));
    core.setOutput('cpu-seconds', String(record.cpu_seconds));
    core.setOutput('peak-memory-mb', String(record.peak_memory_mb));
    core.setOutput('artifact-digest', record.artifact?.digest ?? '');
    await core.summary.addRaw(runMarkdown(record)).write();
    if (record.status !== 'succeeded') {
      const tail = record.log_tail.slice(-10).join('\n');
      core.setFailed(`training ${record.error}${tail ? `\nlast lines of output:\n${tail}` : ''}`);
    }
  } catch (error) {
    core.setFailed((error as Error).message);
  }
}

void run();
