import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { loadArticle } from '../src/content/load.ts';
import { createMarkdownProcessor } from '../src/content/markdown/processor.ts';
import { sha256 } from '../src/util/hash.ts';
import { newArticle, TEMPLATE_PLACEHOLDER } from '../src/content/template.ts';
import { buildSite, cli, removeDir, select, tempSite, toString } from './helpers.ts';

const SECTIONS = [
  { id: 'world', name: 'World' },
  { id: 'politics', name: 'Politics' },
];

/** Load an article's text as a build would: its summary and every problem found. */
async function load(text: string, zone = 'Europe/London') {
  const { config } = resolveConfig({ timeZone: zone, sections: SECTIONS }, { root: '/site' });
  const processor = await createMarkdownProcessor(config!);
  return loadArticle(
    { id: 'new.md', file: 'articles/new.md', text, hash: sha256(text) },
    { config: config!, processor, key: 'test' },
  );
}

describe('broadsheet new', () => {
  let dir: string;
  beforeAll(async () => {
    // A bare project: a config and nothing else, no articles folder.
    dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({ timeZone: 'Europe/London', sections: SECTIONS }),
    });
  });
  afterAll(() => removeDir(dir));

  it('should write articles/YYYY-MM-DD-slug.md dated now in the site zone, and print its path', async () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
    const made = await cli(
      [
        'new',
        'Council approves night bus pilot',
        '--section',
        'politics',
        '--author',
        'Maya Okonkwo',
        '--author',
        'Ben Okoro',
        '--draft',
        '--now',
        '2026-07-01T23:30:00Z',
      ],
      dir,
    );
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const file = path.join('articles', '2026-07-02-council-approves-night-bus-pilot.md');
    expect(made.stdout.trim()).toBe(file);
    const loaded = await load(await readFile(path.join(dir, file), 'utf8'));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.summary).toMatchObject({
      title: 'Council approves night bus pilot',
      date: { iso: '2026-07-02T00:30:00+01:00' },
      authors: [{ name: 'Maya Okonkwo' }, { name: 'Ben Okoro' }],
      section: 'politics',
      draft: true,
    });
  });

  it('should never overwrite a story, and say so', async () => {
    const file = path.join(dir, 'articles', '2026-11-27-a-story-that-exists.md');
    await writeFile(file, 'Written by hand.\n');
    const again = await cli(['new', 'A story that exists', '--now', '2026-11-27T12:00:00Z'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${path.join('articles', '2026-11-27-a-story-that-exists.md')} already exists`);
    expect(await readFile(file, 'utf8')).toBe('Written by hand.\n');
  });

  it('should refuse an unknown section, suggesting the one meant, and take a section by its name', async () => {
    const before = await readdir(path.join(dir, 'articles'));
    const typo = await cli(['new', 'Budget vote', '--section', 'politcs'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown section "politcs"; did you mean "politics"?');
    expect(typo.stderr).toContain('world, politics');
    const far = await cli(['new', 'Budget vote', '--section', 'gardening'], dir);
    expect(far.stderr).not.toContain('did you mean');
    expect(far.stderr).toContain('unknown section "gardening". The sections are: world, politics.');
    expect(await readdir(path.join(dir, 'articles'))).toEqual(before);
    // As front matter takes it: the name, written with the section's id.
    const byName = await cli(['new', 'Budget vote', '--section', 'World', '--now', '2026-11-27T12:00:00Z'], dir);
    expect(byName.code, byName.stderr).toBe(0);
    const written = await readFile(path.join(dir, byName.stdout.trim()), 'utf8');
    expect(written.split('\n')).toContain('section: world');
  });

  it('should explain what is missing', async () => {
    const none = await cli(['new'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give the headline');
    const symbols = await cli(['new', '!!!'], dir);
    expect(symbols.code).toBe(2);
    expect(symbols.stderr).toContain('no letters or digits');
    expect((await cli(['new', 'A', '--now', 'soon'], dir)).stderr).toContain('--now "soon" is not an ISO 8601 date');
  });

  it('should document every option in --help', async () => {
    const help = await cli(['new', '--help'], dir);
    expect(help.code).toBe(0);
    for (const flag of ['--section', '--author', '--draft', '--now', '--articles', '--config', '--help'])
      expect(help.stdout).toContain(flag);
  });
});

describe('the new-story template', () => {
  const story = {
    title: 'Россия готова: "quotes", colons and # signs',
    now: Date.parse('2026-11-27T23:30:00Z'),
    zone: 'Asia/Tokyo',
    authors: ['Ana Ruiz'],
    draft: false,
    sections: ['world', 'politics'],
  };

  it('should date the file and the story by the clock of the site zone', async () => {
    const made = newArticle(story)!;
    expect(made.file).toBe('2026-11-28-rossiya-gotova-quotes-colons-and-signs.md');
    const loaded = await load(made.text.replace(TEMPLATE_PLACEHOLDER, 'The story.'), 'Asia/Tokyo');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.summary).toMatchObject({ title: story.title, date: { iso: '2026-11-28T08:30:00+09:00' } });
    // Not a draft, no section given: both left commented out.
    expect(loaded.summary).toMatchObject({ draft: false, section: undefined });
  });

  it('should carry every common field, each commented-out example valid once uncommented', async () => {
    const { text } = newArticle(story)!;
    // The examples are the commented lines that start with a field or continue one.
    const uncommented = text.replace(/^# (?=[a-z]+:|\s)/gm, '');
    const loaded = await load(uncommented, 'Asia/Tokyo');
    expect(loaded.diagnostics).toEqual([]);
    expect(Object.keys(loaded.summary!.data)).toEqual([]);
    for (const field of [
      'dek',
      'updated',
      'source',
      'dateline',
      'tags',
      'kicker',
      'image',
      'slug',
      'canonical',
      'aliases',
      'corrections',
      'lang',
    ])
      expect(text, field).toMatch(new RegExp(`^# ${field}:`, 'm'));
    expect(loaded.summary).toMatchObject({
      section: 'world',
      draft: true,
      pin: { to: 'lead' },
      // 12 hours from `updated`, four hours after the date.
      breaking: { until: { epoch: Date.parse('2026-11-28T15:30:00Z') } },
      gallery: [{ alt: 'What the second picture shows' }],
    });
  });

  it("should not publish a story that keeps the examples' values once uncommented", async () => {
    const { text } = newArticle(story)!;
    const uncommented = text
      .replace(/^# (?=[a-z]+:|\s)/gm, '')
      .replace(/^draft: true\n/m, '')
      .replace(TEMPLATE_PLACEHOLDER, 'The story.')
      // Pictures beside the article are another check's (missing-image); these are remote.
      .replace(/src: images\//g, 'src: https://cdn.example.org/');
    const lines = uncommented.split('\n');
    const lineOf = (start: string) => lines.findIndex((l) => l.startsWith(start)) + 1;
    const loaded = await load(uncommented, 'Asia/Tokyo');
    expect(loaded.summary).toBeUndefined();
    // Each field at its line: the line that starts as given.
    const expected = [
      ['dek', 'dek:'],
      ['tags[0]', 'tags:'],
      ['tags[1]', 'tags:'],
      ['image.alt', '  alt: What the picture'],
      ['image.caption', '  caption:'],
      ['image.credit', '  credit:'],
      ['gallery[0].alt', '    alt: What the second'],
      ['canonical', 'canonical:'],
      ['aliases[0]', 'aliases:'],
      ['corrections[0].text', '    text: An earlier'],
    ];
    expect(loaded.diagnostics.map((d) => [d.rule, d.severity, d.line, d.reason.replace(/ \(".*"\)$/, '')])).toEqual(
      expected.map(([field, line]) => [
        'template-text',
        'error',
        lineOf(line!),
        `${field} is still the example broadsheet new wrote`,
      ]),
    );
    // A byline written as one name is named so; a draft keeping an example is refused by
    // a build that publishes drafts, with the field's own message.
    const single = await load(uncommented.replace(/^authors?: .*$/m, 'author: Your Name'), 'Asia/Tokyo');
    expect(single.diagnostics.map((d) => d.reason)).toContain(
      'author is still the example broadsheet new wrote ("Your Name")',
    );
    // Real values in their place publish.
    const written = uncommented
      .replace(/^dek: .*$/m, 'dek: The vote was close.')
      .replace(/^tags: .*$/m, 'tags: [transport]')
      .replace('What the picture shows, for readers who cannot see it', 'A ferry at the quay')
      .replace('Who and what is in the picture', 'The ferry on Monday')
      .replace('Photographer/Agency', 'Ana Lima/Agency')
      .replace('What the second picture shows', 'The crew')
      .replace(/^canonical: .*$/m, 'canonical: https://wire.example.org/ferry')
      .replace(/^aliases: .*$/m, 'aliases: [/old/ferry/]')
      .replace('An earlier version of this story gave the wrong date for the vote.', 'The vote was on Monday.');
    expect((await load(written, 'Asia/Tokyo')).diagnostics).toEqual([]);
  });

  it("should refuse a draft keeping an example under --drafts, with the field's own message", async () => {
    const dir = await tempSite({
      'articles/a.md': [
        '---',
        'title: A draft',
        'date: 2024-01-01T10:00:00Z',
        'draft: true',
        'canonical: https://example.com/where-it-first-appeared',
        '---',
        'Written.',
        '',
      ].join('\n'),
    });
    try {
      const { result } = await buildSite(dir, {}, { drafts: true });
      expect(result.diagnostics.map((d) => [d.rule, d.line, d.reason])).toEqual([
        [
          'template-text',
          5,
          'canonical is still the example broadsheet new wrote ("https://example.com/where-it-first-appeared")',
        ],
      ]);
    } finally {
      await removeDir(dir);
    }
  });

  it('should not publish with its placeholder text, and build into a story page once written', async () => {
    const dir = await tempSite({});
    try {
      const made = await cli(['new', 'A new story', '--now', '2026-11-27T09:00:00Z'], dir);
      expect(made.code).toBe(0);
      const file = path.join(dir, made.stdout.trim());
      const text = await readFile(file, 'utf8');
      const line = text.split('\n').findIndex((l) => l.startsWith(TEMPLATE_PLACEHOLDER)) + 1;
      const unwritten = await cli(['build', '--now', '2026-11-27T10:00:00Z'], dir);
      expect(unwritten.code).toBe(1);
      expect(unwritten.stderr).toContain(
        `${made.stdout.trim()}:${line}:1: error the story still has the placeholder text`,
      );
      expect(unwritten.stderr).toContain('[template-text]');
      // A draft may keep it: builds leave drafts out. One that publishes drafts refuses it.
      const draft = text.replace('# draft: true', 'draft: true');
      expect((await load(draft)).diagnostics).toEqual([]);
      await writeFile(file, draft);
      expect((await cli(['build', '--now', '2026-11-27T10:00:00Z'], dir)).code).toBe(0);
      const drafts = await cli(['build', '--drafts', '--now', '2026-11-27T10:00:00Z'], dir);
      expect(drafts.code).toBe(1);
      expect(drafts.stderr).toContain(
        `${made.stdout.trim()}:${line}:1: error the story still has the placeholder text`,
      );

      await writeFile(file, text.replace(TEMPLATE_PLACEHOLDER, 'The council met.'));
      const built = await buildSite(dir, {}, { now: Date.parse('2026-11-27T10:00:00Z') });
      expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(toString(select('h1', await built.page('2026/11/27/a-new-story/index.html'))!)).toBe('A new story');
      expect(existsSync(path.join(dir, 'articles', '2026-11-27-a-new-story.md'))).toBe(true);
    } finally {
      await removeDir(dir);
    }
  });
});
