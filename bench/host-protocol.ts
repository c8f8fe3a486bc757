/** What bench/server-host.ts (child) and bench/http.ts (parent) exchange over IPC. */

/** `app`: the service as src/node.ts starts it; `bare`: the three baseline servers. One process each. */
export type HostMode = 'app' | 'bare';

/** Where each server listens: `app` in app mode; `bareHono`, `bareRead`, `bareInsert` in bare mode. */
export type HostUrls = Record<string, string>;

export interface HostStats {
  /** RSS once listening, before any load. */
  readyRss: number;
  /**
   * The peak RSS over the whole life of the process: VmHWM from /proc/self/status on Linux.
   * (`process.resourceUsage().maxRSS` is not used: in a forked child it starts at the parent's own
   * peak, which Linux carries over exec, so it reported the bench process's memory.)
   */
  maxRss: number;
  /** Highest process.memoryUsage.rss() sampled every 100 ms. */
  sampledRss: number;
  /** Highest RSS sampled after the last probe (for the app: the job loop sending the mail the bookings queued, and shutdown). */
  tailRss: number;
}

/** Memory since the previous probe (or since start). */
export interface HostProbe {
  rss: number;
  peakRss: number;
  /** Highest V8 heapTotal sampled: how much of the RSS peak is the JS heap growing under garbage. */
  peakHeapTotal: number;
}

export type HostMessage =
  | { type: 'ready'; urls: HostUrls }
  | { type: 'probe'; probe: HostProbe }
  | { type: 'stopped'; stats: HostStats };

/** The file name startNode opens under DATA_DIR. */
export const DATABASE_FILE = 'mediator-booking.sqlite';
