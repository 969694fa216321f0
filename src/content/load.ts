import { basename } from 'node:path';
import path from 'node:path/posix';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { FIELD_ALIASES, readFields, type Fields } from './fields.ts';
import { parseFrontMatter, type FrontMatter } from './frontmatter.ts';
import type { AssetRef, ResolveAsset } from './markdown/assets.ts';
import { renderMarkdown, type MarkdownProcessor } from './markdown/processor.ts';
import { expandPermalink } from './permalink.ts';
import type { UsedPhoto } from './picture.ts';
import type { ArticleSource } from './source.ts';
import { TEMPLATE_PLACEHOLDER, templateExamples } from './template.ts';
import { describe, type FieldPath } from './field-path.ts';
import { directionOf, LINED_FIELDS, type FieldLines, type Image, type StorySummary } from './story.ts';
import { isHttpUrl, upgradedPicture, upgradedReason } from './urls.ts';
import { sha256 } from '../util/hash.ts';
import { sliceWhole } from '../util/slice-whole.ts';

/** What loading needs besides the source: the frozen config and processor, and a key of both. */
export interface LoadContext {
  readonly config: ResolvedConfig;
  readonly processor: MarkdownProcessor;
  /** Hash of every setting (and the tool version) that changes what loading produces. */
  readonly key: string;
}

/** The load stage's result for one article. Plain data: it crosses worker boundaries and is cached. */
export interface LoadedArticle {
  readonly id: string;
  /** sha256 of the source bytes. */
  readonly source: string;
  readonly summary?: StorySummary | undefined;
  /** Sanitized body HTML (kept out of the summary so listings never carry bodies). */
  readonly body?: string | undefined;
  /** Local files the article refers to; the build checks they exist. */
  readonly assets: readonly AssetRef[];
  /**
   * Files of the articles folder its body links to (`programme.pdf`), when any: copied
   * once a story that links one is published, not before (`withheldFiles`).
   */
  readonly attachments?: readonly string[] | undefined;
  /** The local pictures the photo stage found (filled in after loading, where photos are processed). */
  readonly photos?: readonly UsedPhoto[] | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Where a draft still has `broadsheet new`'s placeholder (the body's, or a field's example
   * value): a build that publishes drafts (`--drafts`) refuses it as it refuses any story
   * with it (`template-text`).
   */
  readonly placeholder?:
    { readonly line: number; readonly column: number; readonly reason?: string | undefined } | undefined;
}

/**
 * The load stage for one article: front matter → validated fields → rendered body → summary.
 * Pure: it depends on the source and the context only, so it runs in workers and is cached
 * by the source hash.
 */
export function loadArticle(source: ArticleSource, context: LoadContext): LoadedArticle {
  const { config } = context;
  const failed = (
    diagnostics: readonly Diagnostic[],
    assets: readonly AssetRef[] = [],
    linked: readonly AssetRef[] = [],
  ): LoadedArticle => ({
    id: source.id,
    source: source.hash,
    assets,
    ...attachmentsOf(linked),
    diagnostics,
  });
  const resolveAsset = assetResolver(source.id, config.basePath, basename(config.articles));
  const frontMatter = parseFrontMatter(source);
  if (Array.isArray(frontMatter)) {
    // Its body cannot be told from its front matter: the whole file is read for the files
    // it links, which wait until the article is fixed and published.
    const whole = renderMarkdown(context.processor, {
      text: source.text,
      bodyLine: 1,
      file: source.file,
      resolveAsset,
    });
    return failed(frontMatter, [], whole.attachments);
  }
  const { fields, diagnostics } = readFields(frontMatter, config, source.file);
  if (!fields) {
    // The body's problems too, so that one round of fixes clears the article.
    const body = renderMarkdown(context.processor, {
      text: frontMatter.body,
      bodyLine: frontMatter.bodyLine,
      file: source.file,
      resolveAsset,
    });
    // And its pictures, so that a missing one is told with the field errors (`gather`).
    return failed(
      [...diagnostics, ...body.diagnostics],
      [...pictureRefs(frontMatter, resolveAsset), ...body.assets],
      body.attachments,
    );
  }

  const url = expandPermalink(config.permalink, fields, config.timeZone);
  if (url === undefined) {
    return failed([
      ...diagnostics,
      diagnostic(
        'unsafe-path',
        { file: source.file, ...frontMatter.locate(['slug']) },
        `the permalink for slug "${fields.slug}" is not a safe site path`,
      ),
    ]);
  }

  const assets: AssetRef[] = [];
  const image = (raw: Fields['gallery'][number], at: (string | number)[]): Image => {
    const place = { file: source.file, ...frontMatter.locate([...at, 'src']) };
    const secure = upgradedPicture(raw.src);
    if (secure)
      diagnostics.push(diagnostic('image-http', place, upgradedReason(raw.src, secure), { severity: 'warning' }));
    const { url: src, file } = resolveAsset(secure ?? raw.src);
    if (file !== undefined) assets.push({ file, src: raw.src, line: place.line, column: place.column });
    const { width, height, focus } = raw;
    return { src, alt: raw.alt, caption: raw.caption, credit: raw.credit, width, height, focus };
  };
  const lead = fields.image ? image(fields.image, ['image']) : undefined;
  const gallery = fields.gallery.map((g, i) => image(g, ['gallery', i]));

  const body = renderMarkdown(context.processor, {
    text: frontMatter.body,
    bodyLine: frontMatter.bodyLine,
    file: source.file,
    resolveAsset,
  });
  diagnostics.push(...body.diagnostics);
  const offset = frontMatter.body.indexOf(TEMPLATE_PLACEHOLDER);
  const placeholder =
    offset < 0
      ? undefined
      : {
          line: frontMatter.bodyLine + frontMatter.body.slice(0, offset).split('\n').length - 1,
          column: offset - frontMatter.body.lastIndexOf('\n', offset - 1),
        };
  // A draft may keep it: builds leave drafts out (`--drafts` is checked when selecting).
  if (placeholder && !fields.draft) diagnostics.push(unwritten(source.file, placeholder));
  // The fields' example values too, named by the key the article writes (`subtitle` for `dek`).
  const keyOf = (name: string) => Object.keys(frontMatter.fields).find((k) => (FIELD_ALIASES[k] ?? k) === name) ?? name;
  const examples = templateExamples(fields).map(({ path: [head, ...rest], value }) => {
    const key = typeof head === 'string' ? keyOf(head) : head!;
    // A list written as one value (`author: Your Name`) is named without its index.
    const one = typeof rest[0] === 'number' && !Array.isArray(frontMatter.fields[key]);
    const at: FieldPath = [key, ...(one ? rest.slice(1) : rest)];
    return {
      at: frontMatter.locate(at),
      reason: `${describe(at, new Map())} is still the example broadsheet new wrote ("${value}")`,
    };
  });
  if (!fields.draft)
    for (const { at, reason } of examples)
      diagnostics.push(diagnostic('template-text', { file: source.file, ...at }, reason));
  // Where a draft is unfinished, for a build that publishes drafts to refuse it, and why.
  const unfinished = placeholder ?? (examples[0] && { ...examples[0].at, reason: examples[0].reason });
  if (hasErrors(diagnostics)) return failed(diagnostics, [], body.attachments);
  assets.push(...body.assets);
  const lang = fields.lang ?? config.language;
  const summary: StorySummary = {
    id: source.id,
    hash: sha256(`${context.key}\0${source.id}\0${source.hash}`),
    slug: fields.slug,
    derivedSlug: fields.derivedSlug,
    url,
    title: fields.title,
    dek: fields.dek,
    kicker: fields.kicker,
    date: fields.date,
    updated: fields.updated,
    authors: fields.authors.map((a) => ({ name: a.name, url: a.url, role: a.role })),
    source: fields.source,
    dateline: fields.dateline,
    section: fields.section,
    sectionName: fields.sectionName,
    tags: fields.tags,
    image: lead,
    gallery,
    bodyImage: body.firstImage,
    draft: fields.draft,
    canonical: fields.canonical,
    aliases: fields.aliases,
    corrections: [...fields.corrections].sort((a, b) => a.date.epoch - b.date.epoch),
    lang,
    dir: directionOf(lang),
    wordCount: body.wordCount,
    readingMinutes: Math.max(1, Math.round(body.wordCount / config.wordsPerMinute)),
    excerpt: fields.dek ?? truncate(body.lead, 220),
    pin: fields.pin,
    breaking: fields.breaking,
    data: fields.data,
    storyId: fields.id,
    lines: fieldLines(frontMatter),
  };
  return {
    id: source.id,
    source: source.hash,
    summary,
    body: body.html,
    assets,
    ...attachmentsOf(body.attachments),
    diagnostics,
    ...(unfinished && { placeholder: unfinished }),
  };
}

/**
 * The local pictures front matter names (`image`, `gallery`, under any name the article
 * uses), read from the values as written: for an article whose fields did not validate.
 */
function pictureRefs(frontMatter: FrontMatter, resolve: ResolveAsset): AssetRef[] {
  const refs: AssetRef[] = [];
  const add = (value: unknown, at: FieldPath) => {
    const src = typeof value === 'object' && value !== null ? (value as { src?: unknown }).src : value;
    if (typeof src !== 'string' || src.trim() === '') return;
    const { file } = resolve(src.trim());
    if (file === undefined) return;
    const place = frontMatter.locate(typeof value === 'string' ? at : [...at, 'src']);
    refs.push({ file, src, line: place.line, column: place.column });
  };
  for (const [key, value] of Object.entries(frontMatter.fields)) {
    const name = FIELD_ALIASES[key] ?? key;
    if (name === 'image') add(value, [key]);
    if (name === 'gallery' && Array.isArray(value)) value.forEach((item, i) => add(item, [key, i]));
  }
  return refs;
}

/** The files an article links to, each once, sorted; none kept when there are none. */
function attachmentsOf(refs: readonly AssetRef[]): { attachments?: readonly string[] } {
  return refs.length ? { attachments: [...new Set(refs.map((ref) => ref.file))].sort() } : {};
}

/** A story published with `broadsheet new`'s placeholder body still in it. */
export const unwritten = (
  file: string,
  at: { line: number; column: number; reason?: string | undefined },
): Diagnostic =>
  diagnostic(
    'template-text',
    { file, line: at.line, column: at.column },
    at.reason ?? 'the story still has the placeholder text broadsheet new wrote',
  );

/**
 * Image paths in an article are relative to the article file (or to the site root when
 * they start with "/"); they become URLs under the base path. Absolute http(s) URLs pass,
 * and protocol-relative ones ("//host/a.jpg") become https URLs.
 */
function assetResolver(id: string, base: string, folder: string): ResolveAsset {
  return (src) => {
    if (isHttpUrl(src)) return { url: src };
    // Protocol-relative ("//cdn.example/a.jpg"): another host, over https as the site is.
    if (src.startsWith('//')) return { url: `https:${src}` };
    // A path under the base path is the same path.
    let clean = src.split(/[?#]/)[0]!;
    if (base !== '/' && clean.startsWith(base)) clean = clean.slice(base.length - 1);
    let rel: string;
    try {
      // Each segment decoded whole: "q%26a.pdf" is the file "q&a.pdf"; a backslash
      // (Markdown writes it %5C) is a slash to a browser.
      const decoded = clean.split('/').map(decodeURIComponent).join('/').replace(/\\/g, '/');
      rel = path.normalize(decoded.startsWith('/') ? decoded.slice(1) : path.join(path.dirname(id), decoded));
    } catch {
      return { url: src, file: clean };
    }
    // "../articles/bus.jpg" from an article at the top of the folder: out and back in, as
    // an editor's tool may write a path, is the file beside it.
    if (folder && rel.startsWith(`../${folder}/`)) rel = rel.slice(folder.length + 4);
    // A path that climbs out of the articles folder can never exist in the output.
    if (rel.startsWith('..')) return { url: src, file: rel };
    return { url: base + encodeURI(rel).replace(/[?#]/g, encodeURIComponent), file: rel };
  };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = sliceWhole(text, max);
  return `${sliceWhole(cut, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,.;:–—-]+$/, '')}…`;
}

/** The lines of the fields whole-site messages point at (`FieldLines`), under any name the article uses. */
function fieldLines(frontMatter: FrontMatter): FieldLines {
  const lines: Partial<Record<keyof FieldLines, number>> = {};
  for (const key of Object.keys(frontMatter.fields)) {
    const name = (FIELD_ALIASES[key] ?? key) as keyof FieldLines;
    if (LINED_FIELDS.includes(name) && lines[name] === undefined) lines[name] = frontMatter.locate([key]).line;
  }
  return lines;
}
