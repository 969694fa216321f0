import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { SlotName } from '../config/images.ts';
import { ignoreHiddenAndUnderscored } from '../content/discover.ts';
import type { AssetRef } from '../content/markdown/assets.ts';
import type { Focus, Picture, UsedPhoto } from '../content/picture.ts';
import type { Image, StorySummary } from '../content/story.ts';
import { isHttpUrl } from '../content/urls.ts';
import { uniqueDiagnostics, type Diagnostic, type Place } from '../diagnostics/diagnostics.ts';
import { mapConcurrently } from '../util/concurrently.ts';
import { regularFileStat, sameStat, type FileStat } from '../util/file-stat.ts';
import { sha256 } from '../util/hash.ts';
import { joinInside } from '../util/relative-path.ts';
import { imgTags } from './body-images.ts';
import { fallbackFile, photoUrl, pictureElement } from './markup.ts';
import { NO_PHOTO_WORK, type PhotoWork } from './used.ts';
import { photoFiles, SOURCES_IN_FLIGHT, type PhotoJob, type PhotoProcessor, type PhotoResult } from './processor.ts';

/**
 * The photo stage of one loaded article: every local picture it uses (lead, gallery, body)
 * is made into responsive, stripped files by the processor, and the article comes back
 * pointing at them: images with their pictures and `src` on a made JPEG (never the
 * original, which may carry GPS), the body's `<img>`s as `<picture>`s, the story hash
 * covering the pictures, and the files used, for invalidation and publishing.
 */

/** A loaded article, as far as its pictures go. */
export interface ArticlePhotosInput {
  readonly summary: StorySummary;
  readonly body: string;
  /** Local files the article refers to: front-matter images first (lead, gallery), then the body's. */
  readonly assets: readonly AssetRef[];
  /** The article's path as messages show it. */
  readonly file: string;
  /** Its pictures as the build cache last saw them: one whose stat holds is passed by its hash, not read. */
  readonly known?: readonly UsedPhoto[] | undefined;
}

export interface PhotoSettings {
  /** Absolute path of the articles folder. */
  readonly articles: string;
  /** The site's base path ("/" or "/news/"). */
  readonly basePath: string;
}

export interface ArticlePhotos {
  readonly summary: StorySummary;
  readonly body: string;
  /** Every local picture file found, processed or not (a broken one is watched for a fix too). */
  readonly photos: readonly UsedPhoto[];
  readonly diagnostics: readonly Diagnostic[];
  /** The work done, counted with the first article of the batch that uses each picture. */
  readonly work: PhotoWork;
}

/** One use of a picture in an article, and where the result goes. */
interface Use {
  readonly slot: SlotName;
  readonly social?: boolean | undefined;
  readonly focus?: Focus | undefined;
  readonly place: Place;
}

/** What one article asks of the processor. */
interface ArticlePlan {
  readonly input: ArticlePhotosInput;
  /** By file (relative to the articles folder): its stat and uses. */
  readonly files: ReadonlyMap<string, { readonly stat: FileStat; readonly uses: Use[] }>;
  readonly lead?: string | undefined;
  readonly gallery: readonly (string | undefined)[];
  /** Local body pictures in document order, by file. */
  readonly body: readonly string[];
}

/**
 * The photo stage for a batch of articles: one job per distinct file with all its uses
 * in the batch, SOURCES_IN_FLIGHT pictures at a time; results by article, in order.
 * Articles without local pictures come back as they were.
 */
export async function processArticlePhotos(
  articles: readonly ArticlePhotosInput[],
  settings: PhotoSettings,
  process: PhotoProcessor,
): Promise<ArticlePhotos[]> {
  const plans = articles.map((article) => planArticle(article, settings));
  const jobs = new Map<string, { job: PhotoJob & { uses: Use[] }; owners: { plan: number; file: string }[] }>();
  plans.forEach((plan, p) => {
    for (const [file, { uses }] of plan.files) {
      const path = joinInside(settings.articles, file);
      let entry = jobs.get(path);
      if (!entry) {
        entry = { job: { path, src: file, hash: knownHash(plan, file), uses: [] }, owners: [] };
        jobs.set(path, entry);
      }
      entry.owners.push({ plan: p, file });
      entry.job.uses.push(...uses);
    }
  });
  const list = [...jobs.values()];
  const results = await mapConcurrently(list, SOURCES_IN_FLIGHT, ({ job }) => process(job));
  // Each article's share of each result: its own uses' pictures and diagnostics.
  const shares = plans.map(() => new Map<string, PhotoResult>());
  list.forEach(({ owners }, j) => {
    const result = results[j]!;
    let offset = 0;
    for (const { plan, file } of owners) {
      const count = plans[plan]!.files.get(file)!.uses.length;
      const article = plans[plan]!.input.file;
      shares[plan]!.set(file, {
        ...result,
        pictures: result.pictures.slice(offset, offset + count),
        diagnostics: result.diagnostics.filter((d) => d.file === article),
      });
      offset += count;
    }
  });
  const work = plans.map(() => ({ ...NO_PHOTO_WORK }));
  list.forEach(({ owners }, j) => {
    const counted = work[owners[0]!.plan]!;
    const { encoded, decoded } = results[j]!;
    counted.pictures++;
    counted.encoded += encoded;
    if (encoded === 0 && !decoded && results[j]!.pictures.length > 0) counted.stored++;
  });
  return plans.map((plan, p) => ({ ...attach(plan, shares[p]!, settings), work: work[p]! }));
}

const knownHash = (plan: ArticlePlan, file: string): string | undefined => {
  const before = plan.input.known?.find((photo) => photo.file === file);
  return before && sameStat(before.stat, plan.files.get(file)!.stat) ? before.source : undefined;
};

/** The file a site URL of the articles folder names, or undefined for remote and other URLs. */
function fileOf(src: string, base: string): string | undefined {
  if (isHttpUrl(src) || !src.startsWith(base)) return undefined;
  try {
    return decodeURI(src.slice(base.length).split(/[?#]/)[0]!);
  } catch {
    return undefined;
  }
}

/**
 * A file the photo stage may read: inside the articles folder, not hidden, a regular file
 * (not a link out of the folder). Others are what discovery does not list either, and the
 * build reports them as missing images.
 */
function statPhoto(settings: PhotoSettings, file: string): FileStat | undefined {
  if (file.startsWith('..') || file.startsWith('/') || file.split('/').some(ignoreHiddenAndUnderscored)) return;
  return regularFileStat(joinInside(settings.articles, file));
}

function planArticle(input: ArticlePhotosInput, settings: PhotoSettings): ArticlePlan {
  const { summary, assets } = input;
  const files = new Map<string, { stat: FileStat; uses: Use[] }>();
  const taken = new Set<number>();
  /** The asset of a front-matter picture: the first not yet taken with its file (they come first, in order). */
  const placeOf = (file: string): Place => {
    const i = assets.findIndex((ref, k) => !taken.has(k) && ref.file === file);
    if (i === -1) return { file: input.file };
    taken.add(i);
    return { file: input.file, line: assets[i]!.line, column: assets[i]!.column };
  };
  const use = (image: Image | undefined, uses: (place: Place) => Use[]): string | undefined => {
    const file = image && fileOf(image.src, settings.basePath);
    if (file === undefined) return undefined;
    const place = placeOf(file);
    const stat = statPhoto(settings, file);
    if (!stat) return undefined;
    const entry = files.get(file) ?? { stat, uses: [] };
    entry.uses.push(...uses(place));
    files.set(file, entry);
    return file;
  };
  const lead = use(summary.image, (place) => [
    { slot: 'lead', social: true, focus: summary.image!.focus, place },
    { slot: 'thumbnail', focus: summary.image!.focus, place },
  ]);
  const gallery = summary.gallery.map((image) =>
    use(image, (place) => [{ slot: 'gallery', focus: image.focus, place }]),
  );
  const body: string[] = [];
  assets.forEach((ref, k) => {
    if (taken.has(k)) return;
    const stat = statPhoto(settings, ref.file);
    if (!stat) return;
    const entry = files.get(ref.file) ?? { stat, uses: [] };
    entry.uses.push({ slot: 'inline', place: { file: input.file, line: ref.line, column: ref.column } });
    files.set(ref.file, entry);
    body.push(ref.file);
  });
  return { input, files, lead, gallery, body };
}

/** The article with its pictures in place. */
function attach(
  plan: ArticlePlan,
  results: ReadonlyMap<string, PhotoResult>,
  settings: PhotoSettings,
): Omit<ArticlePhotos, 'work'> {
  const { input } = plan;
  if (plan.files.size === 0) return { summary: input.summary, body: input.body, photos: [], diagnostics: [] };
  const base = settings.basePath;
  /** The pictures of a file's uses, taken in the order the uses were planned. */
  const next = new Map<string, number>();
  const take = (file: string | undefined): Picture | undefined => {
    if (file === undefined) return undefined;
    const pictures = results.get(file)?.pictures ?? [];
    const i = next.get(file) ?? 0;
    next.set(file, i + 1);
    return pictures[i];
  };
  /** The image as the one file that stands for it (`src`, with that file's size) and its pictures. */
  const made = (image: Image, pictures: NonNullable<Image['pictures']>, main: Picture | undefined): Image => {
    if (!main) return image;
    const { name, width, height } = fallbackFile(main);
    return { ...image, src: photoUrl(base, name), width, height, pictures };
  };

  const { summary } = input;
  let image = summary.image;
  if (image && plan.lead !== undefined) {
    const lead = take(plan.lead);
    const thumbnail = take(plan.lead);
    image = made(image, { lead, thumbnail }, lead);
  }
  const gallery = summary.gallery.map((item, i) => {
    const picture = take(plan.gallery[i]);
    return made(item, { gallery: picture }, picture);
  });
  const inline = plan.body.map((file) => ({ file, picture: take(file) }));
  const body = inline.some((p) => p.picture) ? rewriteBody(input.body, inline, base) : input.body;

  let bodyImage = summary.bodyImage;
  const first = bodyImage && fileOf(bodyImage.src, base);
  const firstPicture = first === undefined ? undefined : inline.find((p) => p.file === first)?.picture;
  if (bodyImage && firstPicture) bodyImage = made(bodyImage, { inline: firstPicture }, firstPicture);

  const photos: UsedPhoto[] = [...plan.files].map(([file, { stat }]) => {
    const result = results.get(file);
    return { file, stat, source: result?.source, names: result ? photoFiles([result]) : [] };
  });
  const identity = JSON.stringify([
    image?.pictures,
    gallery.map((g) => g.pictures),
    inline.map((p) => p.picture ?? null),
  ]);
  return {
    summary: {
      ...summary,
      // Pages show the pictures: a changed picture (or its settings) changes every page that shows the story.
      hash: sha256(`${summary.hash}\0photos\0${identity}`),
      image,
      gallery,
      bodyImage,
    },
    body,
    photos,
    // The lead picture's slots (lead, thumbnail) share its front-matter place.
    diagnostics: uniqueDiagnostics([...results.values()].flatMap((r) => r.diagnostics)),
  };
}

/** A local picture of the body, in document order, with its picture when one was made. */
type InlinePicture = { readonly file: string; readonly picture?: Picture | undefined };

/**
 * The body with each processed local `<img>` replaced by its `<picture>`, in document
 * order; other images stay as they are. The tags are found in the HTML as the Markdown
 * stage wrote it (`imgTags`), and the body is parsed only when it holds something that
 * reading cannot be sure of.
 */
export function rewriteBody(html: string, inline: readonly InlinePicture[], base: string): string {
  const tags = imgTags(html);
  if (!tags) return rewriteParsed(html, inline, base);
  const next = pictures(inline, base);
  let out = '';
  let last = 0;
  for (const tag of tags) {
    const { attributes } = tag;
    const element = next(attributes.get('src') ?? '', attributes.get('alt') ?? '', attributes.get('title'));
    if (!element) continue;
    out += html.slice(last, tag.start) + toHtml(element);
    last = tag.end;
  }
  return out + html.slice(last);
}

/** `rewriteBody` through a tree of the parsed body. */
export function rewriteParsed(html: string, inline: readonly InlinePicture[], base: string): string {
  const tree: Root = fromHtml(html, { fragment: true });
  const next = pictures(inline, base);
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'img' || parent === undefined || index === undefined) return;
    const { src, alt, title } = node.properties;
    const element = next(text(src) ?? '', text(alt) ?? '', text(title));
    if (!element) return;
    parent.children[index] = element;
    return 'skip';
  });
  return toHtml(tree);
}

/**
 * The `<picture>` for each `<img>` of the body, asked in document order: the next local
 * picture's when the image is that file and a picture was made of it, else none.
 */
function pictures(
  inline: readonly InlinePicture[],
  base: string,
): (src: string, alt: string, title: string | undefined) => Element | undefined {
  let k = 0;
  return (src, alt, title) => {
    const file = fileOf(src, base);
    // Local images come in the order the transform recorded them.
    if (file === undefined || inline[k]?.file !== file) return undefined;
    const { picture } = inline[k++]!;
    return picture && pictureElement(picture, alt, { base, img: title === undefined ? undefined : { title } });
  };
}
