import { DateTime, FixedOffsetZone } from 'luxon';

const pad = (n: string | number) => String(n).padStart(2, '0');

/** "2016-1-5 9:30:00 +0100", "2016-01-05T09:30:00.000Z", "2015-03-17 14:00:00 -4" and friends. */
const ISO_ISH =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/;

/** Formats seen in old front matter besides ISO 8601 ("May 5, 2021", "5 May 2021", "2021/05/05"). */
const OTHER_FORMATS = [
  'MMMM d, yyyy',
  'MMM d, yyyy',
  'd MMMM yyyy',
  'd MMM yyyy',
  'yyyy/M/d',
  'yyyy/M/d H:mm',
  'yyyy/M/d H:mm:ss',
];

/**
 * A date as Hugo, Jekyll or Eleventy accept it, rewritten in the ISO 8601 form Broadsheet
 * reads: "2016-01-05 09:30:00 +0100" → "2016-01-05T09:30:00+01:00". The offset as written
 * is kept; a date without a time stays a calendar day. A time without an offset is read in
 * `zone`, the old site's time zone, when it named one (and so keeps its instant whatever
 * Broadsheet's zone is); otherwise it is left without offset. Undefined when the value is
 * not a date.
 */
export function normaliseDate(value: unknown, zone?: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const m = ISO_ISH.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, fraction, offset] = m;
    const day = `${y}-${pad(mo!)}-${pad(d!)}`;
    if (h === undefined) return valid(day) ? day : undefined;
    const local = `${day}T${pad(h)}:${mi}:${s ?? '00'}${fraction && /[1-9]/.test(fraction) ? fraction : ''}`;
    if (offset !== undefined) {
      const iso = `${local}${formatOffset(offset)}`;
      return valid(iso) ? representable(iso) : undefined;
    }
    if (zone) {
      const dt = DateTime.fromISO(local, { zone });
      if (dt.isValid) return dt.toISO({ suppressMilliseconds: true, includeOffset: true })!.replace(/\+00:00$/, 'Z');
    }
    return valid(local) ? local : undefined;
  }
  for (const format of OTHER_FORMATS) {
    const dt = DateTime.fromFormat(text, format, { locale: 'en', zone: zone ?? 'UTC' });
    if (dt.isValid)
      return format.includes('H') ? (dt.toISO({ suppressMilliseconds: true }) ?? undefined) : dt.toISODate()!;
  }
  const rfc = DateTime.fromRFC2822(text, { setZone: true });
  if (rfc.isValid) return rfc.toISO({ suppressMilliseconds: true })!.replace(/\+00:00$/, 'Z');
  return undefined;
}

function formatOffset(offset: string): string {
  if (/^(z|utc|gmt)$/i.test(offset)) return 'Z';
  // Hours of one or two digits (YAML 1.1 timestamps allow "-4"), minutes optional.
  const [, sign, hours, minutes = '00'] = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(offset)!;
  const formatted = `${sign}${pad(hours!)}:${minutes}`;
  return formatted === '+00:00' || formatted === '-00:00' ? 'Z' : formatted;
}

const valid = (iso: string) => DateTime.fromISO(iso, { setZone: true }).isValid;

/** The largest offset from UTC in use (+14:00, Kiribati), past which Broadsheet reads no date. */
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * A date whose offset is further from UTC than any in use ("+15:00", a slip Jekyll's and
 * Hugo's parsers accept), at the same instant written with the nearest offset in use: the
 * day as written, unless the time was within the hours between them of midnight.
 */
function representable(iso: string): string {
  const written = DateTime.fromISO(iso, { setZone: true });
  if (Math.abs(written.offset) <= MAX_OFFSET_MINUTES) return iso;
  return written
    .setZone(FixedOffsetZone.instance(Math.sign(written.offset) * MAX_OFFSET_MINUTES))
    .toISO({ suppressMilliseconds: true })!;
}

/** The calendar parts of a normalised date in a zone (the old site's, for its URLs), or as written. */
export function calendar(iso: string, zone?: string): DateTime {
  const written = DateTime.fromISO(iso, { setZone: true, zone: 'UTC' });
  const hasOffset = /(Z|[+-]\d{2}:\d{2})$/.test(iso);
  return zone && hasOffset ? written.setZone(zone) : written;
}

/** A file time as an ISO 8601 instant in UTC, to the second. */
export const fileDate = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The date at the start of a file name ("2016-01-05-title.md"), with the rest of the name. */
export function dateFromName(name: string): { date: string; rest: string } | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:-(.*))?$/.exec(name);
  if (!m) return undefined;
  const date = `${m[1]}-${pad(m[2]!)}-${pad(m[3]!)}`;
  return valid(date) ? { date, rest: m[4] ?? '' } : undefined;
}
