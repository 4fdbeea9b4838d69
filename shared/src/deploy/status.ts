// `deploy status`: the last canary's state file beside what the target says now.
import { PipewrightError } from '../errors.ts';
import { type DeployState, readState } from './state.ts';
import type { TrafficTarget } from './types.ts';

/** What traffic looks like from the state file and the target, for `deploy status`. */
export interface DeployStatus {
  state: DeployState | null;
  traffic: { stable: string | null; canary: string | null; canaryWeight: number } | null;
  /** Why `traffic` is null (the target could not be asked). */
  trafficError?: string;
}

export async function deployStatus(path: string, target: TrafficTarget | null): Promise<DeployStatus> {
  const state = await readState(path);
  if (!target) return { state, traffic: null };
  try {
    return { state, traffic: await target.current() };
  } catch (error) {
    // The target could not answer (nginx file unreadable, kubectl failing): say so, keep the state.
    if (error instanceof PipewrightError) return { state, traffic: null, trafficError: error.message };
    throw error;
  }
}
