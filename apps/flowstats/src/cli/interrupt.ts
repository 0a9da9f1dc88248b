/**
 * Signals for the commands that write output (collect, generate, sessions generate, filter, aggregate): the
 * handler is installed first thing in run(), before any work, so SIGINT, SIGTERM and SIGHUP always end the run
 * the documented way — the records completed so far are closed into a valid document and kept as NAME.partial
 * (never under the final name), and the exit code is 128 + the signal number (130, 143, 129). A second
 * signal gives up at once, removing the temporary file.
 */
const CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const SIGNALS = Object.keys(CODES) as NodeJS.Signals[];

export class Interrupt {
  signal: NodeJS.Signals | undefined;
  private readonly listeners: Array<() => void> = [];
  private readonly cleanups: Array<() => void> = [];
  private readonly handler = (signal: NodeJS.Signals): void => {
    if (this.signal) {
      // a second signal: stop now, leaving nothing behind
      for (const c of this.cleanups) c();
      process.exit(CODES[signal] ?? 130);
    }
    this.signal = signal;
    for (const l of this.listeners) l();
  };

  /** installs the handlers for SIGINT, SIGTERM and SIGHUP (until dispose) */
  static install(): Interrupt {
    const i = new Interrupt();
    for (const s of SIGNALS) process.on(s, i.handler);
    return i;
  }

  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  /** `fn` runs on the first signal (at once when one already came) */
  onSignal(fn: () => void): void {
    this.listeners.push(fn);
    if (this.signal) fn();
  }

  /** `fn` runs if a second signal forces the exit (remove temporary files) */
  onForcedExit(fn: () => void): void {
    this.cleanups.push(fn);
  }

  /** 128 + the signal number, or undefined when no signal came */
  exitCode(): number | undefined {
    return this.signal ? CODES[this.signal] : undefined;
  }

  dispose(): void {
    for (const s of SIGNALS) process.removeListener(s, this.handler);
  }
}
