import * as pagefind from 'pagefind';

export interface SearchFile {
  readonly path: string;
  readonly content: Uint8Array;
}

/** The pages of one Pagefind bundle. */
export interface SearchBundleInput {
  readonly pages: Iterable<{ readonly url: string; readonly content: () => Promise<string> }>;
}

/**
 * Full-text search with Pagefind: index the pages of each bundle (only their parts marked
 * `data-pagefind-body`, so listings and feeds stay out) and hand over each bundle's files,
 * to be written under its folder, as they are made. One bundle at a time, each dropped
 * from Pagefind's memory once handed over: it holds a whole index while making it.
 * Pagefind's binary ships inside its npm package.
 */
export async function buildSearchIndexes<B extends SearchBundleInput>(
  bundles: readonly B[],
  language: string,
  each: (bundle: B, files: readonly SearchFile[]) => Promise<void>,
): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  try {
    for (const bundle of bundles) {
      const { index, errors: startErrors } = await pagefind.createIndex({ forceLanguage: language });
      errors.push(...startErrors);
      if (!index) break;
      for (const page of bundle.pages) {
        const result = await index.addHTMLFile({ url: page.url, content: await page.content() });
        errors.push(...result.errors);
      }
      const { files, errors: fileErrors } = await index.getFiles();
      errors.push(...fileErrors);
      await each(
        bundle,
        files.map((f) => ({ path: f.path, content: f.content })),
      );
      await index.deleteIndex();
    }
    return { errors };
  } finally {
    await pagefind.close();
  }
}
