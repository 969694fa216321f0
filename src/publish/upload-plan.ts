import { contentType } from '../util/content-type.ts';
import { HEADERS_FILE, headersFor, type HeaderRule } from './headers.ts';
import { MANIFEST_PATH, type FileDigest } from '../output/manifest.ts';

/** A file to upload, with the headers an object store should serve it with. */
export interface Upload {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
  readonly cacheControl: string | undefined;
}

export interface UploadPlan {
  /**
   * New and changed files: what pages name first (assets, photos, attachments, search
   * files), then pages, feeds and data files, the manifest last.
   */
  readonly upload: readonly Upload[];
  /** Files the live site has and the new build does not; delete them after uploading. */
  readonly delete: readonly string[];
  readonly unchanged: number;
}

/**
 * Files that name other files (pages, feeds, sitemaps, stories.json, Pagefind's entry
 * file): uploaded after everything they may name, so that none is live before them.
 */
const NAMING_FILE = /\.(html|xml|json|txt|webmanifest)$/;

/** Where a file goes in the upload: what pages name, then what names, then the manifest. */
const rank = (path: string): number => (path === MANIFEST_PATH ? 2 : NAMING_FILE.test(path) ? 1 : 0);

/** Files only a host with `_headers`/`_redirects` support reads; object stores would serve them. */
const HOST_FILES = new Set([HEADERS_FILE, '_redirects']);

/**
 * What to upload to bring a live site (described by its manifest) to a new build: files
 * whose hash differs, in an order that never leaves a page pointing at a missing file
 * (assets, photos, attachments and search files, then pages, feeds and Pagefind's entry
 * file, then the manifest that describes them), and what to
 * delete afterwards. Content types and Cache-Control come from the same rules as `_headers`.
 */
export function uploadPlan(
  next: Readonly<Record<string, FileDigest>>,
  live: Readonly<Record<string, FileDigest>>,
  rules: readonly HeaderRule[],
  basePath: string,
): UploadPlan {
  const upload: Upload[] = [];
  let unchanged = 0;
  for (const [path, digest] of Object.entries(next)) {
    if (HOST_FILES.has(path)) continue;
    if (live[path]?.sha256 === digest.sha256 && path !== MANIFEST_PATH) {
      unchanged++;
      continue;
    }
    upload.push({
      path,
      size: digest.size,
      sha256: digest.sha256,
      contentType: contentType(path),
      cacheControl: headersFor(rules, `${basePath}${path}`).get('cache-control'),
    });
  }
  upload.sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const remove = Object.keys(live)
    .filter((path) => !(path in next) && !HOST_FILES.has(path))
    .sort();
  // The live manifest does not list itself: it is uploaded whenever anything else changes.
  if (remove.length === 0 && upload.every((u) => u.path === MANIFEST_PATH))
    return { upload: [], delete: [], unchanged };
  return { upload, delete: remove, unchanged };
}
