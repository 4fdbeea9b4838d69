// Promotion gates: absolute bounds on a candidate's metrics, and deltas against the
// version an alias points at (the champion). A gate that cannot be evaluated on the
// candidate fails; it never passes silently.
import type { GateSpec } from '@pipewright/schema';
import type { ModelCard } from '../registry/types.ts';

/** One `promote.gates` entry, keys as written in the spec. */
export type Gate = GateSpec;

export interface GateResult {
  metric: string;
  /** The candidate's value; null when it has none (the gate fails). */
  value: number | null;
  champion_value: number | null;
  /** The bound the value was held to (for `vs: champion`, champion + delta); the failing one first. */
  threshold: number | null;
  passed: boolean;
  /** The rule in words: `>= 0.85`, `>= champion + 0 (0.91)`. */
  rule: string;
  note?: string;
}

/** Card fields that gates address by a metric name. */
const CARD_METRICS: Record<string, (card: ModelCard) => number | null | undefined> = {
  'train-seconds': (card) => card.train_seconds,
  'peak-memory-mb': (card) => card.peak_memory_mb,
  'cpu-seconds': (card) => card.cpu_seconds,
};

/** A card's value for a gate's metric name, or null when it has none. */
export function metricValue(card: ModelCard, metric: string): number | null {
  const fromCard = CARD_METRICS[metric];
  const value = fromCard ? fromCard(card) : card.metrics[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `a >= b`, forgiving the float noise of `champion + delta` (0.8 + 0.05 = 0.8500000000000001). */
function atLeast(a: number, b: number): boolean {
  return a >= b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
}

/** A bound as people read it: 6 significant digits. */
function show(n: number): string {
  return String(Number(n.toPrecision(6)));
}

interface Check {
  rule: string;
  threshold: number;
  passed: boolean;
}

/**
 * Evaluates one gate on `candidate` against `champion`, the holder of `gate.vs` (null: none
 * yet). Without `vs`, `champion` is only shown beside the candidate, never compared.
 */
export function evaluateGate(gate: Gate, candidate: ModelCard, champion: ModelCard | null): GateResult {
  const value = metricValue(candidate, gate.metric);
  const championValue = champion ? metricValue(champion, gate.metric) : null;
  const notes: string[] = [];
  const checks: Check[] = [];
  if (value === null) {
    const bound = gate.min ?? gate.max ?? null;
    return {
      metric: gate.metric,
      value: null,
      champion_value: championValue,
      threshold: bound,
      passed: false,
      rule: describeGate(gate),
      note: `candidate ${candidate.version} has no metric '${gate.metric}'`,
    };
  }
  if (gate.min !== undefined) checks.push({ rule: `>= ${gate.min}`, threshold: gate.min, passed: value >= gate.min });
  if (gate.max !== undefined) checks.push({ rule: `<= ${gate.max}`, threshold: gate.max, passed: value <= gate.max });
  if (gate.vs !== undefined) {
    if (!champion) {
      notes.push(`no ${gate.vs} yet: nothing to compare with`);
    } else if (championValue === null) {
      notes.push(`${gate.vs} ${champion.version} has no metric '${gate.metric}': nothing to compare with`);
    } else {
      const maxDelta = gate['max-delta'];
      if (maxDelta !== undefined) {
        const bound = championValue + maxDelta;
        checks.push({ rule: `<= ${gate.vs} + ${maxDelta} (${show(bound)})`, threshold: bound, passed: atLeast(bound, value) });
      }
      if (gate['min-delta'] !== undefined || maxDelta === undefined) {
        const minDelta = gate['min-delta'] ?? 0;
        const bound = championValue + minDelta;
        checks.push({ rule: `>= ${gate.vs} + ${minDelta} (${show(bound)})`, threshold: bound, passed: atLeast(value, bound) });
      }
    }
  }
  const failed = checks.find((c) => !c.passed);
  return {
    metric: gate.metric,
    value,
    champion_value: championValue,
    threshold: (failed ?? checks[0])?.threshold ?? null,
    passed: failed === undefined,
    rule: checks.length > 0 ? checks.map((c) => c.rule).join(' and ') : describeGate(gate),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

/** A gate's rule in words, without values. */
export function describeGate(gate: Gate): string {
  const parts: string[] = [];
  if (gate.min !== undefined) parts.push(`>= ${gate.min}`);
  if (gate.max !== undefined) parts.push(`<= ${gate.max}`);
  if (gate.vs !== undefined) {
    if (gate['max-delta'] !== undefined) parts.push(`<= ${gate.vs} + ${gate['max-delta']}`);
    if (gate['min-delta'] !== undefined || gate['max-delta'] === undefined) parts.push(`>= ${gate.vs} + ${gate['min-delta'] ?? 0}`);
  }
  return parts.join(' and ') || 'no bound';
}

/**
 * Evaluates every gate; `holders` maps each alias named by a `vs` to its version's card
 * (or null). Gates without `vs` show the value of `alias`'s holder, for comparison only.
 */
export function evaluateGates(gates: Gate[], candidate: ModelCard, holders: Record<string, ModelCard | null>, alias = 'champion'): GateResult[] {
  return gates.map((gate) => evaluateGate(gate, candidate, holders[gate.vs ?? alias] ?? null));
}
