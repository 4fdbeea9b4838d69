// Chained pipeline events: `repository_dispatch` types other workflows listen for.
import { failureNotice, PERMISSION } from './notices.ts';
import type { GitHubPort } from './port.ts';
import type { GitHubNotice, RunContext } from './types.ts';

export const NEW_CHAMPION_EVENT = 'new_champion_registered';
export const DRIFT_EVENT = 'drift_detected';

export interface NewChampionPayload {
  model: string;
  version: string;
  digest: string;
  registry: string;
}

export interface DriftDetectedPayload {
  model: string;
  /** The version whose stored profile was the reference. */
  version: string;
  share: number;
  /** Drifted columns, comma-separated (a client_payload has at most 10 top-level keys). */
  columns: string;
  issue: number | null;
  run_url: string | null;
}

export interface DispatchOutcome {
  sent: boolean;
  notices: GitHubNotice[];
}

/** Sends `eventType` with `payload`; a refusal is a notice naming `contents: write`. */
export async function dispatchEvent(port: GitHubPort, context: RunContext, eventType: typeof NEW_CHAMPION_EVENT | typeof DRIFT_EVENT, payload: NewChampionPayload | DriftDetectedPayload): Promise<DispatchOutcome> {
  try {
    await port.dispatch(eventType, { ...payload });
    return { sent: true, notices: [{ level: 'notice', message: `Sent repository_dispatch '${eventType}' for ${payload.model} ${payload.version}.` }] };
  } catch (error) {
    return { sent: false, notices: [failureNotice(error, `The repository_dispatch event '${eventType}'`, PERMISSION.dispatch, context)] };
  }
}
