import { BREAKING_HOURS } from './field-dates.ts';
import { wallClock } from './dates.ts';
import { slugify } from './slug.ts';

/**
 * The first words of the body `broadsheet new` writes: a story published with them still
 * in it is an error (`template-text`), a draft is not.
 */
export const TEMPLATE_PLACEHOLDER = 'Write the story here, in Markdown.';

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
    '# dek: What happened, to whom, and why it matters',
    `# When the story is published, in the site time zone (${story.zone}). A later time`,
    '# embargoes it: builds leave it out until then.',
    `date: ${now}`,
    '# The last substantive update, shown as "Updated …".',
    `# updated: ${later}`,
    story.authors.length
      ? `authors: [${story.authors.map((a) => JSON.stringify(a)).join(', ')}]`
      : '# authors: [Your Name]',
    '# The wire agency credited with the byline, and the place line before the first paragraph.',
    '# source: Associated Press',
    '# dateline: LONDON',
    ...(story.sections.length ? [`# One of: ${story.sections.join(', ')}.`] : []),
    `${story.section === undefined ? '# ' : ''}section: ${plain(section)}`,
    '# tags: [first topic, second topic]',
    '# The label above the headline; default: the section.',
    '# kicker: Analysis',
    '# The lead picture; its path is relative to this file.',
    '# image:',
    '#   src: images/picture.jpg',
    '#   alt: What the picture shows, for readers who cannot see it',
    '#   caption: Who and what is in the picture',
    '#   credit: Photographer/Agency',
    '# gallery:',
    '#   - src: images/second.jpg',
    '#     alt: What the second picture shows',
    '# Left out of builds while true; broadsheet dev shows it marked as a draft.',
    `${story.draft ? '' : '# '}draft: true`,
    '# Pin the story to the front page as its lead or among its top stories (lead or',
    `# top), for good or until a time: {to: lead, until: ${later}}`,
    '# pin: lead',
    `# A breaking-news banner on every page, for ${BREAKING_HOURS} hours or until a time:`,
    `# {until: ${later}, text: Short banner text}`,
    '# breaking: true',
    '# The URL is made from the date and the slug; the slug from the headline.',
    `# slug: ${slug}`,
    '# Syndicated copy: where it was first published.',
    '# canonical: https://example.com/where-it-first-appeared',
    '# Old URLs of the story, redirected here.',
    '# aliases: [/an/old/path/]',
    '# corrections:',
    `#   - date: ${later}`,
    '#     text: An earlier version of this story gave the wrong date for the vote.',
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
