/**
 * Numbers as people type them on a command line: `100000`, `1_000_000`, `1e6`, `1.5k`, `10M`, `2G` (k, M, G are
 * 10³, 10⁶, 10⁹, either case). The one parser behind every numeric flag, so that every command accepts the same
 * spellings.
 */
const SCALE: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9 };

/** the value, or undefined when `text` is not a number in one of these spellings */
export const parseHumanNumber = (text: string): number | undefined => {
  const m = /^([+-]?)((?:\d(?:_?\d)*)?(?:\.\d(?:_?\d)*)?)(?:e([+-]?\d+))?([kKmMgG]?)$/.exec(text.trim());
  if (!m || m[2] === '' || m[2] === '.') return undefined;
  const n = Number(`${m[1]}${m[2]!.replace(/_/g, '')}${m[3] === undefined ? '' : `e${m[3]}`}`) * SCALE[m[4]!.toLowerCase()]!;
  if (!Number.isFinite(n)) return undefined;
  // 1.1k is 1100, not 1100.0000000000002
  const whole = Math.round(n);
  return Math.abs(n - whole) < 1e-9 * Math.max(1, Math.abs(n)) ? whole : n;
};
