import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { configShown } from '../config/config-file.ts';
import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { IconLink } from './site.ts';

/** A file to write into the output folder. */
export interface IconFile {
  /** Path relative to the output folder, e.g. "favicon.ico". */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** The icon files of a site and the `<link>`s that point at them (for `SiteData.icons`). */
export interface SiteIcons {
  readonly files: readonly IconFile[];
  readonly links: readonly IconLink[];
}

/** How icons are drawn. */
export interface IconOptions {
  /** Full name, for the web manifest. */
  readonly name: string;
  /** Name under an icon on a home screen. Default: `name`. */
  readonly shortName?: string | undefined;
  /** Base path of the site, "/" or "/news/": the manifest's start URL and scope. */
  readonly basePath: string;
  /**
   * Fill behind the logo where it is transparent or does not fill the square, and of
   * touch icons (iOS shows transparency as black). Default "#ffffff".
   */
  readonly background?: string | undefined;
  /** Colours of the initial drawn without a logo, or for a wide one. Default ink "#fffefb" on "#1a1a1a". */
  readonly monogram?: { readonly ink: string; readonly paper: string } | undefined;
}

/** The largest icon every site gets: link previews show it for a story without a picture. */
export const LARGEST_ICON = { path: 'icon-512.png', size: 512 } as const;

/** The files, sizes and links every site gets. */
const FAVICON_SIZES = [16, 32, 48];
const PNGS = [
  { path: 'apple-touch-icon.png', size: 180, rel: 'apple-touch-icon' },
  { path: 'icon-192.png', size: 192 },
  LARGEST_ICON,
] as const;
const MANIFEST = 'site.webmanifest';

/**
 * Logos wider than this (width / height) are wordmarks: shrunk into a square they would be
 * a thin unreadable line, so the icons show a monogram instead.
 */
const WIDEST_ICON = 1.6;

/**
 * The favicon (favicon.ico with 16, 32 and 48 px PNGs), the 180 px Apple touch icon, 192
 * and 512 px icons and a web manifest, made from the configured logo
 * (`publisher.logo`: a file in public/ or the articles folder; SVG, PNG, JPEG, WebP,
 * AVIF, GIF or TIFF). Without a logo they show the site's initial: a browser asks every
 * site for /favicon.ico, and a site without one answers each page view with a 404. A logo
 * that cannot be read gets them too, and a warning.
 */
export async function siteIcons(
  config: ResolvedConfig,
  cwd: string,
): Promise<{ icons: SiteIcons; diagnostics: Diagnostic[] }> {
  const logo = config.publisher.logo;
  const options = { name: config.title, basePath: config.basePath };
  const initial = async (diagnostics: Diagnostic[]) => ({ icons: await renderIcons(undefined, options), diagnostics });
  if (!logo) return initial([]);
  const file = logoFile(config);
  const configFile = { file: configShown(config, cwd) };
  if (!file)
    return initial([
      diagnostic(
        'logo-unreadable',
        configFile,
        `publisher.logo "${logo}" is not a file of the site; the icons show the site's initial`,
        {
          severity: 'warning',
        },
      ),
    ]);
  try {
    return { icons: await renderIcons(await readFile(file), options), diagnostics: [] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return initial([
      diagnostic(
        'logo-unreadable',
        { file: path.relative(cwd, file) },
        `${path.relative(cwd, file)} could not be read as a logo (${reason}); the icons show the site's initial`,
        { severity: 'warning' },
      ),
    ]);
  }
}

/**
 * The file of a logo given as a site path ("/logo.svg"): in public/, else among the
 * articles' files, which are copied to the same paths. Undefined for a URL or a path with
 * no file.
 */
export function logoFile(config: ResolvedConfig): string | undefined {
  const logo = config.publisher.logo;
  if (!logo || /^[a-z][a-z0-9+.-]*:/i.test(logo) || logo.startsWith('//')) return undefined;
  const rel = decodeURIComponent(logo.split(/[?#]/)[0]!).replace(/^\/+/, '');
  if (rel === '' || rel.split('/').includes('..')) return undefined;
  return siteFile(config, rel);
}

/** The file a site publishes at a path ("favicon.ico"): in public/, else among the articles' files. */
export const siteFile = (config: ResolvedConfig, rel: string): string | undefined =>
  [config.public, config.articles].map((dir) => path.join(dir, rel)).find((file) => existsSync(file));

/**
 * Every icon file from the bytes of a logo, or from the site's initial without one. Throws
 * when the bytes are not an image sharp reads.
 */
export async function renderIcons(logo: Uint8Array | undefined, options: IconOptions): Promise<SiteIcons> {
  // Imported here: the native library takes a while to load, and most builds reuse icons made before.
  const { default: sharp } = await import('sharp');
  const meta = logo ? await sharp(logo).metadata() : undefined;
  // A wordmark, too wide to shrink into a square, gets the initial as well.
  const initial = !logo || (meta?.width ?? 1) / (meta?.height ?? 1) > WIDEST_ICON;
  const colours = options.monogram ?? { ink: '#fffefb', paper: '#1a1a1a' };
  const background = initial ? colours.paper : (options.background ?? '#ffffff');
  const source = logo && !initial ? logo : monogram(options.name, colours);
  // Vector logos are drawn at the size they are needed at, not scaled down from their own size.
  const square = async (size: number, padding: number) => {
    const inner = Math.round(size * (1 - 2 * padding));
    const density = meta?.format === 'svg' || initial ? vectorDensity(source, size) : undefined;
    const drawn = await sharp(source, density ? { density } : {})
      .resize(inner, inner, { fit: 'contain', background })
      .png()
      .toBuffer();
    return sharp({ create: { width: size, height: size, channels: 4, background } })
      .composite([{ input: drawn, gravity: 'centre' }])
      .png({ compressionLevel: 9 })
      .toBuffer();
  };
  // Small sizes use the whole square; touch icons get the margin their platforms expect.
  const favicons = await Promise.all(FAVICON_SIZES.map((size) => square(size, initial ? 0 : 0.04)));
  const pngs = await Promise.all(PNGS.map((png) => square(png.size, initial ? 0 : 0.1)));
  const manifest = {
    name: options.name,
    short_name: options.shortName ?? options.name,
    start_url: options.basePath,
    scope: options.basePath,
    display: 'browser',
    background_color: background,
    icons: PNGS.filter((png) => png.size >= 192).map((png) => ({
      src: png.path,
      sizes: `${png.size}x${png.size}`,
      type: 'image/png',
    })),
  };
  return {
    files: [
      { path: 'favicon.ico', bytes: ico(favicons.map((bytes, i) => ({ size: FAVICON_SIZES[i]!, bytes }))) },
      ...PNGS.map((png, i) => ({ path: png.path, bytes: new Uint8Array(pngs[i]!) })),
      { path: MANIFEST, bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) },
    ],
    links: [
      { rel: 'icon', href: '/favicon.ico', sizes: FAVICON_SIZES.map((s) => `${s}x${s}`).join(' ') },
      { rel: 'icon', href: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { rel: 'apple-touch-icon', href: '/apple-touch-icon.png' },
      { rel: 'manifest', href: `/${MANIFEST}` },
    ],
  };
}

/**
 * The density (dpi) at which librsvg draws an SVG `size` pixels across at least: it draws at
 * 72 dpi by default, and a small SVG scaled up would be blurred.
 */
function vectorDensity(svg: Uint8Array, size: number): number {
  const text = new TextDecoder().decode(svg.subarray(0, 2048));
  const width = Number(/<svg[^>]*?\swidth="(\d+(?:\.\d+)?)/.exec(text)?.[1] ?? 0);
  const height = Number(/<svg[^>]*?\sheight="(\d+(?:\.\d+)?)/.exec(text)?.[1] ?? 0);
  const smallest = Math.min(width || 100, height || 100);
  return Math.min(2400, Math.max(72, Math.ceil((72 * size) / smallest)));
}

/**
 * A square with the site's initial, for a site without a logo or with a wordmark: the
 * first letter of the name after a leading "The" ("The Broadsheet Sample" → "B"), as
 * newspapers' own icons do.
 */
function monogram(name: string, { ink, paper }: { ink: string; paper: string }): Uint8Array {
  const words = name.trim().split(/\s+/);
  const word = words.length > 1 && /^the$/i.test(words[0]!) ? words[1]! : (words[0] ?? '');
  const letter = [...word][0]?.toLocaleUpperCase() ?? '';
  const escaped = letter.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">` +
      `<rect width="100" height="100" fill="${paper}"/>` +
      `<text x="50" y="76" text-anchor="middle" font-family="Georgia, 'DejaVu Serif', serif" font-weight="700" ` +
      `font-size="78" fill="${ink}">${escaped}</text></svg>`,
  );
}

/**
 * An ICO file holding PNG images (read by every browser since 2007): a 6-byte header, a
 * 16-byte entry per image, then the images.
 */
export function ico(images: readonly { size: number; bytes: Uint8Array }[]): Uint8Array {
  const header = 6 + 16 * images.length;
  const total = header + images.reduce((sum, image) => sum + image.bytes.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, images.length, true);
  let offset = header;
  images.forEach((image, i) => {
    const entry = 6 + 16 * i;
    // A size of 256 is written as 0.
    view.setUint8(entry, image.size >= 256 ? 0 : image.size);
    view.setUint8(entry + 1, image.size >= 256 ? 0 : image.size);
    view.setUint16(entry + 4, 1, true); // colour planes
    view.setUint16(entry + 6, 32, true); // bits per pixel
    view.setUint32(entry + 8, image.bytes.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(image.bytes, offset);
    offset += image.bytes.length;
  });
  return out;
}
