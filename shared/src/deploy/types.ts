// The contracts between the canary controller, the traffic targets and the analysis:
// plain data and small interfaces, so each part is tested on its own.

/** Where traffic stands: which version is stable, which is the canary, and its share. */
export interface TrafficState {
  stable: string | null;
  canary: string | null;
  /** Percent of requests the canary serves, 0..100. */
  canaryWeight: number;
}

/**
 * What shifts traffic. Every method resolves only once the new state serves (nginx:
 * config tested, reloaded and confirmed), and rejects with a named error leaving the
 * previous state serving when it cannot.
 */
export interface TrafficTarget {
  readonly kind: 'local' | 'nginx' | 'command' | 'kubernetes';
  /** Send `weight` percent (0..100) of requests to the canary. */
  setWeight(weight: number, signal?: AbortSignal): Promise<void>;
  current(signal?: AbortSignal): Promise<TrafficState>;
  /** All traffic to the canary, which becomes stable. */
  promote(signal?: AbortSignal): Promise<void>;
  /** All traffic back to stable. Safe to call again, and after a crash. */
  abort(signal?: AbortSignal): Promise<void>;
  /**
   * Mirror a copy of every request to `collector` (host:port), answers discarded;
   * null stops mirroring. Only targets that can mirror implement it (nginx, local).
   */
  setMirror?(collector: string | null, signal?: AbortSignal): Promise<void>;
  /**
   * True when the target also posts the primary (stable) answer of each mirrored request to
   * the collector (the local proxy does); otherwise the shadow collector replays the request
   * to stable itself (nginx's mirror discards answers).
   */
  readonly mirrorReportsAnswers?: boolean;
  /** Releases what the target holds (the local proxy's socket). */
  close?(): Promise<void>;
  /**
   * What clients saw per variant so far, when the target itself carries the traffic (the
   * local proxy): the `traffic` analysis provider reads it.
   */
  traffic?(): TrafficCounts;
  /** host:port of the stable and canary servers, when the target started them itself. */
  upstreams?(): { stable: string | null; canary: string | null };
}

/** Requests answered per variant and how many of them failed (5xx, or no answer). */
export interface TrafficCounts {
  stable: { requests: number; errors: number };
  /** `since` changes whenever the canary's counts start again (a new canary). */
  canary: { requests: number; errors: number; since: number };
}

/** Argo Rollouts' measurement phases: inconclusive is never a pass. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** One measurement of one metric. */
export interface Measurement {
  metric: string;
  at: Date;
  /** null when the provider returned nothing usable (empty vector, NaN, error). */
  value: number | null;
  verdict: Verdict;
  /** Why: `0.21 > 0.01`, `empty result`, `Prometheus answered 503 …`. */
  detail: string;
  /** For `compare: stable`: the stable variant's value on the same window. */
  stableValue?: number | null;
}

/** What one metric's analysis concluded, after its measurements. */
export interface MetricResult {
  metric: string;
  verdict: Verdict;
  measurements: Measurement[];
  /** The sentence a person reads: `error-rate 0.21 > 0.01 (2 of 4 failed, limit 0)`. */
  reason: string;
}

/** What a provider is given to take one measurement. */
export interface AnalysisContext {
  canaryVersion: string;
  stableVersion: string | null;
  weight: number;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** The traffic target, when it carries the traffic itself and counts it (see TrafficTarget.traffic). */
  traffic?: { traffic(): TrafficCounts };
}

/** One entry in a deploy's timeline (also the JSON shape `pipewright deploy` prints). */
export interface TimelineEntry {
  /** ISO 8601 */
  at: string;
  kind:
    | 'start'
    | 'resume'
    | 'load-test'
    | 'shadow'
    | 'weight'
    | 'pause'
    | 'analysis'
    | 'measurement'
    | 'promoted'
    | 'rollback'
    | 'aborted'
    | 'error';
  weight?: number;
  metric?: string;
  value?: number | null;
  verdict?: Verdict;
  detail?: string;
}

export type DeployOutcome = 'promoted' | 'rolled-back' | 'inconclusive' | 'aborted';
