// Which champion a rollback returns to, replaying the alias history.
import { describe, expect, it } from 'vitest';
import { championStack, previousChampion } from '../../../shared/src/promote/rollback.ts';
import type { AliasMove } from '../../../shared/src/registry/types.ts';

let clock = 0;
function move(from: string | null, to: string, reason = 'promote: 4 gates passed'): AliasMove {
  return { time: new Date(Date.UTC(2026, 10, 26, 0, 0, clock++)).toISOString(), alias: 'champion', from, to, actor: 'octocat', reason };
}

describe('previousChampion', () => {
  it('is the champion before the current one', () => {
    const history = [move(null, 'v1'), move('v1', 'v2'), move('v2', 'v3')];
    expect(previousChampion(history, 'v3')).toBe('v2');
  });

  it('walks back past rolled-back versions instead of bouncing between the last two', () => {
    const history = [move(null, 'v1'), move('v1', 'v2'), move('v2', 'v3'), move('v3', 'v2', 'rollback: canary failed')];
    expect(championStack(history)).toEqual(['v1', 'v2']);
    expect(previousChampion(history, 'v2')).toBe('v1');
  });

  it('never returns to a version that was rolled back, after a new promotion', () => {
    const history = [move(null, 'v1'), move('v1', 'v2'), move('v2', 'v1', 'rollback'), move('v1', 'v3')];
    expect(previousChampion(history, 'v3')).toBe('v1');
  });

  it('has nothing before the first champion', () => {
    expect(previousChampion([move(null, 'v1')], 'v1')).toBeNull();
    expect(previousChampion([], null)).toBeNull();
  });

  it('treats an alias moved outside the history as the current champion', () => {
    expect(previousChampion([move(null, 'v1'), move('v1', 'v2')], 'v5')).toBe('v2');
  });
});
