// What the HTML report shows: plain data gathered from the registry, the spec and the
// data, so the page is rendered (and tested) without touching any of them.
import type { DriftReport } from '../../drift/types.ts';
import type { ValidationReport } from '../../data/types.ts';

export interface ReportGate {
  metric: string;
  value: number | null;
  passed: boolean;
  rule: string;
}

/** What `pipewright deploy --format json` prints; the report reads only these fields. */
export interface CanaryRecord {
  version: string;
  stable_before: string | null;
  outcome: string;
  reason: string | null;
  timeline: Array<{ at: string; kind: string; weight?: number; metric?: string; value?: number | null; verdict?: string; detail?: string }>;
  rollback?: { at: string; seconds_after_first_failure: number | null } | null;
}

export interface ReportVersion {
  version: string;
  created: string;
  metrics: Record<string, number>;
  aliases: string[];
  commit: string | null;
  data: Array<{ name: string; path: string; fingerprint: string }>;
  /** The promotion attempt recorded with the version; null when it was never promoted. */
  promotion: { promoted: boolean; alias: string; gates: ReportGate[]; note?: string } | null;
  validation: ValidationReport[] | null;
  canaries: CanaryRecord[];
}

export interface ReportDrift {
  /** The model version whose training data is the reference. */
  referenceVersion: string | null;
  report: DriftReport;
  distributions: Array<{ column: string; keys: string[]; reference: number[]; current: number[] }>;
}

export interface ReportData {
  model: string;
  generated: string;
  registry: string;
  /** Aliases and the version each names (champion, production). */
  aliases: Record<string, string | null>;
  /** Oldest first. */
  versions: ReportVersion[];
  history: Array<{ time: string; alias: string; from: string | null; to: string; actor: string; reason: string }>;
  /** The metrics the spec's gates name, charted across versions. */
  gatedMetrics: string[];
  drift: ReportDrift | null;
  /** Why there is no drift section, when the spec asks for one. */
  driftNote: string | null;
}
