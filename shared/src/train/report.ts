// How a run reads: terminal lines and the train job summary (metrics, time, memory).
import { codeBlock, escapeMarkdown, inlineCode, markdownTable } from '../report/index.ts';
import type { RunRecord } from './run-record.ts';

function seconds(value: number): string {
  return value < 10 ? `${value.toFixed(2)} s` : `${value.toFixed(1)} s`;
}

/** One line on how the run went. */
export function describeRun(record: RunRecord): string {
  const took = `${seconds(record.train_seconds)} wall, ${seconds(record.cpu_seconds)} CPU, peak ${record.peak_memory_mb} MB`;
  return record.status === 'succeeded' ? `run ${record.run_id} succeeded in ${took}` : `run ${record.run_id} failed: ${record.error} (${took})`;
}

/** The terminal report: the summary line, then metrics and lineage, or the last log lines. */
export function formatRunText(record: RunRecord, saved: string[]): string {
  const lines = [describeRun(record)];
  if (record.status === 'succeeded') {
    for (const [key, value] of Object.entries(record.metrics)) lines.push(`  ${key}: ${value}`);
    if (record.artifact) lines.push(`  artifact: ${record.artifact.path} ${record.artifact.digest} (${record.artifact.files.length} files)`);
  } else if (record.log_tail.length > 0) {
    lines.push(`last ${record.log_tail.length} lines of output:`, ...record.log_tail.map((l) => `  | ${l}`));
  }
  for (const [name, data] of Object.entries(record.data)) lines.push(`  data ${name}: ${data.path} ${data.fingerprint ?? `(${data.note})`}`);
  lines.push(`  run record: ${saved.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The train job summary. */
export function runMarkdown(record: RunRecord): string {
  const parts = [`### Training ${record.status === 'succeeded' ? 'succeeded' : 'failed'}: ${escapeMarkdown(record.name)} run ${inlineCode(record.run_id)}\n`];
  if (record.error) parts.push(`**${escapeMarkdown(record.error)}**\n`);
  parts.push(
    markdownTable(
      ['wall time', 'CPU time', 'peak memory', 'exit code', 'commit'],
      [[seconds(record.train_seconds), seconds(record.cpu_seconds), `${record.peak_memory_mb} MB`, record.exit_code ?? record.signal ?? '-', `${record.git.commit?.slice(0, 12) ?? '-'}${record.git.dirty ? ' (dirty)' : ''}`]],
    ),
  );
  const metrics = Object.entries(record.metrics);
  if (metrics.length > 0) parts.push(markdownTable(['metric', 'value'], metrics));
  const data = Object.entries(record.data);
  if (data.length > 0) parts.push(markdownTable(['dataset', 'path', 'fingerprint'], data.map(([name, d]) => [name, d.path, d.fingerprint ?? d.note ?? '-'])));
  if (record.artifact) parts.push(`Artifact ${inlineCode(record.artifact.path)}: ${record.artifact.files.length} files, ${inlineCode(record.artifact.digest)}\n`);
  if (record.status !== 'succeeded' && record.log_tail.length > 0) parts.push(`<details><summary>Last ${record.log_tail.length} lines of output</summary>\n\n${codeBlock(record.log_tail.join('\n'))}</details>\n`);
  return parts.join('\n');
}
