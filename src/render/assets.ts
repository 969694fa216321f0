import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { discover, ignoreClutter } from '../content/discover.ts';
import { defaultLayouts } from '../util/package-root.ts';

/** A file copied into the output: where it comes from and where it goes. */
export interface CopiedFile {
  readonly from: string;
  /** Output path relative to the output folder. */
  readonly to: string;
}

/**
 * Layout assets (layouts/assets/): every file gets a content hash in its name
 * (style.css → assets/style.3f2a1b9c.css) so hosts can cache it forever. Returns the
 * files to copy and the name → site path map layouts use through `site.asset()`. A file
 * the site's folder does not have comes from `defaults` (Broadsheet's own assets), so a
 * site that replaces `style.css` keeps the default `search.js`.
 */
export async function fingerprintAssets(
  dir: string,
  defaults: string = path.join(defaultLayouts, 'assets'),
): Promise<{ files: CopiedFile[]; urls: Map<string, string> }> {
  const files: CopiedFile[] = [];
  const urls = new Map<string, string>();
  for (const [rel, from] of await assetSources(dir, defaults)) {
    const hash = createHash('sha256')
      .update(await readFile(from))
      .digest('hex')
      .slice(0, 10);
    const ext = path.posix.extname(rel);
    const to = `assets/${rel.slice(0, rel.length - ext.length)}.${hash}${ext}`;
    files.push({ from, to });
    urls.set(rel, `/${to}`);
  }
  return { files, urls };
}

/** Every asset by name ("style.css", "icons/a.svg") and the file it is read from, sorted by name. */
export async function assetSources(
  dir: string,
  defaults: string = path.join(defaultLayouts, 'assets'),
): Promise<[name: string, file: string][]> {
  const sources = new Map<string, string>();
  const folders = path.resolve(dir) === path.resolve(defaults) ? [dir] : [defaults, dir];
  for (const folder of folders) {
    const { articles, files } = await discover(folder);
    for (const rel of [...articles, ...files]) sources.set(rel, path.join(folder, rel));
  }
  return [...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every file of a folder (e.g. public/), copied as it is into the output root. */
export async function plainFiles(dir: string): Promise<CopiedFile[]> {
  const { articles, files } = await discover(dir, ignoreClutter);
  return [...articles, ...files].sort().map((rel) => ({ from: path.join(dir, rel), to: rel }));
}
