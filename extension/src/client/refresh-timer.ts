// When the views refresh: at once when the window gains focus, then every period while it
// keeps focus; never in the background (a window nobody looks at spends no requests).

export class RefreshTimer {
  private timer: ReturnType<typeof setInterval> | undefined;
  private focused: boolean;
  private seconds: number;

  constructor(
    private readonly refresh: () => void,
    options: { focused: boolean; seconds: number | undefined },
  ) {
    this.focused = options.focused;
    this.seconds = RefreshTimer.period(options.seconds);
    this.schedule();
  }

  /** At least 10 s, whatever the setting says. */
  static period(seconds: number | undefined): number {
    return Math.max(10, Number.isFinite(seconds) ? seconds! : 60);
  }

  setFocused(focused: boolean): void {
    const gained = focused && !this.focused;
    this.focused = focused;
    if (gained) this.refresh();
    this.schedule();
  }

  setSeconds(seconds: number | undefined): void {
    this.seconds = RefreshTimer.period(seconds);
    this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = this.focused ? setInterval(this.refresh, this.seconds * 1000) : undefined;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
