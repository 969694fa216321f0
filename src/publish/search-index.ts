import * as pagefind from 'pagefind';

export interface SearchFile {
  readonly path: string;
  readonly content: Uint8Array;
}

/**
 * Full-text search with Pagefind: index the given pages (only those marked with
 * `data-pagefind-body` are indexed, so listings and feeds stay out) and return the bundle
 * to be written under `pagefind/`. Pagefind's binary ships inside its npm package.
 */
export async function buildSearchIndex(
  pages: Iterable<{ readonly url: string; readonly content: () => Promise<string> }>,
  language: string,
): Promise<{ files: SearchFile[]; errors: string[] }> {
  const { index, errors: startErrors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) return { files: [], errors: startErrors };
  try {
    const errors: string[] = [];
    for (const page of pages) {
      const result = await index.addHTMLFile({ url: page.url, content: await page.content() });
      errors.push(...result.errors);
    }
    const { files, errors: fileErrors } = await index.getFiles();
    return { files: files.map((f) => ({ path: f.path, content: f.content })), errors: [...errors, ...fileErrors] };
  } finally {
    await pagefind.close();
  }
}
