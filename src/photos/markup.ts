import type { Element, ElementContent, Properties } from 'hast';
import { h } from 'hastscript';
import { figcaption } from '../content/markdown/figures.ts';
import type { PhotoFormat } from '../config/images.ts';
import type { Picture, PictureFile } from '../content/picture.ts';
import { PHOTO_DIR } from './store.ts';

/** A picture's words: `alt` always (empty for decoration), caption and credit for figures. */
export interface PictureText {
  readonly alt: string;
  readonly caption?: string | undefined;
  readonly credit?: string | undefined;
}

export interface MarkupOptions {
  /** The site's base path ("/" or "/news/"): files are at `<base>_photos/<name>`. */
  readonly base: string;
  /**
   * The page's main picture (its lead): fetched first (`fetchpriority="high"`) and not
   * lazily. Default false: lazy, so pictures below the fold cost nothing until scrolled to.
   */
  readonly priority?: boolean | undefined;
  /** More attributes for the `<img>`, such as `data-pagefind-meta`. */
  readonly img?: Properties | undefined;
}

const MIME: Record<PhotoFormat | 'svg', string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
};

/** The JPEG in `src`, for clients that ignore srcset (feed readers, crawlers): the largest up to this width. */
export const FALLBACK_WIDTH = 1200;

/**
 * The styles the markup relies on, for the site's stylesheet (the Content-Security-Policy
 * allows no inline styles): the placeholder sits under the picture, covering its box,
 * until the picture paints over it. Without them the placeholder stays `hidden`. A
 * `natural` picture keeps the width its attributes give it (its own), never stretched.
 */
export const PHOTO_CSS = `.photo { position: relative; display: block; }
.photo > .photo-placeholder { display: block; position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; }
.photo > picture { position: relative; display: block; }
.photo img, picture > img { display: block; height: auto; }
.photo:not(.natural) img, picture:not(.natural) > img { width: 100%; }
.photo.natural, picture.natural { width: fit-content; max-width: 100%; }
picture.natural > img { max-width: 100%; }
.gallery { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.gallery figure { margin: 0; }
`;

/**
 * The one file that stands for a picture where only one URL fits (`<img src>`, feeds,
 * stories.json, link previews): the largest JPEG up to FALLBACK_WIDTH, or the SVG.
 */
export function fallbackFile(picture: Picture): PictureFile {
  const svg = picture.files.find((f) => f.format === 'svg');
  if (svg) return svg;
  const jpeg = picture.files.filter((f) => f.format === 'jpeg');
  return jpeg.filter((f) => f.width <= FALLBACK_WIDTH).at(-1) ?? jpeg[0] ?? picture.files[0]!;
}

/** The URL of a photo file. */
export const photoUrl = (base: string, name: string): string => `${base}${PHOTO_DIR}/${name}`;

const srcset = (files: readonly PictureFile[], base: string) =>
  files.map((f) => `${photoUrl(base, f.name)} ${f.width}w`).join(', ');

/**
 * A picture for a layout or a story body: a `<picture>` with a `<source>` per modern
 * format (srcset and sizes) and an `<img>` with the JPEG fallback, `srcset`, `sizes`,
 * `width`, `height` (no layout shift), `alt`, loading hints; with the placeholder, both in
 * a `<span class="photo">` (see PHOTO_CSS). An SVG is a plain `<img>`.
 */
export function pictureElement(picture: Picture, alt: string, options: MarkupOptions): Element {
  const { base } = options;
  const loading: Properties = options.priority
    ? { loading: 'eager', fetchPriority: 'high', decoding: 'async' }
    : { loading: 'lazy', decoding: 'async' };
  const svg = picture.files.find((f) => f.format === 'svg');
  if (svg)
    return h('img', {
      src: photoUrl(base, svg.name),
      width: picture.width,
      height: picture.height,
      alt,
      ...loading,
      ...options.img,
    });

  const byFormat = (format: PhotoFormat) => picture.files.filter((f) => f.format === format);
  const jpeg = byFormat('jpeg');
  const fallback = fallbackFile(picture);
  const sources = (['avif', 'webp'] as const)
    .map((format) => byFormat(format))
    .filter((files) => files.length > 0)
    .map((files) => h('source', { type: MIME[files[0]!.format], srcSet: srcset(files, base), sizes: picture.sizes }));
  const img = h('img', {
    src: photoUrl(base, fallback.name),
    srcSet: srcset(jpeg, base),
    sizes: picture.sizes,
    width: picture.width,
    height: picture.height,
    alt,
    ...loading,
    ...options.img,
  });
  const natural = picture.natural ? '.natural' : '';
  const element = h(`picture${natural}`, [...sources, img]);
  if (!picture.placeholder || transparent(picture.placeholder.thumbhash)) return element;
  return h(`span.photo${natural}`, [
    h('img.photo-placeholder', {
      src: picture.placeholder.dataUrl,
      alt: '',
      hidden: true,
      width: picture.width,
      height: picture.height,
    }),
    element,
  ]);
}

/**
 * Whether a picture has transparent pixels, as its ThumbHash says (the top bit of its third
 * byte): a placeholder under it would show through them once it has loaded.
 */
const transparent = (thumbhash: string): boolean => (atob(thumbhash).charCodeAt(2) & 0x80) !== 0;

/**
 * A picture with its caption and credit: `<figure>` with `<figcaption>` when there is
 * either. `picture` may also be drawn already (a remote picture's `<img>`).
 */
export function figureElement(picture: Picture | Element, text: PictureText, options: MarkupOptions): Element {
  const drawn = 'type' in picture ? picture : pictureElement(picture, text.alt, options);
  const children: ElementContent[] = [drawn];
  if (text.caption || text.credit) children.push(figcaption(text.caption, text.credit));
  return h('figure.figure', children);
}

/**
 * A gallery: a list of figures, each with its caption and credit, responsive like every
 * picture and lazy; it needs no script. `label` names the list for screen readers.
 */
export function galleryElement(
  items: readonly { readonly picture: Picture | Element; readonly text: PictureText }[],
  options: MarkupOptions & { readonly label?: string | undefined },
): Element {
  const { label, ...rest } = options;
  return h(
    'ul.gallery',
    label ? { ariaLabel: label } : {},
    items.map(({ picture, text }) => h('li', [figureElement(picture, text, { ...rest, priority: false })])),
  );
}

/**
 * A remote picture stays remote (nothing is fetched at build time): an `<img>` with the
 * `width` and `height` the article gives, when it gives them.
 */
export function remoteImageElement(
  src: string,
  text: PictureText & { readonly width?: number | undefined; readonly height?: number | undefined },
  options: Omit<MarkupOptions, 'base'>,
): Element {
  return h('img', {
    src,
    alt: text.alt,
    ...(text.width && text.height ? { width: text.width, height: text.height } : {}),
    ...(options.priority ? { loading: 'eager', fetchPriority: 'high' } : { loading: 'lazy' }),
    decoding: 'async',
    ...options.img,
  });
}

/**
 * Site paths of a picture's social crops, for og:image/twitter:image (with its size) and
 * the NewsArticle JSON-LD `image` list; undefined without social crops.
 */
export function socialImages(
  picture: Picture,
  base: string,
):
  | {
      readonly openGraph: { readonly url: string; readonly width: number; readonly height: number };
      readonly structuredData: readonly string[];
    }
  | undefined {
  const social = picture.social;
  if (!social) return undefined;
  return {
    openGraph: {
      url: photoUrl(base, social.openGraph.name),
      width: social.openGraph.width,
      height: social.openGraph.height,
    },
    structuredData: social.structuredData.map((f) => photoUrl(base, f.name)),
  };
}
