import { DateTime } from 'luxon';
import { offsetName, zoneAbbreviation, zoneOffset } from './zones.ts';

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
  if (!ISO_LIKE.test(text) || impossibleOffset(text) !== undefined) return undefined;
  const iso = text.replace(' ', 'T').replace(' ', '');
  return withOffset(iso) ?? parseWithLuxon(iso, zone);
}

/** `parseDate` for an ISO 8601 text with the space forms already made standard, by luxon alone. */
export function parseWithLuxon(iso: string, zone: string): StoryDate | undefined {
  const dt = DateTime.fromISO(iso, { zone, setZone: true });
  return dt.isValid ? fromDateTime(dt) : undefined;
}

/** The form nearly every story's date comes in: a day, a time to the minute or second, and an offset. */
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * A date of that form read without luxon, the same as luxon reads it: for the thousands of
 * articles a cold build loads, luxon's reading was a noticeable part of the front matter's.
 * Anything else (no offset, a fraction of a second, a year before 1000, a field out of
 * range) is for luxon.
 */
export function withOffset(iso: string): StoryDate | undefined {
  const m = WITH_OFFSET.exec(iso);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as Fields;
  if (year < 1000 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(local);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const offset = m[7] === undefined ? 0 : (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  return storyDate({ year, month, day, hour, minute, second }, offset, local - offset * 60_000);
}

type Fields = [year: number, month: number, day: number, hour: number, minute: number, second: number];

/** Whether a text is a day of the calendar as YYYY-MM-DD ("2026-13-45" is not). */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Offsets in use run from -12:00 to +14:00; luxon reads "+25:00" as a day and an hour. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * The offset an ISO-like date is written with, when no place has it: more than 14 hours
 * from UTC, or 60 minutes or more ("+03:75").
 */
export function impossibleOffset(text: string): string | undefined {
  const match = /[+-](\d{2}):?(\d{2})?$/.exec(text.trim());
  if (!match || !/[T ]\d{2}:\d{2}/.test(text)) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  return minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES ? match[0] : undefined;
}

const fromDateTime = (dt: DateTime): StoryDate => storyDate(dt, dt.offset, dt.toMillis());

/**
 * A date from its fields as written, its offset in minutes and its instant. Assembled
 * from the fields: luxon's toFormat() parses its format string on every call.
 */
function storyDate(
  f: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  minutes: number,
  epoch: number,
): StoryDate {
  const offset =
    minutes === 0
      ? 'Z'
      : `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  const year = f.year < 0 ? `-${pad(-f.year, 6)}` : f.year > 9999 ? `+${pad(f.year, 6)}` : pad(f.year, 4);
  const iso = `${year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${offset}`;
  return { iso, epoch, offset };
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

/** How `formatDate()` writes a date. */
export interface DateFormatOptions {
  /** With the time of day and the zone's name. Default true. */
  readonly time?: boolean | undefined;
  /**
   * An IANA zone to show the date in, named as readers name it ("GMT", "BST", "EDT"; see
   * `zoneAbbreviation()`): usually the site's. Default: none, the date's own written offset
   * ("UTC+3").
   */
  readonly zone?: string | undefined;
}

/**
 * A date for readers in a language: "November 20, 2026, 6:45 PM GMT" in a zone, or in
 * the story's own offset, "May 5, 2021, 3:20 PM UTC+3". Deterministic: depends only on the
 * date, locale and zone.
 */
export function formatDate(date: StoryDate, locale: string, options: DateFormatOptions = {}): string {
  const time = options.time !== false;
  if (options.zone !== undefined) return formatInZone(date, locale, options.zone, time);
  // Listings show the same dates over and over: remember them.
  // A date alone depends only on the calendar day in the story's own offset.
  const key = time ? `t ${locale} ${date.iso}` : `d ${locale} ${date.iso.split('T')[0]}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text =
      formatFast(date.epoch, offsetMinutes(date.offset), locale, time) ??
      formatWithLuxon(date, locale, time).replace(/\u202f/g, ' ');
    remember(key, text);
  }
  return text;
}

/**
 * The time of day alone in the date's own offset, "3:20 PM UTC+3": where a story was
 * filed, beside the same moment in the site's zone.
 */
export function formatLocalTime(date: StoryDate, locale: string): string {
  const minutes = offsetMinutes(date.offset) ?? 0;
  return `${timeOfDay(date.epoch + minutes * 60_000, locale)} ${offsetName(minutes)}`;
}

/**
 * Whether a date was written in an offset of its own: not UTC ("Z", which is how machines
 * and most editors write an instant) and not the offset `zone` has at that moment. Such a
 * date says where the story was filed ("15:20+03:00" from Moscow), worth showing beside
 * the site's time.
 */
export function hasOwnOffset(date: StoryDate, zone: string): boolean {
  const minutes = offsetMinutes(date.offset);
  return minutes !== undefined && minutes !== 0 && minutes !== zoneOffset(zone, date.epoch);
}

function formatInZone(date: StoryDate, locale: string, zone: string, time: boolean): string {
  const key = `z ${zone} ${locale} ${time ? 't' : 'd'} ${date.epoch}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const minutes = zoneOffset(zone, date.epoch);
    text = formatFast(date.epoch, minutes, locale, time, zoneAbbreviation(zone, date.epoch));
    if (text === undefined) {
      // Locales Intl refuses, or that luxon rewrites: luxon in the zone, named as above.
      const dt = DateTime.fromMillis(date.epoch, { zone }).setLocale(locale);
      text = (
        time
          ? `${dt.toLocaleString(DateTime.DATE_FULL)}, ${dt.toLocaleString(DateTime.TIME_SIMPLE)} ${zoneAbbreviation(zone, date.epoch)}`
          : dt.toLocaleString(DateTime.DATE_FULL)
      ).replace(/\u202f/g, ' ');
    }
    remember(key, text);
  }
  return text;
}

function remember(key: string, text: string): void {
  if (formatted.size >= 100_000) formatted.clear();
  formatted.set(key, text);
}

/** What luxon writes for DATE_FULL, TIME_SIMPLE and ZZZZ: the reference for formatFast(), and its fallback. */
export function formatWithLuxon(date: StoryDate, locale: string, time: boolean): string {
  const dt = DateTime.fromISO(date.iso, { setZone: true }).setLocale(locale);
  return time
    ? `${dt.toLocaleString(DateTime.DATE_FULL)}, ${dt.toLocaleString(DateTime.TIME_SIMPLE)} ${dt.toFormat('ZZZZ')}`
    : dt.toLocaleString(DateTime.DATE_FULL);
}

/**
 * The same text from cached Intl formatters, several times faster than luxon (which
 * makes a DateTime and looks its formatter up on every call, and one rebuild shows
 * thousands of teasers). luxon formats a fixed offset as UTC shifted by the offset
 * and names it "UTC+5:30"; so does this. One difference: luxon wrote UTC and half-hour
 * offsets through formatToParts(), which keeps CLDR's narrow no-break space (U+202F, as
 * in "3:20 PM" or "2021 г."), and whole-hour offsets through format(), where V8 writes a
 * plain space; so the same day could read differently by offset, and a remembered date
 * alone by whichever story came first. Here it is always format(): plain spaces.
 * Locales with extensions or private-use subtags, which luxon rewrites, and anything Intl
 * refuses are left to luxon.
 */
function formatFast(
  epoch: number,
  minutes: number | undefined,
  locale: string,
  time: boolean,
  name = minutes === undefined ? '' : offsetName(minutes),
): string | undefined {
  if (locale.includes('-u-') || locale.includes('-x-')) return undefined;
  if (minutes === undefined) return undefined;
  try {
    const wall = epoch + minutes * 60_000;
    const day = formatter(locale, 'date').format(wall);
    if (!time) return day;
    return `${day}, ${formatter(locale, 'time').format(wall)} ${name}`;
  } catch {
    return undefined;
  }
}

/** The time of day of a wall-clock instant (UTC fields), "3:20 PM". */
function timeOfDay(wall: number, locale: string): string {
  try {
    return formatter(locale, 'time').format(wall);
  } catch {
    return formatter('en', 'time').format(wall);
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

/**
 * An instant as a clock in `zone` shows it, in the form front matter takes without an
 * offset (read back in the site zone): "2026-11-27 14:05".
 */
export function wallClock(epoch: number, zone: string): string {
  return DateTime.fromMillis(epoch, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** Parse a command-line `--now` value, with or without offset (UTC when none). */
export const parseNow = (value: string): number | undefined => parseDate(value, 'UTC')?.epoch;
