import * as z from 'zod';
import type { ResolvedConfig } from '../config/config.ts';
import type { StoryDate } from './dates.ts';
import { breakingOf, correctionsOf, readDate, updatedOf } from './field-dates.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { ErrorId } from '../diagnostics/errors.ts';
import { closestName } from '../util/closest-name.ts';
import { EXPECTED_SHAPES, heldBack } from './field-hints.ts';
import { describe, valueAt } from './field-path.ts';
import type { FieldPath, FrontMatter } from './frontmatter.ts';
import { parseFocus, type Focus } from './picture.ts';
import { readSection } from './sections.ts';
import { isValidSlug, oncePerName, slugify } from './slug.ts';
import type { Breaking, Pin } from './story.ts';
import { isHttpUrl, isSafeUrl, safeSitePath } from './urls.ts';
import { readLoosely, type Report } from './loose-values.ts';

/** Alternative names accepted for fields (Jekyll, Hugo and Eleventy habits), mapped to ours. */
export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  description: 'dek',
  summary: 'dek',
  excerpt: 'dek',
  author: 'authors',
  redirect_from: 'aliases',
};

const text = z.string().trim().min(1, 'must not be empty');
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
const scalarText = z.union([z.string(), z.number()]).transform(String).pipe(text);

const image = z.strictObject({
  src: text,
  /** Required unless `altText: 'warn'`; checked after the schema, so that the config decides. */
  alt: z.string().trim().optional(),
  caption: z.string().optional(),
  credit: z.string().optional(),
  /** "x,y" (0–1): the point crops keep in view; checked after the schema (parseFocus). */
  focus: z.unknown().optional(),
  /** The picture's size in pixels: what a remote picture's `<img>` gets, so the page does not jump. */
  width: z.int().positive().optional(),
  height: z.int().positive().optional(),
});
const when = z.union([z.string(), z.date()]);
const pinPlace = z.enum(['lead', 'top']);
const pinObject = z.strictObject({ to: pinPlace, until: when.optional() });
const pin = z.union([pinPlace.transform((to) => ({ to, until: undefined })), pinObject]);
const breakingObject = z.strictObject({ until: when.optional(), text: text.optional() });
const breaking = z.union([
  z.boolean().transform((on) => (on ? { until: undefined, text: undefined } : undefined)),
  breakingObject,
]);
const authorObject = z.strictObject({ name: text, url: z.string().optional(), role: z.string().optional() });
const author = z.union([scalarText.transform((name) => ({ name })), authorObject]);
const correction = z.strictObject({ date: z.union([z.string(), z.date()]), text });

/** The front-matter schema: shapes only; dates, URLs and paths are checked after it. */
export const fieldsSchema = z.strictObject({
  title: scalarText,
  dek: z.string().trim().optional(),
  date: z.union([z.string(), z.date()]),
  updated: z.union([z.string(), z.date()]).optional(),
  authors: oneOrMany(author).default([]),
  source: text.optional(),
  dateline: text.optional(),
  section: text.optional(),
  tags: oneOrMany(scalarText).default([]),
  kicker: text.optional(),
  image: image.optional(),
  gallery: z.array(image).default([]),
  slug: scalarText.optional(),
  draft: z.boolean().default(false),
  canonical: text.optional(),
  aliases: oneOrMany(text).default([]),
  corrections: z.array(correction).default([]),
  // The URL ledger's key for the story, one line of text a URL: a tab or line break in it
  // would write lines of its own into the ledger.
  id: scalarText.pipe(z.string().regex(/^[^\u0000-\u001f\u007f]+$/, 'must be one line without tabs')).optional(),
  lang: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as "en", "he" or "ar"')
    .optional(),
  pin: pin.optional(),
  breaking: breaking.optional(),
});

export const KNOWN_FIELDS = new Set(Object.keys(fieldsSchema.shape));

/** The fields of the fields written as objects, by the field (each of a list's items alike). */
const NESTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  image: Object.keys(image.shape),
  gallery: Object.keys(image.shape),
  authors: Object.keys(authorObject.shape),
  pin: Object.keys(pinObject.shape),
  breaking: Object.keys(breakingObject.shape),
  corrections: Object.keys(correction.shape),
};

type RawImage = Omit<z.output<typeof image>, 'alt' | 'focus'> & {
  readonly alt: string;
  readonly focus?: Focus | undefined;
};

/** Front-matter fields after validation, before anything is derived from the body. */
export interface Fields {
  readonly title: string;
  readonly dek?: string | undefined;
  readonly date: StoryDate;
  readonly updated?: StoryDate | undefined;
  readonly authors: readonly { name: string; url?: string | undefined; role?: string | undefined }[];
  readonly source?: string | undefined;
  readonly dateline?: string | undefined;
  /** The section's id: a URL segment. */
  readonly section?: string | undefined;
  /** The section's display name: the configured name, or the name as written. */
  readonly sectionName?: string | undefined;
  readonly tags: readonly string[];
  readonly kicker?: string | undefined;
  readonly image?: RawImage | undefined;
  readonly gallery: readonly RawImage[];
  readonly slug: string;
  /** The slug came from the title, not from front matter. */
  readonly derivedSlug: boolean;
  readonly draft: boolean;
  readonly canonical?: string | undefined;
  readonly aliases: readonly string[];
  readonly corrections: readonly { date: StoryDate; text: string }[];
  /** A stable name for the story that survives renaming its file (the URL ledger's key). */
  readonly id?: string | undefined;
  readonly lang?: string | undefined;
  /** Pinned to the front page's lead or top stories, until a time or for good. */
  readonly pin?: Pin | undefined;
  /** A breaking-news banner on every page, until `until` (default: `BREAKING_HOURS` after the story's last update). */
  readonly breaking?: Breaking | undefined;
  /** Unknown fields, kept for layouts. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Validate front matter into Fields. Every problem is reported at the line of the field
 * it concerns; all of them are collected, not just the first.
 */
export function readFields(
  frontMatter: FrontMatter,
  config: Pick<ResolvedConfig, 'timeZone' | 'sections'> & Partial<Pick<ResolvedConfig, 'altText' | 'customFields'>>,
  file: string,
): { fields?: Fields; diagnostics: Diagnostic[] } {
  const custom = new Set(config.customFields ?? []);
  const diagnostics: Diagnostic[] = [];
  const original = new Map<string, string>(); // our name → the key the author wrote
  const known: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  const report = (
    rule: ErrorId,
    path: FieldPath,
    reason?: string,
    severity: 'error' | 'warning' = 'error',
    hint?: string,
  ) => {
    const [head, ...rest] = path;
    const written = typeof head === 'string' ? (original.get(head) ?? head) : head;
    diagnostics.push(
      diagnostic(rule, { file, ...frontMatter.locate(written === undefined ? [] : [written, ...rest]) }, reason, {
        severity,
        ...(hint ? { hint } : {}),
      }),
    );
  };

  for (const [key, value] of Object.entries(frontMatter.fields)) {
    const name = FIELD_ALIASES[key] ?? key;
    if (!KNOWN_FIELDS.has(name)) {
      // Declared in the config: the site's own, whatever its name says.
      if (custom.has(key)) {
        data[key] = value;
        continue;
      }
      const near = closestName(key, [...KNOWN_FIELDS, ...Object.keys(FIELD_ALIASES)]);
      const held = heldBack(key, value, near);
      if (held) {
        report('hold-not-read', [key], held);
        continue;
      }
      data[key] = value;
      report(
        'unknown-field',
        [key],
        `unknown field "${key}" (kept in story.data)${near ? `: did you mean \`${near}\`?` : ''}`,
        'warning',
      );
      continue;
    }
    if (original.has(name)) {
      report('invalid-field', [key], `"${key}" repeats "${original.get(name)}"; give only one of them`);
      continue;
    }
    original.set(name, key);
    known[name] = value;
  }
  readLoosely(known, original, report);

  const parsed = fieldsSchema.safeParse(known);
  if (!parsed.success) {
    const failed = new Set<string>();
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      const field = String(path[0] ?? '');
      failed.add(field);
      // Unknown keys at the top were moved to data above; one inside a field (a misspelt
      // `capton:` under `image:`) has nowhere to go, and would be lost without a word.
      // So is one in an object of a field written in several forms (`authors: {nme: X}`),
      // where the schema can say only that no form fits.
      const fields = NESTED_FIELDS[field] ?? [];
      const value = valueAt(known, path);
      const objects = issue.code === 'invalid_union' && fields.length ? (Array.isArray(value) ? value : [value]) : [];
      const unknown: (string | number)[][] =
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => [...path, key])
          : objects.flatMap((item, i) =>
              item && typeof item === 'object' && !Array.isArray(item)
                ? Object.keys(item)
                    .filter((key) => !fields.includes(key))
                    .map((key) => [...path, ...(Array.isArray(value) ? [i] : []), key])
                : [],
            );
      for (const at of unknown) {
        const key = String(at.at(-1));
        const near = closestName(key, fields);
        report(
          'invalid-field',
          at,
          `${describe(at.slice(0, -1), original)} has no field "${key}"${near ? `: did you mean \`${near}\`?` : ''}`,
          'error',
          `The fields of ${original.get(field) ?? field} are ${fields.join(', ')} (docs/article-format.md).`,
        );
      }
      if (unknown.length > 0) continue;
      if (path.length === 1 && known[field] === undefined) {
        const near = Object.keys(data).find((key) => closestName(key, [field]) === field);
        report(
          'missing-field',
          [],
          `missing required field "${field}"${near ? ` (there is "${near}": field names are lower-case and spelt as documented)` : ''}`,
        );
      } else if (path.length > 1 && valueAt(known, path) === undefined)
        // A part of a field left out (a correction without its `date:`) is missing, not of the wrong type.
        report('invalid-field', path.slice(0, -1), `${describe(path, original)} is missing`);
      else
        report(
          'invalid-field',
          path,
          `${describe(path, original)}: ${(issue.code === 'invalid_union' || (path.length === 1 && issue.code !== 'too_small') || (issue.code === 'invalid_type' && typeof path.at(-1) === 'number') ? EXPECTED_SHAPES[field] : undefined) ?? (issue.code === 'invalid_union' ? 'has the wrong type' : issue.message)}`,
        );
    }
    // The fields that are right are checked all the same, so that one round of fixes
    // clears every problem of the article, not one field's at a time.
    const right = fieldsSchema
      .partial()
      .safeParse(Object.fromEntries(Object.entries(known).filter(([name]) => !failed.has(name))));
    if (right.success) checkValues(right.data, config, file, original, report);
    return { diagnostics };
  }
  const value = parsed.data;
  const derived = checkValues(value, config, file, original, report);
  if (!derived || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    fields: { ...value, ...derived, tags: oncePerName(value.tags), dek: value.dek || undefined, data },
    diagnostics,
  };
}

type Parsed = z.output<typeof fieldsSchema>;

/**
 * What the schema cannot check (dates, URLs, paths, alt text, the section), reported, and
 * the fields derived from the values: over every field when the schema passed, over those
 * that did when it did not.
 */
function checkValues(
  value: { readonly [K in keyof Parsed]?: Parsed[K] | undefined },
  config: Pick<ResolvedConfig, 'timeZone' | 'sections'> & Partial<Pick<ResolvedConfig, 'altText'>>,
  file: string,
  original: ReadonlyMap<string, string>,
  report: Report,
) {
  const date = value.date === undefined ? undefined : readDate(value.date, config.timeZone, ['date'], report);
  const updated = updatedOf(value.updated, date, config.timeZone, report);
  const corrections = correctionsOf(value.corrections ?? [], date, config.timeZone, report);

  const pinned = value.pin && {
    to: value.pin.to,
    until:
      value.pin.until === undefined ? undefined : readDate(value.pin.until, config.timeZone, ['pin', 'until'], report),
  };
  const banner = value.breaking && date && breakingOf(value.breaking, date, updated, config.timeZone, report);
  for (const [field, end] of [
    ['pin', pinned?.until],
    ['breaking', value.breaking?.until === undefined ? undefined : banner?.until],
  ] as const) {
    if (end && date && end.epoch <= date.epoch)
      report(
        'pin-ignored',
        [field, 'until'],
        `${field}.until (${end.iso}) is not after the story's date (${date.iso}): it never shows`,
        'warning',
      );
  }

  let slug = value.slug ?? slugify(value.title ?? '');
  if (value.slug !== undefined && !isValidSlug(value.slug)) {
    const normal = /[/\\%\u0000-\u001f\u007f]|\.\./.test(value.slug) ? '' : slugify(value.slug);
    if (normal) {
      slug = normal;
      report('slug-normalised', ['slug'], `slug "${value.slug}" is published as "${normal}"`, 'warning');
    } else
      report(
        'unsafe-path',
        ['slug'],
        `slug "${value.slug}" is not a single URL segment`,
        'error',
        'A slug is one segment of the story URL: letters, digits, `-` and `_`, without `/`, `..` or `%`.',
      );
  } else if (!slug) {
    slug = `story-${file.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.replace(/-+$/, '');
    // Made from the article's path as the build names it, so only `slug:` makes it last.
    if (value.title !== undefined)
      report(
        'slug-normalised',
        ['title'],
        `the headline has no letters or digits to make a URL of: the story is published as "${slug}"`,
        'warning',
      );
  }

  const aliases: string[] = [];
  (value.aliases ?? []).forEach((alias, i) => {
    const normal = safeSitePath(alias);
    if (normal === undefined) report('unsafe-path', ['aliases', i], `alias "${alias}" is not a path inside the site`);
    else aliases.push(normal);
  });

  if (value.canonical !== undefined && !isHttpUrl(value.canonical)) {
    report('unsafe-url', ['canonical'], `canonical "${value.canonical}" must be an absolute http(s) URL`);
  }
  (value.authors ?? []).forEach((a, i) => {
    if ('url' in a && a.url !== undefined && !isSafeUrl(a.url))
      report('unsafe-url', ['authors', i, 'url'], `author URL "${a.url}" is not allowed`);
  });
  const withAlt = (raw: z.output<typeof image>, at: FieldPath): RawImage => {
    const { focus: written, ...img } = raw;
    if (!isSafeUrl(img.src) || img.src.startsWith('mailto:'))
      report('unsafe-url', [...at, 'src'], `image source "${img.src}" is not allowed`);
    const focus = written === undefined ? undefined : parseFocus(written);
    if (focus && 'error' in focus)
      report('invalid-field', [...at, 'focus'], `${describe([...at, 'focus'], original)}: ${focus.error}`);
    const checked = focus && !('error' in focus) ? { ...img, focus } : img;
    if (img.alt) return { ...checked, alt: img.alt };
    const where = img.alt === undefined ? at : [...at, 'alt'];
    const what = `${describe([...at], original)} "${img.src}" has no alt text`;
    if (config.altText === 'warn') report('missing-alt', where, `${what}: published as decorative (alt="")`, 'warning');
    else report('missing-alt', where, what);
    return { ...checked, alt: '' };
  };
  const lead = value.image ? withAlt(value.image, ['image']) : undefined;
  const gallery = (value.gallery ?? []).map((g, i) => withAlt(g, ['gallery', i]));
  const section = value.section === undefined ? undefined : readSection(value.section, config.sections);
  if (value.section !== undefined && !section) {
    report(
      'unknown-section',
      ['section'],
      `section "${value.section}" is not one of: ${config.sections.map((s) => s.id).join(', ')}${sectionMeant(value.section, config.sections)}`,
    );
  }

  if (!date) return undefined;
  return {
    image: lead,
    gallery,
    section: section?.id,
    sectionName: section?.name,
    date,
    updated,
    corrections,
    slug,
    derivedSlug: value.slug === undefined,
    aliases,
    pin: pinned,
    breaking: banner,
  };
}

/** "; did you mean sport?" for a misspelt section id or name ("Sprots"), else nothing. */
function sectionMeant(written: string, sections: ResolvedConfig['sections']): string {
  const byName = new Map(
    sections.flatMap((s) => [[s.id.toLowerCase(), s.id] as const, [s.name.toLowerCase(), s.id] as const]),
  );
  const near = closestName(written.trim(), byName.keys());
  return near === undefined ? '' : `; did you mean ${byName.get(near)}?`;
}
