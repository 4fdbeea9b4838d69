// The refresh schedule: at once on focus, every period while focused, never in the background.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshTimer } from '../../../extension/src/client/refresh-timer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RefreshTimer', () => {
  it('refreshes every period while the window has focus, and not while it has not', () => {
    const refresh = vi.fn();
    const timer = new RefreshTimer(refresh, { focused: true, seconds: 30 });
    vi.advanceTimersByTime(95_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    timer.setFocused(false);
    vi.advanceTimersByTime(600_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    timer.dispose();
  });

  it('refreshes at once when focus comes back, then on the period from there', () => {
    const refresh = vi.fn();
    const timer = new RefreshTimer(refresh, { focused: false, seconds: 60 });
    vi.advanceTimersByTime(300_000);
    expect(refresh).not.toHaveBeenCalled();
    timer.setFocused(true);
    expect(refresh).toHaveBeenCalledTimes(1);
    // Focus again while focused (another window event): no extra refresh.
    timer.setFocused(true);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(59_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    timer.dispose();
    vi.advanceTimersByTime(600_000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('takes a new period from the settings, never below 10 s', () => {
    const refresh = vi.fn();
    const timer = new RefreshTimer(refresh, { focused: true, seconds: 1 });
    vi.advanceTimersByTime(10_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    timer.setSeconds(120);
    vi.advanceTimersByTime(119_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect([undefined, Number.NaN, 5, 300].map(RefreshTimer.period)).toEqual([60, 60, 10, 300]);
    timer.dispose();
  });
});
