// Measures a process tree from /proc: CPU time (user+sys) and peak memory (summed
// RSS, and each process's VmHWM) of a command and every descendant it starts.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One /proc/<pid>/stat reading. */
interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks since boot: with pid, a unique identity (pids are reused). */
  start: number;
  /** utime + stime, ticks. */
  own: number;
  /** cutime + cstime: children this process has reaped, ticks. */
  reaped: number;
  rssPages: number;
}

/** What we know about one process of the tree. */
interface Tracked {
  stat: ProcStat;
  /** Peak resident set (VmHWM), bytes. */
  hwm: number;
  /** Index of the last poll that saw it. */
  lastSeen: number;
  /** Index of the first poll that no longer saw it. */
  vanishedAt: number | null;
}

export interface TreeUsage {
  cpuSeconds: number;
  peakMemoryBytes: number;
  /** How many distinct processes were seen. */
  processes: number;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100; // USER_HZ on every Linux architecture Node supports
    }
  }
  return clockTicks;
}

const PAGE_SIZE = 4096;

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(fields[i - 3]);
  return { pid, ppid: n(4), pgid: n(5), own: n(14) + n(15), reaped: n(16) + n(17), start: n(22), rssPages: n(24) };
}

function readHwm(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** True where /proc exists (Linux); elsewhere the tree reads as zero. */
export function canMeasureTree(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

/**
 * CPU seconds of the children this process has reaped (its own cutime + cstime). The
 * kernel adds a child's whole total, descendants it waited for included, when it is
 * reaped: the exact figure the last poll before a child exits cannot see.
 */
export function reapedChildrenSeconds(): number | null {
  const stat = readStat(process.pid);
  return stat ? stat.reaped / ticksPerSecond() : null;
}

/**
 * Polls the tree under `rootPid` (its descendants by parent link, and anything left in
 * its process group after a parent died) every `intervalMs`.
 */
export class ProcessTreeMonitor {
  private readonly tracked = new Map<string, Tracked>();
  private polls = 0;
  private peakRss = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly enabled = canMeasureTree();

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 50,
  ) {}

  start(): void {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.timer.unref();
  }

  /** Pids of the tree's processes alive at the last poll (for killing stragglers). */
  livePids(): number[] {
    return [...this.tracked.values()].filter((t) => t.vanishedAt === null).map((t) => t.stat.pid);
  }

  poll(): void {
    if (!this.enabled) return;
    const index = ++this.polls;
    const stats = new Map<number, ProcStat>();
    for (const pid of listPids()) {
      const stat = readStat(pid);
      if (stat) stats.set(pid, stat);
    }
    const members = new Set<number>();
    const root = stats.get(this.rootPid);
    if (root) members.add(this.rootPid);
    // Descendants by parent link, to a fixed point; plus the root's process group,
    // which keeps orphans that were re-parented to init.
    let grew = true;
    while (grew) {
      grew = false;
      for (const stat of stats.values()) {
        if (members.has(stat.pid)) continue;
        if (members.has(stat.ppid) || stat.pgid === this.rootPid || this.isKnown(stat)) {
          members.add(stat.pid);
          grew = true;
        }
      }
    }
    let rss = 0;
    for (const pid of members) {
      const stat = stats.get(pid)!;
      const key = `${pid}:${stat.start}`;
      const hwm = readHwm(pid);
      const known = this.tracked.get(key);
      if (known) {
        known.stat = stat;
        known.hwm = Math.max(known.hwm, hwm);
        known.lastSeen = index;
      } else {
        this.tracked.set(key, { stat, hwm, lastSeen: index, vanishedAt: null });
      }
      rss += stat.rssPages * PAGE_SIZE;
    }
    for (const t of this.tracked.values()) {
      if (t.vanishedAt === null && t.lastSeen !== index) t.vanishedAt = index;
    }
    this.peakRss = Math.max(this.peakRss, rss);
  }

  private isKnown(stat: ProcStat): boolean {
    return this.tracked.has(`${stat.pid}:${stat.start}`);
  }

  /** Stops polling and returns the totals. */
  stop(): TreeUsage {
    if (this.timer) clearInterval(this.timer);
    const all = [...this.tracked.values()];
    let ticks = 0;
    for (const parent of all) {
      ticks += parent.stat.own;
      // A parent's reaped total holds the full time of children it waited for, including
      // the part after our last look at them and children too short-lived to be seen.
      // Subtract what we already counted for the children it had reaped by then.
      let counted = 0;
      for (const child of all) {
        if (child.stat.ppid !== parent.stat.pid || child.stat.start < parent.stat.start) continue;
        if (child.vanishedAt !== null && child.vanishedAt <= parent.lastSeen) counted += child.stat.own + child.stat.reaped;
      }
      ticks += Math.max(0, parent.stat.reaped - counted);
    }
    const hwm = Math.max(0, ...all.map((t) => t.hwm));
    return { cpuSeconds: ticks / ticksPerSecond(), peakMemoryBytes: Math.max(this.peakRss, hwm), processes: all.length };
  }
}
