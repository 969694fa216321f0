import { BREAKING_HOURS } from './field-dates.ts';
import { wallClock } from './dates.ts';
import { slugify } from './slug.ts';

/**
 * The first words of the body `broadsheet new` writes: a story published with them still
 * in it is an error (`template-text`), a draft is not.
 */
export const TEMPLATE_PLACEHOLDER = 'Write the story here, in Markdown.';

/**
 * The example values `broadsheet new` writes in the fields it leaves commented out. An
 * editor who uncomments a field and forgets to change its value would publish them (a
 * canonical link to example.com, a made-up correction): each is an error like the body's
 * placeholder (`templateExamples`). Plausible real values (`source: Associated Press`,
 * `dateline: LONDON`, `kicker: Analysis`) are not among them.
 */
const EXAMPLE = {
  dek: 'What happened, to whom, and why it matters',
  author: 'Your Name',
  tags: ['first topic', 'second topic'],
  alt: 'What the picture shows, for readers who cannot see it',
  caption: 'Who and what is in the picture',
  credit: 'Photographer/Agency',
  galleryAlt: 'What the second picture shows',
  banner: 'Short banner text',
  canonical: 'https://example.com/where-it-first-appeared',
  alias: '/an/old/path/',
  correction: 'An earlier version of this story gave the wrong date for the vote.',
} as const;

/** The front-matter fields `templateExamples` looks at, as the fields stage reads them. */
interface ExampleFields {
  readonly dek?: string | undefined;
  readonly authors: readonly { readonly name: string }[];
  readonly tags: readonly string[];
  readonly image?: PictureText | undefined;
  readonly gallery: readonly PictureText[];
  readonly breaking?: { readonly text?: string | undefined } | undefined;
  readonly canonical?: string | undefined;
  readonly aliases: readonly string[];
  readonly corrections: readonly { readonly text: string }[];
}

interface PictureText {
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
}

/** Where a story still has an example value of `broadsheet new`'s, by field path. */
export function templateExamples(fields: ExampleFields): { path: (string | number)[]; value: string }[] {
  const found: { path: (string | number)[]; value: string }[] = [];
  const check = (path: (string | number)[], value: string | undefined, example: string) => {
    if (value !== undefined && value.trim().toLowerCase() === example.toLowerCase())
      found.push({ path, value: example });
  };
  check(['dek'], fields.dek, EXAMPLE.dek);
  fields.authors.forEach((a, i) => check(['authors', i], a.name, EXAMPLE.author));
  fields.tags.forEach((tag, i) => EXAMPLE.tags.forEach((example) => check(['tags', i], tag, example)));
  const picture = (at: (string | number)[], p: PictureText, alt: string) => {
    check([...at, 'alt'], p.alt, alt);
    check([...at, 'caption'], p.caption, EXAMPLE.caption);
    check([...at, 'credit'], p.credit, EXAMPLE.credit);
  };
  if (fields.image) picture(['image'], fields.image, EXAMPLE.alt);
  fields.gallery.forEach((g, i) => picture(['gallery', i], g, EXAMPLE.galleryAlt));
  check(['breaking', 'text'], fields.breaking?.text, EXAMPLE.banner);
  check(['canonical'], fields.canonical, EXAMPLE.canonical);
  fields.aliases.forEach((alias, i) => check(['aliases', i], alias, EXAMPLE.alias));
  fields.corrections.forEach((c, i) => check(['corrections', i, 'text'], c.text, EXAMPLE.correction));
  return found;
}

/** What `broadsheet new` knows of the story it starts. */
export interface NewStory {
  readonly title: string;
  /** When it is written (epoch ms): the story's date, in `zone`. */
  readonly now: number;
  /** The site time zone. */
  readonly zone: string;
  readonly section?: string | undefined;
  readonly authors: readonly string[];
  readonly draft: boolean;
  /** The configured section ids, named in the comment above `section`. */
  readonly sections: readonly string[];
}

/**
 * The file name (relative to the articles folder) and text of a new story: every common
 * field, the ones not given commented out with an example, and a line or two on what the
 * less obvious ones do. Comments stand on lines of their own, where YAML cannot take them
 * for part of a value. Undefined when the headline has nothing to make a slug of.
 */
export function newArticle(story: NewStory): { readonly file: string; readonly text: string } | undefined {
  const slug = slugify(story.title);
  if (!slug) return undefined;
  const now = wallClock(story.now, story.zone);
  const later = wallClock(story.now + 4 * 3_600_000, story.zone);
  const section = story.section ?? story.sections[0] ?? 'world';
  const lines = [
    '---',
    `title: ${JSON.stringify(story.title)}`,
    '# The standfirst under the headline: one sentence on what the story adds.',
    `# dek: ${EXAMPLE.dek}`,
    `# When the story is published, in the site time zone (${story.zone}). A later time`,
    '# embargoes it: builds leave it out until then.',
    `date: ${now}`,
    '# The last substantive update, shown as "Updated …".',
    `# updated: ${later}`,
    story.authors.length
      ? `authors: [${story.authors.map((a) => JSON.stringify(a)).join(', ')}]`
      : `# authors: [${EXAMPLE.author}]`,
    '# The wire agency credited with the byline, and the place line before the first paragraph.',
    '# source: Associated Press',
    '# dateline: LONDON',
    ...(story.sections.length ? [`# One of: ${story.sections.join(', ')}.`] : []),
    `${story.section === undefined ? '# ' : ''}section: ${plain(section)}`,
    `# tags: [${EXAMPLE.tags.join(', ')}]`,
    '# The label above the headline; default: the section.',
    '# kicker: Analysis',
    '# The lead picture; its path is relative to this file.',
    '# image:',
    '#   src: images/picture.jpg',
    `#   alt: ${EXAMPLE.alt}`,
    `#   caption: ${EXAMPLE.caption}`,
    `#   credit: ${EXAMPLE.credit}`,
    '# gallery:',
    '#   - src: images/second.jpg',
    `#     alt: ${EXAMPLE.galleryAlt}`,
    '# Left out of builds while true; broadsheet dev shows it marked as a draft.',
    `${story.draft ? '' : '# '}draft: true`,
    '# Pin the story to the front page as its lead or among its top stories (lead or',
    `# top), for good or until a time: {to: lead, until: ${later}}`,
    '# pin: lead',
    `# A breaking-news banner on every page, for ${BREAKING_HOURS} hours or until a time:`,
    `# {until: ${later}, text: ${EXAMPLE.banner}}`,
    '# breaking: true',
    '# The URL is made from the date and the slug; the slug from the headline.',
    `# slug: ${slug}`,
    '# Syndicated copy: where it was first published.',
    `# canonical: ${EXAMPLE.canonical}`,
    '# Old URLs of the story, redirected here.',
    `# aliases: [${EXAMPLE.alias}]`,
    '# corrections:',
    `#   - date: ${later}`,
    `#     text: ${EXAMPLE.correction}`,
    '# The story language, when it is not the site language.',
    '# lang: en',
    '---',
    '',
    `${TEMPLATE_PLACEHOLDER} Without a dek, the start of the first paragraph`,
    'is the summary listings and feeds show.',
    '',
  ];
  return { file: `${now.slice(0, 10)}-${slug}.md`, text: lines.join('\n') };
}

/** A section id as it is written by hand (plain), or quoted when YAML would read it otherwise. */
const plain = (text: string) =>
  /^[a-z][a-z0-9-]*$/.test(text) && !/^(true|false|null)$/.test(text) ? text : JSON.stringify(text);
