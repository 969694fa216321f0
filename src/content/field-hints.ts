/**
 * Readings of front matter written the way other tools (or people) write it: what the
 * author evidently meant, for a warning that says so, or a suggestion for an error.
 */

/** YAML 1.1 booleans, which YAML 1.2 (and so Broadsheet) reads as text. */
const YES_NO: Readonly<Record<string, boolean>> = {
  yes: true,
  y: true,
  on: true,
  true: true,
  no: false,
  n: false,
  off: false,
  false: false,
};

/** `draft: yes` → true, `draft: Off` → false; undefined for any other text. */
export const yesNo = (value: string): boolean | undefined => YES_NO[value.trim().toLowerCase()];

/** A list written as one string, "a, b, c" → ["a", "b", "c"]; undefined when there is no comma. */
export function commaList(value: string): string[] | undefined {
  if (!value.includes(',')) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 1 ? items : undefined;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const month = (name: string): number | undefined => {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(lower) || (lower === 'sept' && m === 'september'));
  return index === -1 ? undefined : index + 1;
};

const pad = (n: number) => String(n).padStart(2, '0');

const validDay = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();

/** "3:20 PM" → "15:20"; "" when there is no time; undefined when the text is not one. */
function time(text: string): string | undefined {
  if (text.trim() === '') return '';
  const match = /^,?\s*(?:at\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(text.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const meridiem = match[4]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return ` ${pad(hour)}:${pad(minute)}${match[3] ? `:${match[3]}` : ''}`;
}

/**
 * What a date written in another style is in ISO 8601, for the hint of `invalid-date`:
 * "May 5, 2021" → ["2021-05-05"], "5 May 2021 3:20 PM" → ["2021-05-05 15:20"]. Day and
 * month in figures ("05/06/2021") give both readings unless one is impossible. No
 * suggestion (an empty list) when the text is not a recognisable date.
 */
export function suggestDates(value: string): string[] {
  const text = value
    .trim()
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '')
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1');
  const make = (y: number, m: number, d: number, rest: string): string | undefined => {
    const at = time(rest);
    return at !== undefined && y >= 1000 && y <= 9999 && validDay(y, m, d)
      ? `${y}-${pad(m)}-${pad(d)}${at}`
      : undefined;
  };
  let match = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})(.*)$/.exec(text);
  if (match) {
    const m = month(match[1]!);
    const found = m && make(Number(match[3]), m, Number(match[2]), match[4]!);
    return found ? [found] : [];
  }
  match = /^(\d{1,2})\.?\s+([A-Za-z]+\.?),?\s+(\d{4})(.*)$/.exec(text);
  if (match) {
    const m = month(match[2]!);
    const found = m && make(Number(match[3]), m, Number(match[1]), match[4]!);
    return found ? [found] : [];
  }
  match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T|\s+|$)(.*)$/.exec(text);
  if (match) {
    const found = make(Number(match[1]), Number(match[2]), Number(match[3]), match[4]!);
    return found ? [found] : [];
  }
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$/.exec(text);
  if (match) {
    const [a, b, y, rest] = [Number(match[1]), Number(match[2]), Number(match[3]), match[4]!];
    const readings = [make(y, a, b, rest), make(y, b, a, rest)].filter((s): s is string => s !== undefined);
    return [...new Set(readings)];
  }
  return [];
}

/** Plain-words shapes for fields that accept several forms (zod only says "Invalid input"). */
export const EXPECTED_SHAPES: Readonly<Record<string, string>> = {
  title: 'must be text',
  slug: 'must be text',
  date: 'must be an ISO 8601 date',
  updated: 'must be an ISO 8601 date',
  authors: 'must be a name, an object {name, url, role}, or a list of them',
  tags: 'must be a word or a list of words',
  aliases: 'must be a path or a list of paths',
  pin: 'must be "lead", "top", or {to: lead or top, until: an ISO 8601 date}',
  breaking: 'must be true, false, or {until: an ISO 8601 date, text: the banner text}',
  image: 'must be a picture: {src, alt, caption, credit}',
  gallery: 'must be a list of pictures, each {src, alt, caption, credit}',
  corrections: 'must be a list of corrections, each {date, text}',
};

/** Other tools' names for an embargo time, lower-cased without `_` and `-`. */
const EMBARGO_NAMES = new Set([
  'embargo',
  'embargoed',
  'embargountil',
  'embargodate',
  'embargotime',
  'publishdate',
  'publishat',
  'publishon',
  'publishtime',
  'releasedate',
  'releaseat',
  'scheduled',
  'golive',
]);

/** Values of `status:` that let a story go out. */
const LIVE_STATUSES = new Set(['published', 'publish', 'live', 'public', 'ready']);

/**
 * What a field Broadsheet does not read was meant to do, when it was meant to hold the
 * story back (an embargo time, `published: false`, `status: draft`, `Draft: true`):
 * Broadsheet would publish the story at once, so such a field is an error, not kept in
 * story.data. `near` is the known field the name is closest to.
 */
export function heldBack(key: string, value: unknown, near: string | undefined): string | undefined {
  const name = key.toLowerCase().replace(/[-_]/g, '');
  const written = value instanceof Date ? value.toISOString() : String(value);
  if (EMBARGO_NAMES.has(name))
    return `"${key}" is not a field Broadsheet reads, so the story would be published now: an embargo is the story's \`date:\` (${written})`;
  const off = value === false || (typeof value === 'string' && yesNo(value) === false);
  const on = value === true || (typeof value === 'string' && yesNo(value) === true);
  if ((name === 'published' && off) || (name === 'unpublished' && on) || (near === 'draft' && on))
    return `"${key}: ${written}" is not a field Broadsheet reads, so the story would be published now: write \`draft: true\``;
  if (name === 'status' && typeof value === 'string' && !LIVE_STATUSES.has(value.trim().toLowerCase()))
    return `"${key}: ${written}" is not a field Broadsheet reads, so the story would be published now: write \`draft: true\` until it is ready`;
  return undefined;
}
