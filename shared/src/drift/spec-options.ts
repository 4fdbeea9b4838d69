// From the spec's `drift` section to comparison options, and from a report to what
// happens next (`on-drift`): the exit code and the action a workflow acts on.
import type { PipelineSpec } from '@pipewright/schema';
import type { DriftOptions, DriftReport } from './types.ts';

type DriftSpec = NonNullable<PipelineSpec['drift']>;
export type DriftAction = NonNullable<DriftSpec['on-drift']>;

export function driftOptionsFromSpec(drift: DriftSpec): DriftOptions {
  const options: DriftOptions = {};
  if (drift.method !== undefined) options.method = drift.method;
  if (drift.share !== undefined) options.share = drift.share;
  if (drift.threshold !== undefined) options.threshold = drift.threshold;
  if (drift.columns !== undefined) options.only = drift.columns;
  return options;
}

/**
 * What drift triggers: `retrain` (default) and `fail` exit 1 so that a workflow can
 * react (the retrain trigger is the exit code plus `action: "retrain"`); `alert` only
 * reports and exits 0. No drift: no action, exit 0.
 */
export function driftOutcome(report: DriftReport, onDrift: DriftAction = 'retrain'): { action: DriftAction | null; exitCode: 0 | 1 } {
  if (!report.drifted) return { action: null, exitCode: 0 };
  return { action: onDrift, exitCode: onDrift === 'alert' ? 0 : 1 };
}
