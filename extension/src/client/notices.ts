// At most one notification per distinct problem: the views and the status bar always show
// the current state; a pop-up only for a problem not yet reported in this session.

export class NoticeBoard {
  private readonly shown = new Set<string>();

  /** True the first time `key` is seen: the caller shows a notification then, never again. */
  shouldNotify(key: string): boolean {
    if (this.shown.has(key)) return false;
    this.shown.add(key);
    return true;
  }
}
