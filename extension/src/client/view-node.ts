// The plain shape every tree view node is built as; the vscode side only maps it to a TreeItem.

export interface ViewNode {
  /** Stable across refreshes, so VS Code keeps what is expanded and selected. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id and its theme colour, e.g. `pass` / `testing.iconPassed`. */
  icon?: { id: string; color?: string };
  /** Menus and inline actions match on it (`modelVersion.champion`, `github.run`). */
  contextValue?: string;
  children?: ViewNode[];
  expanded?: boolean;
  /** A page on GitHub the node stands for (opened by `pipewright.runs.open`). */
  url?: string;
  /** Runs on click. */
  command?: { id: string; title: string; args: unknown[] };
}

export type Outcome = 'passed' | 'failed' | 'running' | 'queued' | 'cancelled' | 'skipped' | 'unknown';

/** GitHub's status + conclusion, or a run record's status, as one outcome. */
export function outcomeOf(status: string, conclusion: string | null = null): Outcome {
  if (status === 'succeeded') return 'passed';
  if (status === 'failed' || status === 'timed-out') return 'failed';
  if (status === 'queued' || status === 'waiting' || status === 'pending' || status === 'requested') return 'queued';
  if (status === 'in_progress') return 'running';
  if (status !== 'completed') return 'unknown';
  switch (conclusion) {
    case 'success':
      return 'passed';
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
    case 'action_required':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'skipped':
    case 'neutral':
    case 'stale':
      return 'skipped';
    default:
      return 'unknown';
  }
}

const ICONS: Record<Outcome, { id: string; color?: string }> = {
  passed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  queued: { id: 'clock', color: 'charts.yellow' },
  cancelled: { id: 'circle-slash' },
  skipped: { id: 'debug-step-over' },
  unknown: { id: 'question' },
};

export function outcomeIcon(outcome: Outcome): { id: string; color?: string } {
  return ICONS[outcome];
}

/** `4 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

/** A metric as people read it: up to 4 significant digits. */
export function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}
