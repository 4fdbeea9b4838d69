// The controller's state file under `.pipewright/deploy/`: rewritten atomically (temp file +
// rename) after every transition, so a controller started again after a kill knows where
// traffic stands and what to finish.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../registry/fsio.ts';
import { DeployStateError } from './errors.ts';
import type { DeployOutcome, TimelineEntry } from './types.ts';

/**
 * `running`: steps in progress; `promoting` / `rolling-back`: traffic and registry being
 * finished (a restart finishes them again: both are safe to repeat); `done`: `outcome` holds.
 */
export type DeployPhase = 'running' | 'promoting' | 'rolling-back' | 'done';

export interface DeployState {
  format: 1;
  name: string;
  version: string;
  stable_before: string | null;
  phase: DeployPhase;
  outcome: DeployOutcome | null;
  reason: string | null;
  /** Index into `deploy.canary.steps` of the step in progress (steps.length once past the last). */
  step: number;
  step_started_at: string | null;
  /** The load test and shadow passed (absent in older states: treated as not yet). */
  checks_passed?: boolean;
  /** The canary weight last confirmed serving. */
  weight: number;
  /** When the first failed (or inconclusive) measurement that decided the outcome was taken. */
  first_failure_at: string | null;
  rollback: { at: string; seconds_after_first_failure: number | null } | null;
  /** The process running it: a live other pid means another controller holds this deploy. */
  pid: number;
  started_at: string;
  updated_at: string;
  timeline: TimelineEntry[];
}

/** The state of a canary about to start. */
export function newState(name: string, version: string, stable: string | null): DeployState {
  const now = new Date().toISOString();
  return {
    format: 1,
    name,
    version,
    stable_before: stable,
    phase: 'running',
    outcome: null,
    reason: null,
    step: 0,
    step_started_at: null,
    checks_passed: false,
    weight: 0,
    first_failure_at: null,
    rollback: null,
    pid: process.pid,
    started_at: now,
    updated_at: now,
    timeline: [],
  };
}

/** `<workspace>/.pipewright/deploy/<name>.json` */
export function statePath(workspace: string, name: string): string {
  return join(workspace, '.pipewright', 'deploy', `${name}.json`);
}

export async function readState(path: string): Promise<DeployState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DeployStateError(`cannot read the deploy state '${path}': ${(error as Error).message}`, error);
  }
  try {
    const state = JSON.parse(text) as DeployState;
    if (state.format !== 1 || typeof state.version !== 'string' || !Array.isArray(state.timeline)) throw new Error('not a deploy state (format 1)');
    return state;
  } catch (error) {
    throw new DeployStateError(`the deploy state '${path}' is damaged: ${(error as Error).message}; expected the JSON Pipewright writes (delete it only once traffic is known to be on stable)`, error);
  }
}

/** Serialises writes: each save sees the state as it is when it runs, and they land in order. */
export class StateStore {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    readonly state: DeployState,
  ) {}

  save(): Promise<void> {
    const next = this.chain.then(async () => {
      this.state.updated_at = new Date().toISOString();
      try {
        await writeFileAtomic(this.path, Buffer.from(`${JSON.stringify(this.state, null, 2)}\n`));
      } catch (error) {
        throw new DeployStateError(`cannot write the deploy state '${this.path}': ${(error as Error).message}`, error);
      }
    });
    this.chain = next.catch(() => {});
    return next;
  }
}

/** True when `pid` names a live process other than this one. */
export function isOtherLiveProcess(pid: number): boolean {
  if (pid === process.pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed controller not yet reaped is a zombie: signal 0 reaches it, but it runs nothing.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
