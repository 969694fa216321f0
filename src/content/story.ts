import type { SlotName } from '../config/images.ts';
import type { StoryDate } from './dates.ts';
import type { Focus, Picture } from './picture.ts';
import type { PackRef } from '../util/pack-ref.ts';

/** A person or organisation credited on a story. */
export interface Author {
  readonly name: string;
  readonly url?: string | undefined;
  /** e.g. "Moscow correspondent", "Photographer". */
  readonly role?: string | undefined;
}

/**
 * A picture with its text. `src` is a URL ready for use in a page: for a local picture,
 * the JPEG the photo stage made of it (never the original file, which may carry GPS).
 */
export interface Image {
  readonly src: string;
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
  /** Size in pixels of `src`: from front matter for a remote picture, of the made JPEG for a local one. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  /** The point crops keep in view (front-matter `focus`). */
  readonly focus?: Focus | undefined;
  /**
   * A local picture as the photo stage made it, by layout slot: `lead` (with the social
   * crops) and `thumbnail` for a story's lead picture, `gallery` for gallery pictures,
   * `inline` for the body's first picture. Absent for remote pictures. Draw them with
   * `pictureElement()`, `figureElement()` and `galleryElement()`.
   */
  readonly pictures?: { readonly [S in SlotName]?: Picture | undefined } | undefined;
}

/** A story pinned to the front page's lead or top stories (`pin:` in front matter). */
export interface Pin {
  readonly to: 'lead' | 'top';
  /** When the pin ends; none: until it is removed from the front matter. */
  readonly until?: StoryDate | undefined;
}

/** A breaking-news banner on every page of the site (`breaking:` in front matter). */
export interface Breaking {
  /** When the banner goes. */
  readonly until: StoryDate;
  /** The banner's words; default: the headline. */
  readonly text?: string | undefined;
}

export interface Correction {
  readonly date: StoryDate;
  readonly text: string;
}

/** Sanitized HTML of a story body, safe to insert into a page unescaped. */
export interface SafeHtml {
  readonly type: 'raw';
  readonly value: string;
}

/**
 * A published story's metadata: everything listings, feeds and indexes need, and no body.
 * Small enough to keep for every story of a large archive.
 */
export interface StorySummary {
  /** Path of the source relative to the articles folder, e.g. "2021/russia-quartet.md". */
  readonly id: string;
  /** Content hash of everything the story was made from (source, id, load settings, tool version). */
  readonly hash: string;
  readonly slug: string;
  /** True when the slug was made from the title (not written in front matter): it may get a "-2" if another story has it. */
  readonly derivedSlug: boolean;
  /** Site path of the story page, e.g. "/2021/05/05/russia-ready/" (without the base path). */
  readonly url: string;
  readonly title: string;
  /** Standfirst: the sentence under the headline. */
  readonly dek?: string | undefined;
  /** Small label above the headline, e.g. "Analysis". */
  readonly kicker?: string | undefined;
  readonly date: StoryDate;
  readonly updated?: StoryDate | undefined;
  readonly authors: readonly Author[];
  /** Wire agency credit, e.g. "Associated Press". */
  readonly source?: string | undefined;
  /** Place line, e.g. "MOSCOW". */
  readonly dateline?: string | undefined;
  /** The section's id, which is also its URL segment: "customer-experience". */
  readonly section?: string | undefined;
  /**
   * The section's name as this story gives it: the configured name, or (when the config
   * lists no sections) the name as written, "Customer Experience". Layouts show
   * `site.sectionName(story.section)`, which is the same for every story of the section.
   */
  readonly sectionName?: string | undefined;
  readonly tags: readonly string[];
  /** The lead picture (`image` in front matter). */
  readonly image?: Image | undefined;
  readonly gallery: readonly Image[];
  /**
   * The first picture in the body, if any: what link previews and structured data show
   * for a story without a lead picture or gallery.
   */
  readonly bodyImage?: Image | undefined;
  readonly draft: boolean;
  /** Canonical URL for syndicated copy, if it was first published elsewhere. */
  readonly canonical?: string | undefined;
  /** Old site paths that should redirect here, normalised ("/old/path/"). */
  readonly aliases: readonly string[];
  readonly corrections: readonly Correction[];
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly wordCount: number;
  readonly readingMinutes: number;
  /** Plain-text summary: the dek, or the start of the first paragraph. */
  readonly excerpt: string;
  /**
   * Pinned to the front page, while the pin is in force: a build drops a pin whose
   * `until` has passed, so a story has `pin` only while it counts.
   */
  readonly pin?: Pin | undefined;
  /** The story has the breaking-news banner; like `pin`, only while it is in force. */
  readonly breaking?: Breaking | undefined;
  /**
   * Set only in `broadsheet dev`'s preview: the story is a draft or is embargoed, and is
   * shown so that it can be read before it is published. Layouts mark it ("DRAFT",
   * "EMBARGOED until …"); `broadsheet build` never publishes such a story.
   */
  readonly preview?: 'draft' | 'embargoed' | undefined;
  /** Front-matter fields Broadsheet does not know, kept for layouts. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The front matter's `id:`, a name for the story that survives renaming its file. */
  readonly storyId?: string | undefined;
  /** Where the article writes the fields that whole-site messages are about. */
  readonly lines?: FieldLines | undefined;
}

/**
 * The line of each field a message about the whole site can concern (a URL kept, a slug
 * taken, a tag's slug shared), as the article writes it: the stages that find those
 * problems see summaries, not the source.
 */
export type FieldLines = Readonly<Partial<Record<(typeof LINED_FIELDS)[number], number>>>;
export const LINED_FIELDS = ['title', 'slug', 'date', 'updated', 'draft', 'tags', 'authors', 'aliases'] as const;

/** Where a message about a story's field points: the field's line, else the first of `fallbacks` written, else the top. */
export function fieldPlace(
  file: string,
  story: { readonly lines?: FieldLines | undefined },
  ...fields: (keyof FieldLines)[]
): { file: string; line: number; column: number } {
  for (const field of fields) {
    const line = story.lines?.[field];
    if (line !== undefined) return { file, line, column: 1 };
  }
  return { file, line: 1, column: 1 };
}

/**
 * What of a summary only the pages showing the story read: its text and pictures. The
 * stages that walk every story of the archive (select, index, plan, route) never do, so
 * the build cache keeps these apart and reads them back by story, as it does bodies.
 */
export const DETAIL_KEYS = [
  'title',
  'dek',
  'kicker',
  'dateline',
  'image',
  'gallery',
  'bodyImage',
  'corrections',
  'wordCount',
  'readingMinutes',
  'excerpt',
  'data',
] as const;
export type DetailKey = (typeof DETAIL_KEYS)[number];
export type StoryDetails = Pick<StorySummary, DetailKey>;

/**
 * A story as the whole-site stages see it: a summary without its details, which `details`
 * says where to read. A whole summary (no `details`) is one too.
 */
export type StoryCore = Omit<StorySummary, DetailKey> & { readonly details?: PackRef | undefined };

/**
 * A core and its details made whole again. Written out key by key (every key of a summary
 * must be named here, which the type checks) rather than spread: archives make one for
 * every story whenever every page is rendered.
 */
export function wholeSummary(core: StoryCore, d: StoryDetails): StorySummary {
  const whole: { readonly [K in keyof Required<StorySummary>]: StorySummary[K] } = {
    id: core.id,
    hash: core.hash,
    slug: core.slug,
    derivedSlug: core.derivedSlug,
    url: core.url,
    title: d.title,
    dek: d.dek,
    kicker: d.kicker,
    date: core.date,
    updated: core.updated,
    authors: core.authors,
    source: core.source,
    dateline: d.dateline,
    section: core.section,
    sectionName: core.sectionName,
    tags: core.tags,
    image: d.image,
    gallery: d.gallery,
    bodyImage: d.bodyImage,
    draft: core.draft,
    canonical: core.canonical,
    aliases: core.aliases,
    corrections: d.corrections,
    lang: core.lang,
    dir: core.dir,
    wordCount: d.wordCount,
    readingMinutes: d.readingMinutes,
    excerpt: d.excerpt,
    pin: core.pin,
    breaking: core.breaking,
    preview: core.preview,
    data: d.data,
    storyId: core.storyId,
    lines: core.lines,
  };
  return whole;
}

/** The one type story layouts receive: a summary plus the rendered body. */
export interface Story extends StorySummary {
  readonly body: SafeHtml;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb']);

/** Text direction of a language tag. */
export const directionOf = (lang: string): 'ltr' | 'rtl' =>
  RTL.has(lang.toLowerCase().split('-')[0]!) ? 'rtl' : 'ltr';

/** Newest first; equal dates fall back to the URL so that order never depends on discovery. */
export function newestFirst(a: StoryCore, b: StoryCore): number {
  return b.date.epoch - a.date.epoch || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}
