/**
 * Progress on stderr for long runs: percent, simulated time reached, ETA, flows/s and the simulated bandwidth
 * written so far. Styles: bar (redrawn in place), simple (a line every few seconds, for logs), spinner.
 * Updated from the main thread only, from what has been written (never from worker state).
 */
export type ProgressStyle = 'bar' | 'simple' | 'spinner' | 'none';
export const PROGRESS_STYLES: ReadonlyArray<ProgressStyle> = ['bar', 'simple', 'spinner', 'none'];

export interface ProgressState {
  /** 0…1, or NaN when the total is unknown */
  fraction: number;
  records: number;
  flowBytes: number;
  /** simulated time reached and at the start, in ms since the epoch (for display) */
  simMs: number;
  simStartMs: number;
  /** what records are called (default "flows"); a unit other than flows hides simulated time and Gbps */
  unit?: string;
  /** shown after the rate, e.g. "120 of 1,000 users" */
  extra?: string;
  /** false when the records are read rather than simulated: no simulated time or bandwidth */
  simulated?: boolean;
}

const SPIN = ['|', '/', '-', '\\'];

const duration = (s: number): string => {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
};

export class ProgressReporter {
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private lastSimple = 0;
  private lastRender = 0;
  private drawn = false;
  private sampledAt = 0;
  private sampledFraction = 0;
  private fractionPerS = NaN;

  constructor(private readonly style: ProgressStyle, private readonly state: ProgressState, private readonly out: NodeJS.WriteStream = process.stderr) {}

  start(): void {
    if (this.style === 'none') return;
    this.timer = setInterval(() => this.render(false), this.style === 'simple' ? 1000 : 200);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.style !== 'none') this.render(true);
  }

  line(): string {
    const s = this.state;
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const rate = elapsed > 0 ? s.records / elapsed : 0;
    const simSpan = (s.simMs - s.simStartMs) / 1000;
    const gbps = simSpan > 0 ? (s.flowBytes * 8) / simSpan / 1e9 : 0;
    const pct = Number.isNaN(s.fraction) ? '' : `${(s.fraction * 100).toFixed(1)}%`;
    const eta = Number.isNaN(s.fraction) || s.fraction <= 0 ? '?' : this.eta(elapsed, s.fraction);
    const unit = s.unit ?? 'flows';
    const sim = new Date(s.simMs).toISOString().replace('T', ' ').slice(0, 19);
    const stats = unit === 'flows' && s.simulated !== false
      ? `Time: ${sim} | ETA: ${eta} | ${Math.round(rate).toLocaleString('en-US')} flows/s | ${gbps.toFixed(2)} Gbps`
      : `ETA: ${eta} | ${Math.round(rate).toLocaleString('en-US')} ${unit}/s${s.extra ? ` | ${s.extra}` : ''}`;
    if (this.style === 'bar') {
      const width = 30;
      const filled = Number.isNaN(s.fraction) ? 0 : Math.round(s.fraction * width);
      return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}] ${pct.padStart(6)} | ${stats}`;
    }
    if (this.style === 'spinner') return `${SPIN[this.ticks % SPIN.length]} ${s.records.toLocaleString('en-US')} ${unit} ${pct} | ${stats}`;
    return `${pct || `${s.records} ${unit}`} | ${s.records.toLocaleString('en-US')} ${unit} | ${stats}`;
  }

  /**
   * time left from a smoothed rate of progress (EWMA over ~5 s of samples), so worker start-up and the first
   * chunks' burst do not give wild early values; no estimate in the first second
   */
  private eta(elapsed: number, fraction: number): string {
    const dt = elapsed - this.sampledAt;
    if (dt >= 0.25) {
      const rate = (fraction - this.sampledFraction) / dt;
      this.fractionPerS = Number.isNaN(this.fractionPerS) ? rate : this.fractionPerS + (1 - Math.exp(-dt / 5)) * (rate - this.fractionPerS);
      this.sampledAt = elapsed;
      this.sampledFraction = fraction;
    }
    if (fraction >= 1) return duration(0);
    return elapsed < 1 || !(this.fractionPerS > 0) ? '?' : duration((1 - fraction) / this.fractionPerS);
  }

  /** renders if a redraw is due: for synchronous loops, during which the timer cannot fire */
  poll(): void {
    if (this.style !== 'none' && Date.now() - this.lastRender >= 200) this.render(false);
  }

  private render(final: boolean): void {
    this.ticks++;
    this.lastRender = Date.now();
    if (this.style === 'simple') {
      if (!final && Date.now() - this.lastSimple < 2000) return;
      this.lastSimple = Date.now();
      this.out.write(`${this.line()}\n`);
      return;
    }
    this.out.write(`\r${this.line()}\x1b[K${final ? '\n' : ''}`);
    this.drawn = true;
  }

  get active(): boolean {
    return this.drawn;
  }
}
