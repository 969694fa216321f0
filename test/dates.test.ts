import { describe, expect, it } from 'vitest';
import { parseDate, parseWithLuxon, withOffset } from '../src/content/dates.ts';

/** Dates in the form most front matter has, with every field at and beyond its edges. */
function* datesWithOffsets(): Generator<string> {
  for (const year of ['1000', '1969', '1970', '2000', '2024', '2100', '9999'])
    for (const month of ['00', '01', '02', '12', '13'])
      for (const day of ['00', '01', '28', '29', '30', '31', '32'])
        for (const time of ['00:00', '12:34', '23:59', '24:00', '10:60'])
          for (const second of ['', ':00', ':59', ':60'])
            for (const offset of ['Z', '+00:00', '-00:00', '+05:30', '-03:30', '+14:00', '-12:00', '+01:00'])
              yield `${year}-${month}-${day}T${time}${second}${offset}`;
}

describe('reading dates with an offset', () => {
  it('should read every date of that form as luxon does, in any site time zone', () => {
    let read = 0;
    for (const text of datesWithOffsets()) {
      const ours = withOffset(text);
      if (ours === undefined) continue;
      read++;
      expect([text, ours]).toEqual([text, parseWithLuxon(text, 'UTC')]);
      expect([text, ours]).toEqual([text, parseWithLuxon(text, 'Asia/Kolkata')]);
    }
    // Most of them are valid dates, and those are read without luxon.
    expect(read).toBeGreaterThan(6_000);
  });

  it('should leave to luxon what it does not read, and parse every form the same through parseDate', () => {
    for (const text of [
      '2021-05-05T12:20:00.250Z',
      '2021-05-05T15:20:00+0300',
      '2021-05-05T15:20:00+03',
      '2021-05-05T15:20',
      '2021-05-05',
      '0999-01-01T00:00:00Z',
      '2024-02-30T10:00:00Z',
    ])
      expect([text, withOffset(text)]).toEqual([text, undefined]);
    for (const [text, iso] of [
      ['2021-05-05 15:20:00 +03:00', '2021-05-05T15:20:00+03:00'],
      ['2021-05-05 15:20 +0300', '2021-05-05T15:20:00+03:00'],
      ['2021-05-05T15:20:00-00:00', '2021-05-05T15:20:00Z'],
      ['2024-02-29T23:59:59+14:00', '2024-02-29T23:59:59+14:00'],
    ] as const) {
      const date = parseDate(text, 'Europe/Moscow');
      expect(date?.iso).toBe(iso);
      expect(date).toEqual(parseWithLuxon(text.replace(' ', 'T').replace(' ', ''), 'Europe/Moscow'));
    }
  });
});
