import path from 'node:path/posix';
import type { ResolvedConfig } from './config.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { readFields } from './fields.ts';
import { parseFrontMatter } from './frontmatter.ts';
import type { ResolveAsset } from './markdown/local-images.ts';
import { renderMarkdown, type MarkdownProcessor } from './markdown/processor.ts';
import { expandPermalink } from './permalink.ts';
import { slugify } from './slug.ts';
import type { ArticleSource } from './source.ts';
import { directionOf, type Image, type Story } from './story.ts';
import { isHttpUrl } from './urls.ts';

/** What loading needs besides the source: the frozen config and processor, and which files exist. */
export interface LoadContext {
  readonly config: ResolvedConfig;
  readonly processor: MarkdownProcessor;
  /** Files (not articles) under the articles folder, relative to it: images and attachments. */
  readonly files: ReadonlySet<string>;
}

export interface Loaded {
  readonly story?: Story | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The load stage for one article: front matter → validated fields → rendered body → Story.
 * Pure apart from its inputs, so it can run in a worker and be cached by the source hash.
 */
export function loadStory(source: ArticleSource, context: LoadContext): Loaded {
  const { config } = context;
  const frontMatter = parseFrontMatter(source);
  if (Array.isArray(frontMatter)) return { diagnostics: frontMatter };
  const { fields, diagnostics } = readFields(frontMatter, config, source.file);
  if (!fields) return { diagnostics };

  const url = expandPermalink(config.permalink, fields, config.timeZone);
  if (url === undefined) {
    return { diagnostics: [...diagnostics, diagnostic('unsafe-path', { file: source.file, ...frontMatter.locate(['slug']) }, `the permalink for slug "${fields.slug}" is not a safe site path`)] };
  }

  const resolveAsset = assetResolver(source.id, context);
  const image = (raw: { src: string; alt: string; caption?: string | undefined; credit?: string | undefined }, at: (string | number)[]): Image => {
    const { url: src, exists } = resolveAsset(raw.src);
    if (!exists) {
      diagnostics.push(diagnostic('missing-image', { file: source.file, ...frontMatter.locate([...at, 'src']) }, `image "${raw.src}" not found`, { severity: 'warning' }));
    }
    return { src, alt: raw.alt, caption: raw.caption, credit: raw.credit };
  };

  const body = renderMarkdown(context.processor, { text: frontMatter.body, bodyLine: frontMatter.bodyLine, file: source.file, resolveAsset });
  diagnostics.push(...body.diagnostics);
  const lang = fields.lang ?? config.language;
  const story: Story = {
    id: source.id,
    slug: fields.slug,
    url,
    title: fields.title,
    dek: fields.dek,
    kicker: fields.kicker,
    date: fields.date,
    updated: fields.updated,
    authors: fields.authors.map((a) => ({ name: a.name, slug: slugify(a.name), url: a.url, role: a.role })),
    source: fields.source,
    dateline: fields.dateline,
    section: fields.section,
    tags: fields.tags,
    image: fields.image ? image(fields.image, ['image']) : undefined,
    gallery: fields.gallery.map((g, i) => image(g, ['gallery', i])),
    draft: fields.draft,
    canonical: fields.canonical,
    aliases: fields.aliases,
    corrections: [...fields.corrections].sort((a, b) => a.date.epoch - b.date.epoch),
    lang,
    dir: directionOf(lang),
    wordCount: body.wordCount,
    readingMinutes: Math.max(1, Math.round(body.wordCount / config.wordsPerMinute)),
    excerpt: fields.dek ?? truncate(body.lead, 220),
    data: fields.data,
    body: { type: 'raw', value: body.html },
  };
  return { story, diagnostics };
}

/**
 * Image paths in an article are relative to the article file (or to the site root when
 * they start with "/"); they become URLs under the base path. Absolute http(s) URLs pass.
 */
function assetResolver(id: string, context: LoadContext): ResolveAsset {
  const base = context.config.basePath;
  return (src) => {
    if (isHttpUrl(src)) return { url: src, exists: true };
    const clean = src.split(/[?#]/)[0]!;
    let rel: string;
    try {
      rel = decodeURI(clean.startsWith('/') ? clean.slice(1) : path.join(path.dirname(id), clean));
    } catch {
      return { url: src, exists: false };
    }
    rel = path.normalize(rel);
    if (rel.startsWith('..')) return { url: src, exists: false };
    return { url: base + encodeURI(rel), exists: context.files.has(rel) };
  };
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,.;:–—-]+$/, '')}…`;
}
