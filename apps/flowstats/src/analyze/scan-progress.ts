/**
 * Progress of a read over several files or byte ranges (analyze, aggregate, filter): the share of input
 * bytes done, flows read and their rate, on stderr in any ProgressReporter style.
 */
import { ProgressReporter, type ProgressState, type ProgressStyle } from '../collect/progress-reporter';

const mib = (n: number) => (n / 1048576).toLocaleString('en-US', { maximumFractionDigits: 0 });

export class ScanProgress {
  private readonly bytes: Float64Array;
  private readonly flows: Float64Array;
  private readonly total: number;
  private readonly state: ProgressState = { fraction: 0, records: 0, flowBytes: 0, simMs: 0, simStartMs: 0, simulated: false };
  private readonly reporter: ProgressReporter;

  /** `sizes`: bytes of each part (file or range) */
  constructor(private readonly style: ProgressStyle, private readonly sizes: ReadonlyArray<number>) {
    this.bytes = new Float64Array(sizes.length);
    this.flows = new Float64Array(sizes.length);
    this.total = sizes.reduce((a, x) => a + x, 0);
    this.reporter = new ProgressReporter(style, this.state);
  }

  start(): void {
    this.reporter.start();
  }

  /** part i has reached `bytes` (clamped to its size) with `flows` read; redraws when due */
  update(i: number, bytes: number, flows: number): void {
    if (this.style === 'none') return; // called per batch: formatting numbers nobody sees costs ~1 % of a scan
    this.bytes[i] = Math.min(bytes, this.sizes[i]!);
    this.flows[i] = flows;
    const done = this.bytes.reduce((a, x) => a + x, 0);
    this.state.fraction = this.total > 0 ? done / this.total : NaN;
    this.state.records = this.flows.reduce((a, x) => a + x, 0);
    this.state.extra = `${mib(done)} of ${mib(this.total)} MiB`;
    this.reporter.poll();
  }

  stop(): void {
    this.reporter.stop();
  }
}
