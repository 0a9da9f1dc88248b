/**
 * Learns a workflow's Markov chain back from API-call records, and compares it with the truth: the ground-
 * truth check seed 001 is about. Calls arrive in file order; a session's calls must be in time order (ours
 * are). Retries (attempt > 1) are not steps of the walk and are skipped. Mergeable like the other analyzers:
 * counts only, so files can be learned separately and merged.
 */
import { chiSquarePValue } from './chi-square';

export interface MarkovChain {
  readonly entry_points: Readonly<Record<string, number>>;
  readonly transitions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface LearnedTransition {
  readonly from: string;
  readonly to: string;
  readonly true: number;
  /** null when the row was never observed */
  readonly learned: number | null;
  readonly abs_error: number | null;
  readonly count: number;
}

export interface RowTest {
  readonly from: string;
  readonly observations: number;
  readonly chi2: number;
  readonly df: number;
  readonly p_value: number;
  /** targets seen in the data that the workflow does not have (the test then rejects: p = 0) */
  readonly unexpected: ReadonlyArray<string>;
}

export interface LearnReport {
  readonly sessions: number;
  readonly calls: number;
  readonly transitions: ReadonlyArray<LearnedTransition>;
  readonly max_abs_error: number;
  readonly rows: ReadonlyArray<RowTest>;
}

export class TransitionLearner {
  /** counts[from][to]; entry counts under the key "" */
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly last = new Map<string, string>();
  calls = 0;

  observe(sessionId: string, endpoint: string, attempt: number): void {
    this.calls++;
    if (attempt > 1) return;
    const from = this.last.get(sessionId) ?? '';
    this.last.set(sessionId, endpoint);
    let row = this.counts.get(from);
    if (row === undefined) this.counts.set(from, (row = new Map()));
    row.set(endpoint, (row.get(endpoint) ?? 0) + 1);
  }

  get sessions(): number {
    return this.last.size;
  }

  /** Learned probabilities: entry_points from first calls, transitions from consecutive calls. */
  learned(): MarkovChain {
    const norm = (row: Map<string, number>): Record<string, number> => {
      const n = [...row.values()].reduce((a, b) => a + b, 0);
      return Object.fromEntries([...row].map(([to, c]) => [to, c / n]));
    };
    const transitions: Record<string, Record<string, number>> = {};
    for (const [from, row] of this.counts) if (from !== '') transitions[from] = norm(row);
    return { entry_points: norm(this.counts.get('') ?? new Map()), transitions };
  }

  /** Each true transition with its learned estimate, and a chi-square test per observed row. */
  compare(truth: MarkovChain): LearnReport {
    const transitions: LearnedTransition[] = [];
    const rows: RowTest[] = [];
    let maxErr = 0;
    const compareRow = (from: string, label: string, trueRow: Readonly<Record<string, number>>): void => {
      const observed = this.counts.get(from) ?? new Map<string, number>();
      const n = [...observed.values()].reduce((a, b) => a + b, 0);
      let chi2 = 0;
      let df = -1;
      for (const [to, p] of Object.entries(trueRow)) {
        const c = observed.get(to) ?? 0;
        const learned = n > 0 ? c / n : null;
        const err = learned === null ? null : Math.abs(learned - p);
        if (err !== null && err > maxErr) maxErr = err;
        transitions.push({ from: label, to, true: p, learned, abs_error: err, count: c });
        if (p > 0) {
          chi2 += (c - n * p) ** 2 / (n * p);
          df++;
        }
      }
      const unexpected = [...observed.keys()].filter((to) => !(to in trueRow) || trueRow[to] === 0);
      if (n > 0) rows.push({ from: label, observations: n, chi2, df: Math.max(0, df), p_value: unexpected.length > 0 ? 0 : chiSquarePValue(chi2, df), unexpected });
    };
    compareRow('', '(entry)', truth.entry_points);
    for (const [from, row] of Object.entries(truth.transitions)) compareRow(from, from, row);
    return { sessions: this.sessions, calls: this.calls, transitions, max_abs_error: maxErr, rows };
  }
}
