// The status-bar item's text and tooltip: the champion version and the last run's result.
import type { LastRun } from './run-tree.ts';

export interface StatusInput {
  champion: string | null;
  lastRun: LastRun | null;
  /** A problem reading runs or the registry, shown as a warning sign. */
  problem?: string;
}

const MARK: Record<LastRun['outcome'], string> = {
  passed: '$(pass)',
  failed: '$(error)',
  running: '$(sync~spin)',
  queued: '$(clock)',
  cancelled: '$(circle-slash)',
  skipped: '$(debug-step-over)',
  unknown: '$(question)',
};

export function statusText(input: StatusInput): { text: string; tooltip: string } {
  const parts = [`$(package) ${input.champion ? `champion ${input.champion}` : 'no champion'}`];
  if (input.lastRun) parts.push(`${MARK[input.lastRun.outcome]} last run ${input.lastRun.outcome}`);
  if (input.problem) parts.push('$(warning)');
  const tooltip = [
    input.champion ? `Champion: ${input.champion}` : 'No champion yet',
    input.lastRun ? `Last run (${input.lastRun.where}): ${input.lastRun.label}, ${input.lastRun.outcome}, ${input.lastRun.time}` : 'No runs yet',
    input.problem ?? '',
  ]
    .filter(Boolean)
    .join('\n');
  return { text: parts.join('  '), tooltip };
}
