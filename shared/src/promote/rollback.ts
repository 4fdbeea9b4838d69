// The kill switch: point the alias back at the previous champion (or a named version),
// recorded in the history with actor and reason.
import type { AliasMove, ModelRegistry } from '../registry/types.ts';
import { validateAlias } from '../registry/aliases.ts';
import { NothingToRollBackError } from './errors.ts';

/** Reasons of rollback moves start with this, so the history tells them from promotions. */
export const ROLLBACK_REASON_PREFIX = 'rollback';

/**
 * The deploy step's seam: switches serving traffic back to `version`. Rollback moves
 * the alias first; a deploy target that serves the alias implements this.
 */
export interface TrafficRollback {
  rollback(version: string, signal?: AbortSignal): Promise<string>;
}

export interface RollbackOptions {
  alias: string;
  /** Roll back to this version; default: the champion before the current one. */
  to?: string;
  reason?: string;
  actor: string;
  traffic?: TrafficRollback;
}

export interface RollbackResult {
  alias: string;
  rolled_back: boolean;
  champion_before: string | null;
  champion_after: string | null;
  move: AliasMove | null;
  /** What happened to traffic: `not configured` until a deploy target is given. */
  traffic: string;
  note?: string;
}

export function isRollbackMove(move: AliasMove): boolean {
  return move.reason === ROLLBACK_REASON_PREFIX || move.reason.startsWith(`${ROLLBACK_REASON_PREFIX}:`);
}

/**
 * The champions in order, replaying the history as a stack: a promotion pushes its
 * version, a rollback pops back to its target. Rolling back twice therefore goes two
 * champions back instead of bouncing between the last two.
 */
export function championStack(history: AliasMove[]): string[] {
  const stack: string[] = [];
  for (const move of history) {
    const at = stack.lastIndexOf(move.to);
    if (isRollbackMove(move) && at >= 0) stack.length = at + 1;
    else if (stack[stack.length - 1] !== move.to) stack.push(move.to);
  }
  return stack;
}

/** The champion before the current one, following the history; null when there is none. */
export function previousChampion(history: AliasMove[], current: string | null): string | null {
  const stack = championStack(history);
  if (current !== null && stack[stack.length - 1] !== current) {
    // The alias was moved outside the history we read (e.g. by hand): its top is the current.
    stack.push(current);
  }
  return stack.length >= 2 ? stack[stack.length - 2]! : null;
}

export async function rollbackAlias(registry: ModelRegistry, options: RollbackOptions): Promise<RollbackResult> {
  const alias = options.alias;
  validateAlias(alias);
  const current = await registry.resolveAlias(alias);
  let target: string;
  if (options.to !== undefined) {
    target = (await registry.show(options.to)).card.version;
  } else {
    const history = (await registry.history(alias)).filter((m) => m.alias === alias);
    const last = history[history.length - 1];
    // A retried kill switch must not walk further back: after a rollback, a plain
    // rollback is a no-op; going further back takes an explicit --to.
    if (last && isRollbackMove(last) && last.to === current) {
      return {
        alias,
        rolled_back: false,
        champion_before: current,
        champion_after: current,
        move: null,
        traffic: 'unchanged',
        note: `${alias} was already rolled back from ${last.from ?? 'nothing'} to ${current} at ${last.time} by ${last.actor}: nothing to do (pass --to VERSION to go further back)`,
      };
    }
    const previous = previousChampion(history, current);
    if (previous === null) {
      throw new NothingToRollBackError(
        current === null
          ? `'${alias}' points at no version: there is nothing to roll back`
          : `'${alias}' has no champion before ${current} in its history: pass --to VERSION to choose one`,
      );
    }
    target = (await registry.show(previous)).card.version;
  }
  if (target === current) {
    return { alias, rolled_back: false, champion_before: current, champion_after: current, move: null, traffic: 'unchanged', note: `${alias} is already ${target}: nothing to roll back` };
  }
  const reason = options.reason ? `${ROLLBACK_REASON_PREFIX}: ${options.reason}` : ROLLBACK_REASON_PREFIX;
  const move = await registry.moveAlias(alias, target, { actor: options.actor, reason });
  const traffic = options.traffic ? await options.traffic.rollback(target) : 'not configured (no deploy target given)';
  return { alias, rolled_back: true, champion_before: current, champion_after: move.to, move, traffic };
}
