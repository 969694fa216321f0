import type { Element, Properties, Root } from 'hast';
import sharp, { type Metadata } from 'sharp';
import { visit } from 'unist-util-visit';
import type { ErrorId } from '../diagnostics/errors.ts';
import { identifyingTags, readExif, xmpHasGps } from './exif.ts';

/**
 * What `broadsheet check` verifies about the images of a built page: every srcset
 * candidate exists and is as wide as it claims, `width`/`height` have the shape of the
 * files, and no published image carries GPS or other identifying metadata. Pure over a
 * page's tree and a file reader, so the checker decides how files are found and read.
 */

export interface ImageFinding {
  readonly line: number;
  readonly column: number;
  readonly rule: ErrorId;
  readonly message: string;
  readonly severity?: 'warning';
}

/** Reads a site file: its bytes, or undefined when the site has no such file. */
export type ReadSiteFile = (rel: string) => Promise<Uint8Array | undefined>;

/**
 * Where a URL written in a page points: the site-relative path of the file, or undefined
 * for remote and `data:` URLs. Per page, since relative URLs depend on the page's own.
 */
export type ResolveSiteUrl = (url: string) => string | undefined;

/** What one image file is, as far as the checks go. */
export interface ImageFacts {
  readonly width: number;
  readonly height: number;
  /** Metadata problems: "a GPS position", "EXIF Make, Model"… */
  readonly gps: boolean;
  readonly metadata: readonly string[];
}

export interface ImageCheckOptions {
  /** EXIF Artist and Copyright are allowed (`images.keepCopyright`). Default true. */
  readonly allowCredit?: boolean;
}

/** One candidate of a srcset: "a.jpg 480w" → { url, width: 480 }. */
interface Candidate {
  readonly url: string;
  readonly width?: number | undefined;
}

const list = (value: Properties[string]): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/,\s+/) : [];

function candidates(value: Properties[string]): Candidate[] {
  return list(value)
    .map((item) => item.trim().split(/\s+/))
    .filter(([url]) => url)
    .map(([url, descriptor]) => {
      const match = /^(\d+)w$/.exec(descriptor ?? '');
      return { url: url!, width: match ? Number(match[1]) : undefined };
    });
}

const number = (value: Properties[string]): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** Size and metadata of an image file; undefined when it is not an image sharp reads (or is an SVG). */
export async function imageFacts(bytes: Uint8Array, options: ImageCheckOptions = {}): Promise<ImageFacts | undefined> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return undefined;
  }
  if (meta.format === 'svg') return undefined;
  const problems: string[] = [];
  const exif = meta.exif ? readExif(meta.exif) : undefined;
  let gps = exif?.gps ?? false;
  if (meta.exif && !exif) problems.push('an unreadable EXIF block');
  if (exif) {
    const tags = identifyingTags(exif, options.allowCredit ?? true);
    if (tags.length) problems.push(`EXIF tags ${tags.map(tagName).join(', ')}`);
  }
  if (meta.xmp) {
    problems.push('XMP');
    gps ||= xmpHasGps(meta.xmp);
  }
  if (meta.iptc) problems.push('IPTC');
  const upright = meta.autoOrient ?? { width: meta.width, height: meta.height };
  return { width: upright.width, height: upright.height, gps, metadata: problems };
}

/** Names of the EXIF tags that most often identify a camera, its owner or a moment. */
const TAG_NAMES: Readonly<Record<number, string>> = {
  0x010e: 'ImageDescription',
  0x010f: 'Make',
  0x0110: 'Model',
  0x0131: 'Software',
  0x0132: 'DateTime',
  0x013b: 'Artist',
  0x013c: 'HostComputer',
  0x8298: 'Copyright',
  0x8825: 'GPS',
  0x9003: 'DateTimeOriginal',
  0x9004: 'DateTimeDigitized',
  0x9010: 'OffsetTime',
  0x927c: 'MakerNote',
  0x9286: 'UserComment',
  0x9c9b: 'XPTitle',
  0x9c9c: 'XPComment',
  0x9c9d: 'XPAuthor',
  0xa420: 'ImageUniqueID',
  0xa430: 'CameraOwnerName',
  0xa431: 'BodySerialNumber',
  0xa433: 'LensMake',
  0xa434: 'LensModel',
  0xa435: 'LensSerialNumber',
};

/** A tag as a message names it: "Make (0x010f)", or its number alone. */
const tagName = (tag: number): string => {
  const hex = `0x${tag.toString(16).padStart(4, '0')}`;
  return TAG_NAMES[tag] ? `${TAG_NAMES[tag]} (${hex})` : hex;
};

/**
 * A checker for one site: it reads and inspects each file once, however many pages use it,
 * and reports a file's metadata once.
 */
export function createImageChecker(
  read: ReadSiteFile,
  options: ImageCheckOptions = {},
): (tree: Root, resolve: ResolveSiteUrl) => Promise<ImageFinding[]> {
  const facts = new Map<string, Promise<ImageFacts | undefined | null>>();
  /** null: the file does not exist. */
  const factsOf = (rel: string) => {
    let promise = facts.get(rel);
    if (!promise) {
      promise = read(rel).then((bytes) => (bytes === undefined ? null : imageFacts(bytes, options)));
      facts.set(rel, promise);
    }
    return promise;
  };
  /** Files whose metadata was already reported: once per site, not once per page. */
  const reported = new Set<string>();

  /** The problems of the images of one page. */
  return async function checkImages(tree, resolve) {
    const findings: ImageFinding[] = [];
    const pending: Promise<void>[] = [];
    const at = (node: Element) => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });

    const inspect = (node: Element, url: string, claimed: number | undefined, shape: Shape | undefined) => {
      const rel = resolve(url);
      if (rel === undefined) return;
      pending.push(
        factsOf(rel).then((file) => {
          const place = at(node);
          if (file === null) {
            findings.push({ ...place, rule: 'broken-link', message: `image "${url}" does not exist` });
            return;
          }
          if (file === undefined) return;
          if (claimed !== undefined && claimed !== file.width)
            findings.push({
              ...place,
              rule: 'image-wrong-width',
              message: `"${url}" is listed as ${claimed}w but is ${file.width} px wide`,
            });
          if (shape && !sameShape(shape, file))
            findings.push({
              ...place,
              rule: 'image-wrong-aspect',
              message: `width="${shape.width}" height="${shape.height}" but "${url}" is ${file.width}×${file.height}`,
            });
          if (reported.has(rel)) return;
          if (file.gps || file.metadata.length) reported.add(rel);
          if (file.gps) findings.push({ ...place, rule: 'image-metadata', message: `"${url}" carries a GPS position` });
          else if (file.metadata.length)
            findings.push({
              ...place,
              rule: 'image-metadata',
              message: `"${url}" carries ${file.metadata.join(', ')}`,
              severity: 'warning',
            });
        }),
      );
    };

    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName !== 'img' && node.tagName !== 'source') return;
      const p = node.properties;
      // A <source> of a <picture> takes its shape from the picture's <img>, unless it is art direction (media).
      const img =
        node.tagName === 'img'
          ? node
          : parent?.type === 'element' && parent.tagName === 'picture' && p.media === undefined
            ? parent.children.find((c): c is Element => c.type === 'element' && c.tagName === 'img')
            : undefined;
      if (node.tagName === 'source' && !(parent?.type === 'element' && parent.tagName === 'picture')) return;
      const width = img && number(img.properties.width);
      const height = img && number(img.properties.height);
      const shape = width && height ? { width, height } : undefined;
      if (node.tagName === 'img' && typeof p.src === 'string' && p.src.trim())
        inspect(node, p.src.trim(), undefined, shape);
      for (const c of candidates(p.srcSet)) inspect(node, c.url, c.width, shape);
    });
    await Promise.all(pending);
    return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
  };
}

interface Shape {
  readonly width: number;
  readonly height: number;
}

/** The same shape, allowing for each file's height being rounded to whole pixels. */
function sameShape(attributes: Shape, file: Shape): boolean {
  const expected = (attributes.width * file.height) / file.width;
  const slack = Math.max(2, attributes.height * 0.01, attributes.width / file.width);
  return Math.abs(expected - attributes.height) <= slack;
}
