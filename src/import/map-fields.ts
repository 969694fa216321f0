import { parseDate } from '../content/dates.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { ErrorId } from '../diagnostics/errors.ts';
import { FIELD_ALIASES, fieldsSchema, KNOWN_FIELDS } from '../content/fields.ts';
import { slugify } from '../content/slug.ts';
import { isHttpUrl, isSafeUrl } from '../content/urls.ts';
import { markdownBylines, profileOf } from './authors.ts';
import { items, words } from './lists.ts';
import { normaliseDate } from './old-dates.ts';
import type { OldSite, ReadPost } from './old-site.ts';

/** A Broadsheet author as written in front matter: a name, or a name with a URL. */
export type Author = string | { readonly name: string; readonly url: string };

/** A lead image in Broadsheet's shape. */
export interface LeadImage {
  readonly src: string;
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
}

/** A post's front matter in Broadsheet's fields, before its slug and aliases are planned. */
export interface MappedFields {
  readonly title: string;
  readonly dek?: string | undefined;
  readonly date: string;
  readonly updated?: string | undefined;
  readonly authors: readonly Author[];
  readonly section?: string | undefined;
  readonly tags: readonly string[];
  readonly image?: LeadImage | undefined;
  readonly draft: boolean;
  readonly lang?: string | undefined;
  readonly canonical?: string | undefined;
  /** Hugo's expiry date: Broadsheet has none, so it is kept for reference. */
  readonly expires?: string | undefined;
  /** Every other field of the post as written, under its own name (or a prefixed one where it would clash). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface FieldContext {
  readonly site: OldSite;
  /** The Broadsheet config's sections: a category naming one becomes the story's section. */
  readonly sections: readonly { readonly id: string }[];
  /** The src to write for a lead image's src as written: the attachment's name, or as written. */
  readonly placeImage: (src: string, at: { line: number; column: number }) => string;
}

const DEK = ['dek', 'description', 'summary', 'excerpt'];
const UPDATED = ['updated', 'lastmod', 'last_modified_at', 'lastModified', 'modified', 'updated_at', 'last_modified'];
const EXPIRES = ['expiryDate', 'expiry_date', 'expires', 'expirationDate', 'unpublishDate'];
const IMAGE = [
  'image',
  'featured_image',
  'featuredImage',
  'feature_image',
  'featureImage',
  'cover_image',
  'coverImage',
  'cover',
  'hero',
];
const CANONICAL = ['canonical', 'canonical_url', 'canonicalURL', 'canonicalUrl'];
/** Fields whose meaning the importer carries over in the slug and aliases it plans. */
const ADDRESS = ['slug', 'url', 'permalink', 'aliases', 'redirect_from'];
const BROADSHEET = new Set([...KNOWN_FIELDS, ...Object.keys(FIELD_ALIASES)]);
const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/**
 * Map a post's front matter to Broadsheet's fields: `description`/`summary`/`excerpt` →
 * `dek`, `lastmod` (and the like) → `updated`, `author`/`authors` (ids of the site's
 * author data resolved to names) → `authors`, `tags` and `categories` → `tags` (and the
 * first category that names a configured section → `section`), the lead image fields of
 * common themes → `image {src, alt, caption, credit}`, `published: false` → `draft`.
 * Every other field is kept under its own name; one that would clash with a Broadsheet
 * field of another shape is kept as `<generator>_<name>`, with a warning.
 */
export function mapFields(post: ReadPost, ctx: FieldContext): { fields?: MappedFields; diagnostics: Diagnostic[] } {
  const { site } = ctx;
  const diagnostics: Diagnostic[] = [];
  const file = post.raw.file;
  const warn = (rule: ErrorId, key: string | undefined, reason: string) =>
    diagnostics.push(diagnostic(rule, { file, ...(key ? post.locate(key) : {}) }, reason, { severity: 'warning' }));
  const consumed = new Set<string>();
  const own = Object.entries(post.fields);
  const params = site.generator === 'hugo' ? Object.entries(record(findIn(post.fields, 'params')?.[1])) : [];
  /** The first of `names` the post gives a value, as [key as written, value]; it is consumed. */
  const take = (...names: string[]): [string, unknown] | undefined => {
    for (const name of names) {
      const found = findIn(post.fields, name);
      if (found && !consumed.has(found[0])) {
        consumed.add(found[0]);
        return found;
      }
    }
    for (const name of names) {
      const found = findIn(Object.fromEntries(params), name);
      if (found) return [`params`, found[1]];
    }
    return undefined;
  };
  const release = (key: string) => consumed.delete(key);

  const title = take('title');
  const titleText = scalar(title?.[1]) ?? post.title;
  if (!titleText?.trim()) {
    // A theme's own name for the headline (`newstitle`, `headline`) is one --rename maps.
    const other = Object.keys(post.fields).find((k) => k !== 'title' && /title|headline/i.test(k));
    diagnostics.push(
      diagnostic(
        'missing-field',
        { file, ...(title ? post.locate(title[0]) : {}) },
        `the post has no title${other ? ` (it has "${other}")` : ''}`,
        other ? { hint: `If "${other}" is the headline, import with --rename ${other}=title.` } : {},
      ),
    );
  }
  if (!post.date) {
    const reason = post.diagnostics.some((d) => d.rule === 'invalid-date') ? undefined : 'the post has no date';
    if (reason)
      diagnostics.push(
        diagnostic('missing-field', { file }, reason, { hint: 'Add `date:` with the day the post was published.' }),
      );
  }
  take('date');
  // Hugo's publishDate (or pubdate, published) is when a post goes live; with no date it
  // is the date. After the date it holds the post back, as a date to come does here.
  const goesLive = site.generator === 'hugo' ? take('publishDate', 'pubdate', 'published') : undefined;
  if (!titleText?.trim() || !post.date) return { diagnostics };
  const live = goesLive && normaliseDate(goesLive[1], site.timeZone);
  const later = (a: string, b: string) => (parseDate(a, 'UTC')?.epoch ?? 0) > (parseDate(b, 'UTC')?.epoch ?? Infinity);
  const date = live && later(live, post.date) ? live : post.date;

  const dek = take(...DEK);
  const dekText = typeof dek?.[1] === 'string' ? dek[1].trim() : undefined;
  if (dek && dekText === undefined && dek[0] !== 'params') release(dek[0]);

  let updated: string | undefined;
  const lastmod = take(...UPDATED);
  if (lastmod) {
    const value = normaliseDate(String(lastmod[1]), site.timeZone);
    const epoch = value ? parseDate(value, 'UTC')?.epoch : undefined;
    const published = parseDate(date, 'UTC')?.epoch;
    if (value && epoch !== undefined && published !== undefined && epoch > published) updated = value;
    else if (!value || (epoch !== undefined && published !== undefined && epoch < published)) release(lastmod[0]);
  }

  let expires: string | undefined;
  const expiry = take(...EXPIRES);
  if (expiry) {
    expires = normaliseDate(String(expiry[1]), site.timeZone);
    if (expires)
      warn(
        'import-expiry',
        expiry[0],
        `"${expiry[0]}: ${String(expiry[1])}": Broadsheet does not take stories down; kept as "expires"`,
      );
    else release(expiry[0]);
  }

  const authors = readAuthorsField(take, post.inherited, site, warn);
  // Eleventy merges tags down its data cascade; Hugo and Jekyll let the post's own replace its defaults.
  const ownTags =
    site.generator === 'eleventy'
      ? [...items(post.inherited.tags), ...items(post.fields.tags)]
      : (post.fields.tags ?? post.inherited.tags);
  const tagValues = [
    ownTags,
    post.fields.categories ?? post.inherited.categories,
    post.fields.category ?? post.inherited.category,
  ];
  for (const key of ['tags', 'categories', 'category']) take(key);
  const split = site.generator === 'jekyll' ? words : items;
  // Jekyll splits `categories: a b` into words but takes the singular `category` whole.
  const categories = [...post.categories, ...split(tagValues[1]), ...items(tagValues[2])];
  // One topic however it is capitalised ("linux" in tags, "Linux" in categories): Broadsheet
  // would make two tag pages of them. The first spelling stays.
  const seen = new Set<string>();
  const tags = [...split(tagValues[0]), ...categories]
    .map((t) => (typeof t === 'string' || typeof t === 'number' ? String(t).trim() : ''))
    .filter((t) => t !== '' && !site.collectionTags.has(t))
    .filter((t) => !seen.has(t.toLowerCase()) && Boolean(seen.add(t.toLowerCase())));
  const sectionIds = new Set(ctx.sections.map((s) => s.id));
  const section = [...categories, ...tags].map((c) => slugify(String(c))).find((id) => sectionIds.has(id));

  const image = readImage(post, take, release, ctx, titleText, warn);

  for (const key of ['draft', 'published']) take(key);
  for (const key of ADDRESS) take(key);

  let lang: string | undefined;
  const language = take('lang', 'language');
  if (language) {
    // Jekyll sites write locales as Ruby does ("zh_tw"): a language tag has a hyphen ("zh-TW").
    const tag = typeof language[1] === 'string' ? languageTag(language[1]) : undefined;
    if (tag !== undefined && fieldsSchema.shape.lang.safeParse(tag).success) lang = tag;
    else release(language[0]);
  }

  let canonical: string | undefined;
  const canonicalField = take(...CANONICAL);
  if (canonicalField) {
    const value = canonicalField[1];
    let oldHost: string | undefined;
    try {
      oldHost = site.url ? new URL(site.url).host : undefined;
    } catch {
      oldHost = undefined;
    }
    if (typeof value === 'string' && isHttpUrl(value) && new URL(value).host !== oldHost) canonical = value;
    else release(canonicalField[0]);
  }

  const data: Record<string, unknown> = {};
  for (const [key, value] of own) {
    if (consumed.has(key)) continue;
    let name = key;
    if (BROADSHEET.has(key) && !fits(key, value, ctx)) {
      name = `${site.generator}_${key}`;
      for (let n = 2; name in post.fields || name in data; n++) name = `${site.generator}_${key}_${n}`;
      warn('import-field', key, `"${key}" does not fit Broadsheet's field of that name; kept as "${name}"`);
    }
    data[name] = value;
  }

  return {
    fields: {
      title: titleText.trim(),
      dek: dekText || undefined,
      date,
      updated,
      authors,
      section,
      tags,
      image,
      draft: post.draft,
      lang,
      canonical,
      expires,
      data,
    },
    diagnostics,
  };
}

/** Whether a field the importer does not map may keep its name: Broadsheet would read it as it is. */
function fits(key: string, value: unknown, ctx: FieldContext): boolean {
  if (key in FIELD_ALIASES) return false;
  const shape = (fieldsSchema.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>)[key];
  if (!shape?.safeParse(value).success) return false;
  if (key === 'section') return ctx.sections.length === 0 || ctx.sections.some((s) => s.id === value);
  if (key === 'canonical') return typeof value === 'string' && isHttpUrl(value);
  return !['title', 'date', 'updated', 'slug', 'aliases', 'image', 'gallery', 'authors', 'corrections'].includes(key);
}

type Take = (...names: string[]) => [string, unknown] | undefined;
type Warn = (rule: ErrorId, key: string | undefined, reason: string) => void;

function readAuthorsField(
  take: Take,
  inheritedFrom: Readonly<Record<string, unknown>>,
  site: OldSite,
  warn: Warn,
): Author[] {
  const out: Author[] = [];
  const own = [take('authors'), take('author')];
  // Jekyll's `defaults` commonly name the author of every post.
  const inherited = (['authors', 'author'] as const).map((k): [string, unknown] | undefined =>
    inheritedFrom[k] ? [k, inheritedFrom[k]] : undefined,
  );
  for (const field of own.some(Boolean) ? own : inherited) {
    if (!field) continue;
    const [key, value] = field;
    const written = (Array.isArray(value) ? value : [value]).flatMap((v) => {
      const read = markdownBylines(v);
      if (read.note) warn('import-field', key, read.note);
      return read.items;
    });
    for (const item of written) {
      if (item === null || item === undefined || item === '') continue;
      const known = typeof item === 'string' ? site.authors.get(item) : undefined;
      const profile = known ?? profileOf(item);
      if (!profile) {
        warn('import-field', key, `an author without a name in "${key}" was left out`);
        continue;
      }
      if (item && typeof item === 'object') {
        const left = Object.keys(item).filter(
          (k) => !['name', 'url', 'uri', 'website', 'web', 'homepage', 'link'].includes(k),
        );
        if (left.length)
          warn(
            'import-field',
            key,
            `author "${profile.name}": only the name and URL are kept (left out: ${left.join(', ')})`,
          );
      }
      const author: Author = profile.url ? { name: profile.name, url: profile.url } : profile.name;
      if (!out.some((a) => (typeof a === 'string' ? a : a.name) === profile.name)) out.push(author);
    }
  }
  return out;
}

function readImage(
  post: ReadPost,
  take: Take,
  release: (key: string) => void,
  ctx: FieldContext,
  title: string,
  warn: Warn,
): LeadImage | undefined {
  let found = take(...IMAGE);
  let from = found?.[0];
  let value: unknown = found?.[1];
  if (!found) {
    const header = record(findIn(post.fields, 'header')?.[1]);
    const src = header.overlay_image ?? header.image;
    if (typeof src === 'string') {
      value = { src, alt: header.image_description ?? header.alt, caption: header.caption };
      from = 'header';
    } else {
      const images =
        findIn(post.fields, 'images')?.[1] ?? findIn(record(findIn(post.fields, 'params')?.[1]), 'images')?.[1];
      const first = Array.isArray(images) ? images[0] : images;
      const bundled = post.raw.resources.find(
        (r) => /^(cover|featured|feature)\.[a-z]+$/i.test(r) && IMAGE_FILE.test(r),
      );
      if (typeof first === 'string') value = first;
      else if (bundled) value = bundled;
      from = typeof first === 'string' ? 'images' : undefined;
    }
    found = value === undefined ? undefined : [from ?? 'image', value];
  }
  if (value === undefined || value === null || value === '') return undefined;
  const object = record(value);
  const pick = (keys: readonly string[], source: Record<string, unknown>) =>
    keys.map((k) => source[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const src = typeof value === 'string' ? value : pick(['src', 'path', 'url', 'image', 'file', 'filename'], object);
  if (!src || !isSafeUrl(src) || src.startsWith('mailto:')) {
    if (found && found[0] !== 'params' && found[0] !== 'header' && found[0] !== 'images') release(found[0]);
    return undefined;
  }
  const prefix = from && IMAGE.includes(from) ? from : 'image';
  const side = (suffix: string) => {
    const field = take(
      `${prefix}_${suffix}`,
      `${prefix}${suffix[0]!.toUpperCase()}${suffix.slice(1)}`,
      `image_${suffix}`,
    );
    return typeof field?.[1] === 'string' && field[1].trim() ? field[1].trim() : undefined;
  };
  const alt = pick(['alt', 'alternative', 'alt_text', 'image_description'], object) ?? side('alt');
  const caption = pick(['caption', 'title'], object) ?? side('caption');
  const credit = pick(['credit', 'attribution', 'attr', 'source'], object) ?? side('credit');
  const at = from && from !== 'images' && from !== 'header' ? post.locate(from) : { line: 1, column: 1 };
  if (!alt)
    warn(
      'import-image-alt',
      from,
      `lead image "${src}" has no alt text; its ${caption ? 'caption' : 'post title'} stands in for it`,
    );
  return { src: ctx.placeImage(src, at), alt: alt ?? caption ?? title, caption, credit };
}

/** [key as written, value] of a key, matched exactly or else without regard to case; empty values do not count. */
function findIn(fields: Readonly<Record<string, unknown>>, name: string): [string, unknown] | undefined {
  const lower = name.toLowerCase();
  const entries = Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return entries.find(([k]) => k === name) ?? entries.find(([k]) => k.toLowerCase() === lower);
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** A locale written with an underscore ("zh_tw", "pt_BR") as a BCP 47 language tag ("zh-TW"). */
function languageTag(value: string): string {
  const m = /^([a-z]{2,3})_([a-z]{2})$/i.exec(value.trim());
  return m ? `${m[1]!.toLowerCase()}-${m[2]!.toUpperCase()}` : value;
}
