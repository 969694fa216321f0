import { DateTime } from 'luxon';

/**
 * A moment as a story states it: the instant, plus the UTC offset it was written with so
 * that layouts can show "15:20 Moscow time" rather than converting everything to UTC.
 */
export interface StoryDate {
  /** ISO 8601 with the original offset, e.g. "2021-05-05T15:20:00+03:00". */
  readonly iso: string;
  /** Milliseconds since the epoch, for sorting and comparisons. */
  readonly epoch: number;
  /** The offset, e.g. "+03:00" or "Z". */
  readonly offset: string;
}

/** ISO 8601, and the form Jekyll writes with a space before the offset ("2021-05-05 15:20:00 +0300"). */
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)? ?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Read an ISO 8601 date. A value with an offset keeps it; one without is read in `zone`
 * (the site time zone). A date without a time means midnight in that zone.
 */
export function parseDate(value: unknown, zone: string): StoryDate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!ISO_LIKE.test(text)) return undefined;
  const dt = DateTime.fromISO(text.replace(' ', 'T').replace(' ', ''), { zone, setZone: true });
  if (!dt.isValid) return undefined;
  return fromDateTime(dt);
}

function fromDateTime(dt: DateTime): StoryDate {
  // Assembled from the fields: luxon's toFormat() parses its format string on every call.
  const offset =
    dt.offset === 0
      ? 'Z'
      : `${dt.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(dt.offset) / 60))}:${pad(Math.abs(dt.offset) % 60)}`;
  const year = dt.year < 0 ? `-${pad(-dt.year, 6)}` : dt.year > 9999 ? `+${pad(dt.year, 6)}` : pad(dt.year, 4);
  const iso = `${year}-${pad(dt.month)}-${pad(dt.day)}T${pad(dt.hour)}:${pad(dt.minute)}:${pad(dt.second)}${offset}`;
  return { iso, epoch: dt.toMillis(), offset };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The calendar parts of a date in a time zone, for permalinks and archives. */
export function dateParts(date: StoryDate, zone: string): { yyyy: string; mm: string; dd: string } {
  if (zone === 'UTC') {
    // The default zone needs no time zone data: Date's UTC fields are a third of the cost
    // of a formatter, and this runs for every story on every build (archives, permalinks).
    const day = new Date(date.epoch);
    const year = day.getUTCFullYear();
    if (year >= 1000 && year <= 9999)
      return { yyyy: String(year), mm: pad(day.getUTCMonth() + 1), dd: pad(day.getUTCDate()) };
  }
  // One formatter per zone, for the same reason.
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(zone, format);
  }
  const [yyyy, mm, dd] = format.format(date.epoch).split('-') as [string, string, string];
  return { yyyy, mm, dd };
}
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The instant in UTC, e.g. "2021-05-05T12:20:00Z": for machine-readable outputs. */
export const toUtc = (date: StoryDate): string =>
  // A date written in UTC to the second is that already; sitemaps ask this of every story.
  date.offset === 'Z' && date.iso.length === 20 && date.iso.endsWith('Z') && date.epoch % 1000 === 0
    ? date.iso
    : new Date(date.epoch).toISOString().replace('.000Z', 'Z');

/**
 * A date for readers, in the story's own offset and language, e.g.
 * "May 5, 2021, 3:20 PM UTC+3". Deterministic: depends only on the date and locale.
 */
export function formatDate(date: StoryDate, locale: string, options: { time?: boolean } = {}): string {
  // Listings show the same dates over and over: remember them.
  // A date alone depends only on the calendar day in the story's own offset.
  const key = options.time === false ? `d ${locale} ${date.iso.split('T')[0]}` : `t ${locale} ${date.iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text =
      formatFast(date, locale, options.time !== false) ??
      formatWithLuxon(date, locale, options.time !== false).replace(/\u202f/g, ' ');
    if (formatted.size >= 100_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** What luxon writes for DATE_FULL, TIME_SIMPLE and ZZZZ: the reference for formatFast(), and its fallback. */
export function formatWithLuxon(date: StoryDate, locale: string, time: boolean): string {
  const dt = DateTime.fromISO(date.iso, { setZone: true }).setLocale(locale);
  return time
    ? `${dt.toLocaleString(DateTime.DATE_FULL)}, ${dt.toLocaleString(DateTime.TIME_SIMPLE)} ${dt.toFormat('ZZZZ')}`
    : dt.toLocaleString(DateTime.DATE_FULL);
}

/**
 * The same text from cached Intl formatters, ~5 times faster than luxon (which makes a
 * DateTime and looks its formatter up on every call: 20-50 µs a date here, and one rebuild
 * shows thousands of teasers). luxon formats a fixed offset as UTC shifted by the offset
 * and names it "UTC+5:30"; so does this. One difference: luxon wrote UTC and half-hour
 * offsets through formatToParts(), which keeps CLDR's narrow no-break space (U+202F, as
 * in "3:20 PM" or "2021 г."), and whole-hour offsets through format(), where V8 writes a
 * plain space; so the same day could read differently by offset, and a remembered date
 * alone by whichever story came first. Here it is always format(): plain spaces.
 * Locales with extensions or private-use subtags, which luxon rewrites, and anything Intl
 * refuses are left to luxon.
 */
function formatFast(date: StoryDate, locale: string, time: boolean): string | undefined {
  if (locale.includes('-u-') || locale.includes('-x-')) return undefined;
  const minutes = offsetMinutes(date.offset);
  if (minutes === undefined) return undefined;
  try {
    const wall = date.epoch + minutes * 60_000;
    const day = formatter(locale, 'date').format(wall);
    if (!time) return day;
    const hours = Math.trunc(Math.abs(minutes) / 60);
    const rest = Math.abs(minutes) % 60;
    const name = minutes === 0 ? 'UTC' : `UTC${minutes < 0 ? '-' : '+'}${hours}${rest > 0 ? `:${rest}` : ''}`;
    return `${day}, ${formatter(locale, 'time').format(wall)} ${name}`;
  } catch {
    return undefined;
  }
}

/** "+05:30" → 330, "Z" → 0. */
function offsetMinutes(offset: string): number | undefined {
  if (offset === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** luxon's DATE_FULL and TIME_SIMPLE, in UTC (the wall time is shifted by the offset). */
const FORMATS = {
  date: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
  time: { hour: 'numeric', minute: 'numeric', timeZone: 'UTC' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatter(locale: string, kind: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${kind} ${locale}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, FORMATS[kind]);
    formatters.set(key, format);
  }
  return format;
}
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatted = new Map<string, string>();

/** Parse a command-line `--now` value, with or without offset (UTC when none). */
export const parseNow = (value: string): number | undefined => parseDate(value, 'UTC')?.epoch;
