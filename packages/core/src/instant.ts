/**
 * An instant of the event engine's clock: whole microseconds since the Unix epoch (the resolution of the
 * event generator's Python datetimes), exact as a double until the year 2255. Templates see it as a Python
 * datetime would look: `strftime(fmt)`, `timestamp()`, `isoformat()`, `year` … and `{{ t }}` prints
 * `2024-01-01 00:00:01.500000+00:00`. JSON and CSV print ISO-8601 UTC with microseconds (`…T00:00:01.500000Z`).
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const TWO = Array.from({ length: 100 }, (_, i) => p2(i));
const p6 = (n: number): string => {
  const a = Math.floor(n / 10000);
  const b = Math.floor(n / 100) - a * 100;
  return TWO[a]! + TWO[b]! + TWO[n - a * 10000 - b * 100]!;
};

/** "YYYY-MM-DD" of a day number since the epoch (Hinnant's civil_from_days; no Date object) */
const civil = (days: number): string => {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${TWO[m]}-${TWO[d]}`;
};

let cachedDay = NaN;
let cachedDate = '';
/** `YYYY-MM-DDTHH:MM:SS` of whole seconds since the epoch; the date part is cached (records share days) */
const isoSeconds = (sec: number): string => {
  const day = Math.floor(sec / 86400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = civil(day);
  }
  const r = sec - day * 86400;
  const h = Math.floor(r / 3600);
  const mi = Math.floor((r - h * 3600) / 60);
  return `${cachedDate}T${TWO[h]}:${TWO[mi]}:${TWO[r - h * 3600 - mi * 60]}`;
};

/** How an instant prints in JSON/CSV: ISO-8601 (default) or an integer count since the epoch. */
export type InstantUnit = 'iso' | 's' | 'ms' | 'us' | 'ns';
export const INSTANT_UNITS: ReadonlyArray<InstantUnit> = ['iso', 's', 'ms', 'us', 'ns'];

export class Instant {
  constructor(readonly us: number, readonly unit: InstantUnit = 'iso') {}

  /** JSON/CSV text: a quoted ISO string's content, or the epoch integer's digits (ns exact: µs digits + "000") */
  text(): string {
    switch (this.unit) {
      case 'iso': return this.iso();
      case 's': return String(Math.floor(this.us / 1e6));
      case 'ms': return String(Math.floor(this.us / 1e3));
      case 'us': return String(this.us);
      default: return this.us === 0 ? '0' : `${this.us}000`;
    }
  }

  private get date(): Date {
    return new Date(Math.floor(this.us / 1000));
  }
  get microsecond(): number {
    return ((this.us % 1e6) + 1e6) % 1e6;
  }
  get year(): number { return this.date.getUTCFullYear(); }
  get month(): number { return this.date.getUTCMonth() + 1; }
  get day(): number { return this.date.getUTCDate(); }
  get hour(): number { return this.date.getUTCHours(); }
  get minute(): number { return this.date.getUTCMinutes(); }
  get second(): number { return this.date.getUTCSeconds(); }

  /** seconds since the epoch, as Python's datetime.timestamp() */
  timestamp(): number {
    return this.us / 1e6;
  }

  /** ISO 8601 in UTC with microseconds: the JSON/CSV form (formatted without a Date: the hot path of event output) */
  iso(): string {
    const sec = Math.floor(this.us / 1e6);
    return `${isoSeconds(sec)}.${p6(this.us - sec * 1e6)}Z`;
  }

  /** Python's isoformat(): microseconds left out when zero, `+00:00` */
  isoformat(): string {
    const sec = Math.floor(this.us / 1e6);
    const us = this.us - sec * 1e6;
    return `${isoSeconds(sec)}${us ? `.${p6(us)}` : ''}+00:00`;
  }

  /** Python's str(datetime) */
  toString(): string {
    return this.isoformat().replace('T', ' ');
  }

  toJSON(): string | number {
    return this.unit === 'iso' ? this.iso() : Number(this.text());
  }

  /** C/Python strftime in UTC with English names: %Y %m %d %H %M %S %f %b %B %a %A %j %y %p %I %e %z %Z %s %% */
  strftime(fmt: string): string {
    const d = this.date;
    return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
      switch (c) {
        case 'Y': return String(d.getUTCFullYear());
        case 'y': return p2(d.getUTCFullYear() % 100);
        case 'm': return p2(d.getUTCMonth() + 1);
        case 'd': return p2(d.getUTCDate());
        case 'e': return String(d.getUTCDate()).padStart(2, ' ');
        case 'H': return p2(d.getUTCHours());
        case 'I': return p2(((d.getUTCHours() + 11) % 12) + 1);
        case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
        case 'M': return p2(d.getUTCMinutes());
        case 'S': return p2(d.getUTCSeconds());
        case 'f': return p6(this.microsecond);
        case 'b': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
        case 'B': return MONTHS[d.getUTCMonth()]!;
        case 'a': return DAYS[d.getUTCDay()]!.slice(0, 3);
        case 'A': return DAYS[d.getUTCDay()]!;
        case 'j': return String(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(3, '0');
        case 'z': return '+0000';
        case 'Z': return 'UTC';
        case 's': return String(Math.floor(this.us / 1e6));
        case '%': return '%';
        default: return all;
      }
    });
  }
}

/**
 * Parses an ISO-8601 date or date-time (`2024-01-01`, `2024-01-01T08:00`, `…:00.5`, `…Z`, `…+02:00`; a space
 * or `T` between date and time; no zone means UTC) into µs since the epoch, or undefined.
 */
export const parseIsoInstant = (s: string): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec);
  if (Number.isNaN(ms) || +mo! < 1 || +mo! > 12 || +d! < 1 || new Date(Date.UTC(+y!, +mo! - 1, +d!)).getUTCDate() !== +d! || +h > 23 || +mi > 59 || +sec > 60) return undefined;
  let offsetMin = 0;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (+z[2]! > 18 || +z[3]! > 59) return undefined; // UTC offsets lie within ±18:00
    offsetMin = (z[1] === '-' ? -1 : 1) * (+z[2]! * 60 + +z[3]!);
  }
  return ms * 1000 + Math.floor(Number(`0.${frac || '0'}`) * 1e6 + 1e-7) - offsetMin * 60_000_000;
};

/**
 * ISO-8601 durations (`PT30S`, `PT10M`, `PT1H`, `P1D`, `P1W`, `PT1.5S`, `P1DT12H`) in µs. Months and years have
 * no fixed length and are refused (the Python generator silently took them as 0 s).
 */
export const parseIsoDuration = (s: string): number | string => {
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s.trim());
  if (!m || s.trim() === 'P' || s.trim().endsWith('T')) return `expected an ISO-8601 duration such as PT30S, PT10M, PT1H, P1D or P1W, got "${s}"`;
  const [, y, mo, w, d, h, mi, sec] = m;
  if (y || mo) return `years and months have no fixed length; use days or weeks (got "${s}")`;
  const seconds = (+(w ?? 0)) * 604800 + (+(d ?? 0)) * 86400 + (+(h ?? 0)) * 3600 + (+(mi ?? 0)) * 60 + (+(sec ?? 0));
  return Math.round(seconds * 1e6);
};
