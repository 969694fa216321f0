import { describe, expect, it } from 'vitest';
import { readFields } from '../src/content/fields.ts';
import { parseFrontMatter } from '../src/content/frontmatter.ts';

const config = { timeZone: 'Europe/Moscow', sections: [] as { id: string; name: string; description: string }[] };

function read(yaml: string, cfg = config) {
  const fm = parseFrontMatter({ file: 'a.md', id: 'a.md', text: `---\n${yaml}\n---\nBody`, hash: '' });
  if (Array.isArray(fm)) throw new Error(JSON.stringify(fm));
  return readFields(fm, cfg, 'a.md');
}

describe('readFields', () => {
  it('should accept the documented aliases', () => {
    const { fields, diagnostics } = read(
      'title: T\ndate: 2021-05-05T12:00:00Z\ndescription: D\nauthor: Associated Press\nredirect_from: /old/',
    );
    expect(diagnostics).toEqual([]);
    expect(fields).toMatchObject({ dek: 'D', authors: [{ name: 'Associated Press' }], aliases: ['/old/'] });
  });

  it('should accept authors as names or objects', () => {
    const { fields } = read(
      'title: T\ndate: 2021-05-05\nauthors:\n  - Ana\n  - name: Ben\n    url: https://example.org/ben\n    role: Photographer',
    );
    expect(fields?.authors).toEqual([
      { name: 'Ana' },
      { name: 'Ben', url: 'https://example.org/ben', role: 'Photographer' },
    ]);
  });

  it('should read a date without offset in the site time zone and keep given offsets', () => {
    expect(read('title: T\ndate: 2021-05-05 15:20').fields?.date).toMatchObject({
      iso: '2021-05-05T15:20:00+03:00',
      offset: '+03:00',
    });
    expect(read('title: T\ndate: 2021-05-05T12:20:00Z').fields?.date.iso).toBe('2021-05-05T12:20:00Z');
  });

  it('should report a missing title at the top of the front matter', () => {
    expect(read('date: 2021-05-05').diagnostics).toMatchObject([
      { rule: 'missing-field', reason: 'missing required field "title"' },
    ]);
  });

  it('should report an unparseable date at its line', () => {
    expect(read('title: T\ndate: next Tuesday').diagnostics).toMatchObject([
      { rule: 'invalid-date', line: 3, column: 1 },
    ]);
  });

  it('should report every problem at once', () => {
    const { diagnostics, fields } = read(
      'title: T\ndate: 2021-05-05\nslug: ../../etc\ncanonical: javascript:alert(1)\naliases: [/ok/, "%2e%2e/x"]',
    );
    expect(fields).toBeUndefined();
    expect(diagnostics.map((d) => [d.rule, d.line])).toEqual([
      ['unsafe-path', 4],
      ['unsafe-path', 6],
      ['unsafe-url', 5],
    ]);
  });

  it('should refuse absolute and encoded escapes in slugs and aliases', () => {
    for (const bad of ['/etc/passwd', '..', 'a/b', '%2F..']) {
      expect(read(`title: T\ndate: 2021-05-05\nslug: "${bad}"`).diagnostics[0]?.rule).toBe('unsafe-path');
    }
    for (const bad of ['../up', 'https://evil.example/', '//evil.example/x', '/a/%2e%2e/%2e%2e/b', 'C:\\\\x']) {
      expect(read(`title: T\ndate: 2021-05-05\naliases: ["${bad}"]`).diagnostics[0]?.rule).toBe('unsafe-path');
    }
  });

  it('should require alt text on images and gallery items', () => {
    const { diagnostics } = read('title: T\ndate: 2021-05-05\ngallery:\n  - src: a.jpg\n    alt: A\n  - src: b.jpg');
    expect(diagnostics).toMatchObject([
      { rule: 'invalid-field', line: 7, reason: expect.stringContaining('gallery[1].alt') },
    ]);
  });

  it('should refuse javascript: image sources and author links', () => {
    const { diagnostics } = read(
      'title: T\ndate: 2021-05-05\nimage: {src: "javascript:x", alt: A}\nauthors: [{name: A, url: " javascript:alert(1)"}]',
    );
    expect(diagnostics.map((d) => d.rule).sort()).toEqual(['unsafe-url', 'unsafe-url']);
  });

  it('should keep unknown fields in data with a warning', () => {
    const { fields, diagnostics } = read('title: T\ndate: 2021-05-05\nmood: sunny');
    expect(fields?.data).toEqual({ mood: 'sunny' });
    expect(diagnostics).toMatchObject([{ rule: 'unknown-field', severity: 'warning', line: 4 }]);
  });

  it('should refuse a section that is not configured', () => {
    const cfg = { ...config, sections: [{ id: 'world', name: 'World', description: '' }] };
    expect(read('title: T\ndate: 2021-05-05\nsection: sprot', cfg).diagnostics).toMatchObject([
      { rule: 'unknown-section', line: 4 },
    ]);
  });

  it('should derive a transliterated slug from the title', () => {
    expect(read('title: Россия готова к переговорам\ndate: 2021-05-05').fields?.slug).toBe(
      'rossiya-gotova-k-peregovoram',
    );
    expect(read('title: שלום עולם\ndate: 2021-05-05').fields?.slug).toMatch(/^[a-z0-9-]+$/);
  });

  it('should report a field given under two names', () => {
    expect(read('title: T\ndate: 2021-05-05\ndek: A\nsummary: B').diagnostics).toMatchObject([
      { rule: 'invalid-field', line: 5 },
    ]);
  });
});

describe('pin and breaking', () => {
  const base = 'title: T\ndate: 2021-05-05 10:00';

  it('should read a pin as a place alone or with an end in the site time zone', () => {
    expect(read(`${base}\npin: lead`).fields?.pin).toEqual({ to: 'lead', until: undefined });
    const { fields, diagnostics } = read(`${base}\npin:\n  to: top\n  until: 2021-05-06 18:00`);
    expect(diagnostics).toEqual([]);
    expect(fields?.pin).toEqual({
      to: 'top',
      until: { iso: '2021-05-06T18:00:00+03:00', epoch: Date.parse('2021-05-06T15:00:00Z'), offset: '+03:00' },
    });
    expect(read(base).fields?.pin).toBeUndefined();
  });

  it('should end a banner 12 hours after the last update unless it says when', () => {
    expect(read(`${base}\nbreaking: true`).fields?.breaking?.until.epoch).toBe(Date.parse('2021-05-05T19:00:00Z'));
    expect(read(`${base}\nupdated: 2021-05-05 16:00\nbreaking: true`).fields?.breaking?.until.epoch).toBe(
      Date.parse('2021-05-06T01:00:00Z'),
    );
    expect(read(`${base}\nbreaking:\n  until: 2021-05-05T12:00:00Z\n  text: Short`).fields?.breaking).toEqual({
      until: { iso: '2021-05-05T12:00:00Z', epoch: Date.parse('2021-05-05T12:00:00Z'), offset: 'Z' },
      text: 'Short',
    });
    expect(read(`${base}\nbreaking: false`).fields?.breaking).toBeUndefined();
  });

  it('should report a pin or banner of the wrong shape at its line, in plain words', () => {
    expect(read(`${base}\npin: first`).diagnostics).toMatchObject([
      { rule: 'invalid-field', line: 4, reason: expect.stringContaining('must be "lead", "top"') },
    ]);
    expect(read(`${base}\nbreaking: yes please`).diagnostics).toMatchObject([
      { rule: 'invalid-field', line: 4, reason: expect.stringContaining('must be true, false') },
    ]);
    expect(read(`${base}\npin:\n  to: lead\n  until: tomorrow`).diagnostics).toMatchObject([
      { rule: 'invalid-date', line: 6 },
    ]);
  });

  it('should warn at its line about an end that is not after the story date', () => {
    const { fields, diagnostics } = read(`${base}\npin:\n  to: lead\n  until: 2021-05-05 09:00`);
    expect(fields?.pin?.to).toBe('lead');
    expect(diagnostics).toMatchObject([
      { rule: 'pin-ignored', severity: 'warning', line: 6, reason: expect.stringContaining('it never shows') },
    ]);
    expect(read(`${base}\nbreaking:\n  until: 2021-05-05 10:00`).diagnostics).toMatchObject([
      { rule: 'pin-ignored', line: 5 },
    ]);
  });
});
