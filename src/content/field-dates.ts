import type { ErrorId } from '../diagnostics/errors.ts';
import { impossibleOffset, parseDate, type StoryDate } from './dates.ts';
import { suggestDates } from './field-hints.ts';
import type { FieldPath } from './frontmatter.ts';
import type { Report } from './loose-values.ts';
import type { Breaking } from './story.ts';

/**
 * The dates of front matter read in the site's time zone, with the reading meant when one
 * is not a date ("05/06/2024" either way round); and how long a breaking banner shows.
 */

/** How long a breaking-news banner stays without `breaking.until`: from `updated`, else from `date`. */
export const BREAKING_HOURS = 12;

export function readDate(value: string | Date, zone: string, path: FieldPath, report: Report): StoryDate | undefined {
  const parsed = parseDate(value instanceof Date ? value.toISOString() : value, zone);
  if (parsed) return parsed;
  // Why it is not a date, for the message: parseDate refuses an offset no place has too.
  const name = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
  const offset = typeof value === 'string' ? impossibleOffset(value) : undefined;
  if (offset !== undefined) {
    report(
      'invalid-date',
      path,
      `${name}: "${value}" has the UTC offset ${offset}, which no place has (none is more than 14 hours from UTC)`,
      'error',
      `Write the offset of the place and moment, e.g. \`+03:00\` for Moscow or \`-05:00\` for New York in winter, or \`Z\` for UTC.`,
    );
    return undefined;
  }
  const readings = typeof value === 'string' ? suggestDates(value) : [];
  const suggestion =
    readings.length === 1
      ? `: did you mean ${readings[0]}?`
      : readings.length > 1
        ? `: is it ${readings.join(' or ')}? (day and month can be read either way)`
        : '';
  report(
    'invalid-date',
    path,
    `${name}: "${String(value)}" is not an ISO 8601 date${suggestion}`,
    'error',
    readings.length
      ? `Write the date as year-month-day, e.g. \`${String(path.at(-1))}: ${readings[0]}\` (a time and an offset are optional: \`${readings[0]!.slice(0, 10)} 15:20\`, \`${readings[0]!.slice(0, 10)}T15:20:00+03:00\`).`
      : undefined,
  );
  return undefined;
}

/** A banner's end: as written, else `BREAKING_HOURS` after the story's last update. */
export function breakingOf(
  value: { until?: string | Date | undefined; text?: string | undefined },
  date: StoryDate,
  updated: StoryDate | undefined,
  zone: string,
  report: (rule: ErrorId, path: FieldPath, reason?: string) => void,
): Breaking | undefined {
  if (value.until !== undefined) {
    const until = readDate(value.until, zone, ['breaking', 'until'], report);
    return until && { until, text: value.text };
  }
  const from = updated && updated.epoch > date.epoch ? updated : date;
  const until = parseDate(new Date(from.epoch + BREAKING_HOURS * 3_600_000).toISOString(), 'UTC')!;
  return { until, text: value.text };
}

/**
 * `updated`, unless it is before the story was published: a slip of the year or month
 * that would read "Updated" before the date and give structured data a dateModified
 * before datePublished (a `date-order` warning). A day alone (`updated: 2026-01-01`) is
 * read as its midnight: on the story's own day it is not before it.
 */
export function updatedOf(
  value: string | Date | undefined,
  date: StoryDate | undefined,
  zone: string,
  report: Report,
): StoryDate | undefined {
  const written = value === undefined ? undefined : readDate(value, zone, ['updated'], report);
  if (!written || !date || written.epoch >= date.epoch) return written;
  const dayOnly =
    typeof value === 'string'
      ? /^\d{4}-\d{2}-\d{2}$/.test(value.trim())
      : value instanceof Date && value.getTime() % 86_400_000 === 0;
  if (dayOnly && written.iso.slice(0, 10) === date.iso.slice(0, 10)) return written;
  report(
    'date-order',
    ['updated'],
    `updated (${written.iso}) is before the story's date (${date.iso}): it is not shown`,
    'warning',
  );
  return undefined;
}

/** The corrections, each with its date; one dated before the story is shown all the same, with a warning. */
export function correctionsOf(
  values: readonly { readonly date: string | Date; readonly text: string }[],
  date: StoryDate | undefined,
  zone: string,
  report: Report,
): { date: StoryDate; text: string }[] {
  return values.flatMap((c, i) => {
    const when = readDate(c.date, zone, ['corrections', i, 'date'], report);
    if (when && date && when.epoch < date.epoch)
      report(
        'date-order',
        ['corrections', i, 'date'],
        `corrections[${i}].date (${when.iso}) is before the story's date (${date.iso})`,
        'warning',
      );
    return when ? [{ date: when, text: c.text }] : [];
  });
}
