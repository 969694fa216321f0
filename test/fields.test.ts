import { describe, expect, it } from 'vitest';
import { readFields } from '../src/content/fields.ts';
import { parseFrontMatter } from '../src/content/frontmatter.ts';

const config = { timeZone: 'Europe/Moscow', sections: [] as { id: string; name: string; description: string }[] };

function read(yaml: string, cfg: typeof config & { altText?: 'required' | 'warn' } = config) {
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

  it('should check every other field of an article whose front matter has a wrong shape, all in one round', () => {
    const { fields, diagnostics } = read(
      [
        'title: T',
        'date: 05/06/2024',
        'draft: maybe',
        'canonical: javascript:alert(1)',
        'image: { src: bus.jpg }',
        'section: { name: World }',
      ].join('\n'),
      { ...config, sections: [{ id: 'world', name: 'World', description: '' }] },
    );
    expect(fields).toBeUndefined();
    expect(diagnostics.map((d) => [d.rule, d.line])).toEqual([
      ['invalid-field', 4],
      ['invalid-field', 7],
      ['invalid-date', 3],
      ['unsafe-url', 5],
      ['missing-alt', 6],
    ]);
  });

  it('should say an empty title is empty, and a title of the wrong type what it must be', () => {
    expect(read('title: ""\ndate: 2024-01-01').diagnostics.map((d) => [d.line, d.reason])).toEqual([
      [2, 'title: must not be empty'],
    ]);
    expect(read('title: [a, b]\ndate: 2024-01-01').diagnostics.map((d) => [d.line, d.reason])).toEqual([
      [2, 'title: must be text'],
    ]);
  });

  it('should say what a list item must be, in plain words', () => {
    expect(read('title: T\ndate: 2024-01-01\ngallery:\n  - images/g.jpg').diagnostics.map((d) => d.reason)).toEqual([
      'gallery[0]: must be a list of pictures, each {src, alt, caption, credit}',
    ]);
  });

  it("should refuse another tool's way of holding a story back, which would publish it at once", () => {
    const held = (line: string) => {
      const { fields, diagnostics } = read(`title: T\ndate: 2026-12-07 10:00\n${line}`);
      return { published: fields !== undefined, rules: diagnostics.map((d) => [d.rule, d.severity, d.line]) };
    };
    for (const line of [
      'embargo: 2026-12-20 00:01',
      'embargo_until: 2026-12-20',
      'publishDate: 2027-01-01',
      'published: false',
      'status: draft',
      'Draft: true',
      'draf: yes',
      'unpublished: true',
    ])
      expect(held(line), line).toEqual({ published: false, rules: [['hold-not-read', 'error', 4]] });
    for (const line of ['published: true', 'status: published', 'Draft: false', 'mood: calm'])
      expect(held(line), line).toEqual({ published: true, rules: [['unknown-field', 'warning', 4]] });
    expect(read('title: T\ndate: 2026-12-07\nembargo: 2026-12-20 00:01').diagnostics[0]!.reason).toBe(
      '"embargo" is not a field Broadsheet reads, so the story would be published now: an embargo is the story\'s `date:` (2026-12-20 00:01)',
    );
  });

  it("should keep the fields the config declares as the site's own in data, without a warning", () => {
    const cfg = { ...config, customFields: ['weight', 'status'] };
    const { fields, diagnostics } = read('title: T\ndate: 2026-12-07\nweight: 3\nstatus: breaking\nmood: calm', cfg);
    expect(fields?.data).toEqual({ weight: 3, status: 'breaking', mood: 'calm' });
    expect(diagnostics.map((d) => [d.rule, d.line])).toEqual([['unknown-field', 6]]);
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

  it('should require alt text on images and gallery items, absent or empty', () => {
    const { diagnostics, fields } = read(
      'title: T\ndate: 2021-05-05\nimage: {src: lead.jpg, alt: ""}\ngallery:\n  - src: a.jpg\n    alt: A\n  - src: b.jpg',
    );
    expect(fields).toBeUndefined();
    expect(diagnostics).toMatchObject([
      { rule: 'missing-alt', severity: 'error', line: 4, reason: 'image "lead.jpg" has no alt text' },
      { rule: 'missing-alt', severity: 'error', line: 8, reason: 'gallery[1] "b.jpg" has no alt text' },
    ]);
  });

  it('should publish images without alt text as decorative, with a warning each, when altText is "warn"', () => {
    const { diagnostics, fields } = read(
      'title: T\ndate: 2021-05-05\nimage: {src: lead.jpg, alt: " "}\ngallery:\n  - src: a.jpg\n    alt: A\n  - src: b.jpg',
      { ...config, altText: 'warn' as const },
    );
    expect(fields?.image).toMatchObject({ src: 'lead.jpg', alt: '' });
    expect(fields?.gallery.map((g) => g.alt)).toEqual(['A', '']);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.line])).toEqual([
      ['missing-alt', 'warning', 4],
      ['missing-alt', 'warning', 8],
    ]);
    expect(diagnostics[0]!.reason).toContain('decorative');
  });

  it('should read an image focus as across,down fractions, and a remote picture size', () => {
    const { diagnostics, fields } = read(
      'title: T\ndate: 2021-05-05\nimage:\n  src: https://example.org/a.jpg\n  alt: A\n  focus: 0.7, 0.25\n  width: 1600\n  height: 900\n' +
        'gallery:\n  - {src: b.jpg, alt: B, focus: [0, 1]}\n  - {src: c.jpg, alt: C}',
    );
    expect(diagnostics).toEqual([]);
    expect(fields?.image).toMatchObject({ focus: { x: 0.7, y: 0.25 }, width: 1600, height: 900 });
    expect(fields?.gallery.map((g) => g.focus)).toEqual([{ x: 0, y: 1 }, undefined]);
  });

  it('should refuse a focus outside the picture, and a size that is not whole pixels, at their lines', () => {
    const { diagnostics, fields } = read(
      'title: T\ndate: 2021-05-05\nimage:\n  src: a.jpg\n  alt: A\n  focus: 1.5,0.2\ngallery:\n  - src: b.jpg\n    alt: B\n    focus: middle',
    );
    expect(fields).toBeUndefined();
    expect(diagnostics).toMatchObject([
      { rule: 'invalid-field', line: 7, column: 3 },
      { rule: 'invalid-field', line: 11, column: 5 },
    ]);
    expect(diagnostics[0]!.reason).toBe(
      'image.focus: focus must be two numbers from 0 to 1, across then down, such as "0.5,0.3"',
    );
    expect(diagnostics[1]!.reason).toContain('gallery[0].focus');
    const sized = read('title: T\ndate: 2021-05-05\nimage: {src: a.jpg, alt: A, width: 12.5, height: -3}');
    expect(sized.diagnostics.map((d) => [d.rule, d.line])).toEqual([
      ['invalid-field', 4],
      ['invalid-field', 4],
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

  it('should refuse a misspelt field inside an object field, where it cannot be kept, naming the one meant', () => {
    const { fields, diagnostics } = read(
      [
        'title: T',
        'date: 2021-05-05',
        'image: {src: a.jpg, alt: A bus, capton: The last bus}',
        'gallery:',
        '  - {src: b.jpg, alt: B, credit: C}',
        '  - {src: c.jpg, alt: C, cedit: D}',
        'authors: [{name: Ana Lima, rol: Reporter}]',
        'pin: {to: lead, untl: 2021-05-06}',
        'breaking: {txt: Now}',
        'corrections: [{date: 2021-05-06, text: Fixed, note: x}]',
      ].join('\n'),
    );
    expect(fields).toBeUndefined();
    const byLine = [...diagnostics].sort((a, b) => a.line - b.line);
    expect(byLine.map((d) => [d.rule, d.severity, d.line, d.reason])).toEqual([
      ['invalid-field', 'error', 4, 'image has no field "capton": did you mean `caption`?'],
      ['invalid-field', 'error', 7, 'gallery[1] has no field "cedit": did you mean `credit`?'],
      ['invalid-field', 'error', 8, 'authors[0] has no field "rol": did you mean `role`?'],
      ['invalid-field', 'error', 9, 'pin has no field "untl": did you mean `until`?'],
      ['invalid-field', 'error', 10, 'breaking has no field "txt": did you mean `text`?'],
      ['invalid-field', 'error', 11, 'corrections[0] has no field "note"'],
    ]);
  });

  it('should name the misspelt key of a field written in several forms, and the shape of a list in plain words', () => {
    const { fields, diagnostics } = read(
      ['title: T', 'date: 2021-05-05', 'authors: [Ann, {nme: X}]', 'corrections: fixed it'].join('\n'),
    );
    expect(fields).toBeUndefined();
    expect([...diagnostics].sort((a, b) => a.line - b.line).map((d) => [d.line, d.reason])).toEqual([
      [4, 'authors[1] has no field "nme": did you mean `name`?'],
      [5, 'corrections: must be a list of corrections, each {date, text}'],
    ]);
  });

  it('should read tags and authors written as one comma-separated string as lists, with a warning naming the field', () => {
    const { fields, diagnostics } = read(
      'title: T\ndate: 2021-05-05\ntags: housing, city council, budget\nauthor: Ana Lima, Ben Okafor',
    );
    expect(fields?.tags).toEqual(['housing', 'city council', 'budget']);
    expect(fields?.authors).toEqual([{ name: 'Ana Lima' }, { name: 'Ben Okafor' }]);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.line])).toEqual([
      ['list-in-one-string', 'warning', 4],
      ['list-in-one-string', 'warning', 5],
    ]);
    expect(diagnostics[0]!.reason).toMatch(/^tags: /);
    expect(diagnostics[1]!.reason).toMatch(/^author: .* 2 authors/);
    // A list, or a name without a comma, is taken as it is.
    expect(read('title: T\ndate: 2021-05-05\nauthors: ["Lima, Ana"]\ntags: housing').diagnostics).toEqual([]);
  });

  it('should suggest the field an unknown one is a misspelling of', () => {
    const { diagnostics } = read('title: T\ndate: 2021-05-05\ntgas: [a]\ndateline: X\nsecton: world\nmood: sunny');
    expect(diagnostics.map((d) => d.reason)).toEqual([
      'unknown field "tgas" (kept in story.data): did you mean `tags`?',
      'unknown field "secton" (kept in story.data): did you mean `section`?',
      'unknown field "mood" (kept in story.data)',
    ]);
    const missing = read('Title: T\ndate: 2021-05-05').diagnostics;
    expect(missing.map((d) => d.reason)).toEqual([
      'unknown field "Title" (kept in story.data): did you mean `title`?',
      expect.stringContaining('missing required field "title" (there is "Title"'),
    ]);
  });

  it('should read draft: yes and no as YAML 1.1 meant them, with a plain-words warning, and refuse other text', () => {
    const yes = read('title: T\ndate: 2021-05-05\ndraft: yes');
    expect(yes.fields?.draft).toBe(true);
    expect(yes.diagnostics).toMatchObject([
      { rule: 'yes-no-value', severity: 'warning', line: 4, reason: expect.stringContaining('read as true') },
    ]);
    expect(read('title: T\ndate: 2021-05-05\ndraft: "No"').fields?.draft).toBe(false);
    const pending = read('title: T\ndate: 2021-05-05\ndraft: pending');
    expect(pending.fields).toBeUndefined();
    expect(pending.diagnostics).toMatchObject([
      { rule: 'invalid-field', line: 4, reason: expect.stringContaining('a story is a draft (`draft: true`) or not') },
    ]);
  });

  it('should refuse a UTC offset no place has, naming it', () => {
    for (const date of ['2026-12-01T09:00:00+25:00', '"2026-12-01 09:00 -15:00"', '2026-12-01T09:00+03:75']) {
      const { fields, diagnostics } = read(`title: T\ndate: ${date}`);
      expect(fields, date).toBeUndefined();
      expect(diagnostics, date).toMatchObject([
        {
          rule: 'invalid-date',
          line: 3,
          reason: expect.stringContaining('which no place has'),
          hint: expect.any(String),
        },
      ]);
    }
    expect(read('title: T\ndate: 2026-12-01T09:00:00+14:00').fields?.date.iso).toBe('2026-12-01T09:00:00+14:00');
    expect(read('title: T\ndate: 2026-12-01T09:00:00-12:00').fields?.date.iso).toBe('2026-12-01T09:00:00-12:00');
  });

  it('should suggest the ISO 8601 form of a date written another way', () => {
    const hint = (date: string) => read(`title: T\ndate: ${date}`).diagnostics[0];
    expect(hint('May 5, 2021')).toMatchObject({
      rule: 'invalid-date',
      line: 3,
      reason: 'date: "May 5, 2021" is not an ISO 8601 date: did you mean 2021-05-05?',
      hint: expect.stringContaining('`date: 2021-05-05`'),
    });
    expect(hint('"Wed, 5th May 2021 3:20 PM"')?.reason).toContain('did you mean 2021-05-05 15:20?');
    expect(hint('2021/5/5')?.reason).toContain('did you mean 2021-05-05?');
    expect(hint('05/06/2021')?.reason).toContain('is it 2021-05-06 or 2021-06-05?');
    expect(hint('25/12/2021')?.reason).toContain('did you mean 2021-12-25?');
    expect(hint('next Tuesday')?.reason).toBe('date: "next Tuesday" is not an ISO 8601 date');
    expect(hint('February 30, 2021')?.reason).toBe('date: "February 30, 2021" is not an ISO 8601 date');
  });

  it('should accept the date form Jekyll writes, with a space before the offset', () => {
    expect(read('title: T\ndate: 2021-05-05 15:20:00 +0300').fields?.date.iso).toBe('2021-05-05T15:20:00+03:00');
  });

  it('should normalise an explicit slug that is not one URL segment yet is safe, saying what it became', () => {
    for (const [written, published] of [
      ['-budget-2025-', 'budget-2025'],
      ['"Budget 2025!"', 'budget-2025'],
      ['Über-Straße', 'uber-strasse'],
    ]) {
      const { fields, diagnostics } = read(`title: T\ndate: 2021-05-05\nslug: ${written}`);
      expect(fields?.slug).toBe(published);
      expect(diagnostics).toMatchObject([
        { rule: 'slug-normalised', severity: 'warning', line: 4, reason: expect.stringContaining(`"${published}"`) },
      ]);
    }
    expect(read('title: T\ndate: 2021-05-05\nslug: under_score-OK').fields?.slug).toBe('under_score-OK');
    const unsafe = read('title: T\ndate: 2021-05-05\nslug: "a/b"').diagnostics[0];
    expect(unsafe).toMatchObject({ rule: 'unsafe-path', hint: expect.stringContaining('without `/`') });
  });

  it('should make section ids from names when no sections are configured, keeping the name', () => {
    const section = (name: string) => {
      const { fields } = read(`title: T\ndate: 2021-05-05\nsection: ${name}`);
      return [fields?.section, fields?.sectionName];
    };
    expect(section('Customer Experience')).toEqual(['customer-experience', 'Customer Experience']);
    expect(section('A/B Testing')).toEqual(['a-b-testing', 'A/B Testing']);
    expect(section('rec mng')).toEqual(['rec-mng', 'rec mng']);
    expect(section('world')).toEqual(['world', 'World']);
    expect(section('city-life')).toEqual(['city-life', 'City life']);
    // Names that would take another page's path get a suffix; a name with no letters is "section".
    expect(section('Search')).toEqual(['search-section', 'Search']);
    expect(section('"2021"')).toEqual(['2021-section', '2021']);
    expect(section('"!!!"')).toEqual(['section', '!!!']);
  });

  it('should accept a configured section by id, name or the slug of its name, and keep its id', () => {
    const cfg = { ...config, sections: [{ id: 'tech', name: 'Science & Technology', description: '' }] };
    for (const written of ['tech', 'Science & Technology', 'science & technology'])
      expect(read(`title: T\ndate: 2021-05-05\nsection: ${written}`, cfg).fields).toMatchObject({
        section: 'tech',
        sectionName: 'Science & Technology',
      });
  });

  it('should refuse a section that is not configured, naming the one a misspelling means', () => {
    const cfg = {
      ...config,
      sections: [
        { id: 'world', name: 'World', description: '' },
        { id: 'sport', name: 'Sport', description: '' },
        { id: 'tech', name: 'Science & Technology', description: '' },
      ],
    };
    const reason = (section: string) =>
      read(`title: T\ndate: 2021-05-05\nsection: ${section}`, cfg).diagnostics.map((d) => [d.rule, d.line, d.reason]);
    expect(reason('Sprots')).toEqual([
      ['unknown-section', 4, 'section "Sprots" is not one of: world, sport, tech; did you mean sport?'],
    ]);
    expect(reason('Science & Tecnology')[0]![2]).toMatch(/did you mean tech\?$/);
    expect(reason('Culture')).toEqual([['unknown-section', 4, 'section "Culture" is not one of: world, sport, tech']]);
  });

  it('should say so when a headline has nothing to make a URL of, and give the slug it used', () => {
    const { fields, diagnostics } = read('title: "🔥🔥🔥"\ndate: 2021-05-05');
    expect(fields?.slug).toBe('story-a-md');
    expect(diagnostics.map((d) => [d.rule, d.severity, d.line, d.reason])).toEqual([
      [
        'slug-normalised',
        'warning',
        2,
        'the headline has no letters or digits to make a URL of: the story is published as "story-a-md"',
      ],
    ]);
    expect(read('title: "🔥🔥🔥"\nslug: fire\ndate: 2021-05-05').diagnostics).toEqual([]);
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

describe('a part of a field left out', () => {
  it('should say a correction without its date is missing one, at the correction', () => {
    const { diagnostics } = read(
      'title: T\ndate: 2026-12-07 17:30\ncorrections:\n  - date: 2026-12-08\n    text: One.\n  - text: Two.',
    );
    expect(diagnostics.map((d) => [d.rule, d.line, d.reason])).toEqual([
      ['invalid-field', 7, 'corrections[1].date is missing'],
    ]);
  });
});

describe('dates in order', () => {
  it('should warn at its line about an update or a correction dated before the story, and not show the update', () => {
    const { fields, diagnostics } = read(
      'title: T\ndate: 2026-12-07 17:30\nupdated: 2026-12-01 10:00\ncorrections:\n  - date: 2026-11-30\n    text: A name was misspelt.\n  - date: 2026-12-08\n    text: A date was wrong.',
    );
    expect(diagnostics).toMatchObject([
      { rule: 'date-order', severity: 'warning', line: 4, reason: expect.stringContaining('it is not shown') },
      { rule: 'date-order', severity: 'warning', line: 6, reason: expect.stringContaining('corrections[0].date') },
    ]);
    expect(fields?.updated).toBeUndefined();
    expect(fields?.corrections.map((c) => c.text)).toEqual(['A name was misspelt.', 'A date was wrong.']);
    // A day alone on the story's own day is not before it.
    const sameDay = read('title: T\ndate: 2026-12-07 17:30\nupdated: 2026-12-07');
    expect([sameDay.diagnostics, sameDay.fields?.updated?.iso.slice(0, 10)]).toEqual([[], '2026-12-07']);
    expect(read('title: T\ndate: 2026-12-07 17:30\nupdated: 2026-12-06').diagnostics).toMatchObject([
      { rule: 'date-order', line: 4 },
    ]);
    const later = read('title: T\ndate: 2026-12-07 17:30\nupdated: 2026-12-07 18:00');
    expect([later.diagnostics, later.fields?.updated?.iso]).toEqual([[], '2026-12-07T18:00:00+03:00']);
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
