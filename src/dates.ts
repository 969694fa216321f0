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

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * Read an ISO 8601 date. A value with an offset keeps it; one without is read in `zone`
 * (the site time zone). A date without a time means midnight in that zone.
 */
export function parseDate(value: unknown, zone: string): StoryDate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!ISO_LIKE.test(text)) return undefined;
  const dt = DateTime.fromISO(text.replace(' ', 'T'), { zone, setZone: true });
  if (!dt.isValid) return undefined;
  return fromDateTime(dt);
}

function fromDateTime(dt: DateTime): StoryDate {
  // Assembled from the fields: luxon's toFormat() parses its format string on every call.
  const offset = dt.offset === 0 ? 'Z' : `${dt.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(dt.offset) / 60))}:${pad(Math.abs(dt.offset) % 60)}`;
  const year = dt.year < 0 ? `-${pad(-dt.year, 6)}` : dt.year > 9999 ? `+${pad(dt.year, 6)}` : pad(dt.year, 4);
  const iso = `${year}-${pad(dt.month)}-${pad(dt.day)}T${pad(dt.hour)}:${pad(dt.minute)}:${pad(dt.second)}${offset}`;
  return { iso, epoch: dt.toMillis(), offset };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The calendar parts of a date in a time zone, for permalinks and archives. */
export function dateParts(date: StoryDate, zone: string): { yyyy: string; mm: string; dd: string } {
  // One formatter per zone: this runs for every story on every build (archives, permalinks).
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
export const toUtc = (date: StoryDate): string => new Date(date.epoch).toISOString().replace('.000Z', 'Z');

/**
 * A date for readers, in the story's own offset and language, e.g.
 * "May 5, 2021, 3:20 PM GMT+3". Deterministic: depends only on the date and locale.
 */
export function formatDate(date: StoryDate, locale: string, options: { time?: boolean } = {}): string {
  // Listings show the same dates over and over, and luxon takes ~0.2 ms a date: remember them.
  // A date alone depends only on the calendar day in the story's own offset.
  const key = options.time === false ? `d ${locale} ${date.iso.split('T')[0]}` : `t ${locale} ${date.iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const dt = DateTime.fromISO(date.iso, { setZone: true }).setLocale(locale);
    text =
      options.time === false
        ? dt.toLocaleString(DateTime.DATE_FULL)
        : `${dt.toLocaleString(DateTime.DATE_FULL)}, ${dt.toLocaleString(DateTime.TIME_SIMPLE)} ${dt.toFormat('ZZZZ')}`;
    if (formatted.size >= 100_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}
const formatted = new Map<string, string>();

/** Parse a command-line `--now` value, with or without offset (UTC when none). */
export const parseNow = (value: string): number | undefined => parseDate(value, 'UTC')?.epoch;
