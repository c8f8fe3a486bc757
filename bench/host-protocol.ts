/** What bench/server-host.ts (child) and bench/http.ts (parent) exchange over IPC. */
export interface HostUrls {
  app: string;
  bareHono: string;
  bareRead: string;
  bareInsert: string;
}

export interface HostStats {
  /** RSS once everything listened, before any load. */
  readyRss: number;
  /** process.resourceUsage().maxRSS: the peak over the whole life of the server process. */
  maxRss: number;
  /** Highest process.memoryUsage.rss() sampled every 100 ms. */
  sampledRss: number;
  heapUsed: number;
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
