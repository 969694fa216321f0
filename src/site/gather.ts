import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import type { LoadedArticle } from '../content/load.ts';
import type { AssetRef } from '../content/markdown/assets.ts';
import type { StoryCore } from '../content/story.ts';

/**
 * The loaded articles as the build goes on with them: every article's diagnostics (cached
 * ones too, so a build never hides a warning; an unknown field once per name, not once
 * per article), missing images, and the summaries of the stories, in discovery order.
 */
export function gatherArticles(
  ids: readonly string[],
  entries: Readonly<
    Record<
      string,
      { readonly loaded: Pick<LoadedArticle, 'diagnostics' | 'assets'> & { readonly summary?: StoryCore | undefined } }
    >
  >,
  files: ReadonlySet<string>,
  shown: (id: string) => string,
  /** Whether a site-rooted path ("/chart.png") names a file of public/, served as it is. */
  isPublic: (src: string) => boolean = () => false,
): { diagnostics: Diagnostic[]; summaries: StoryCore[] } {
  const diagnostics: Diagnostic[] = [];
  const summaries: StoryCore[] = [];
  const unknownFields = new Set<string>();
  for (const id of ids) {
    const entry = entries[id];
    if (!entry) continue;
    for (const d of entry.loaded.diagnostics) {
      if (d.rule === 'unknown-field') {
        if (unknownFields.has(d.reason)) continue;
        unknownFields.add(d.reason);
      }
      diagnostics.push(d);
    }
    for (const ref of entry.loaded.assets) {
      if (missingAsset(ref, files, isPublic)) {
        diagnostics.push(
          diagnostic(
            'missing-image',
            { file: shown(id), line: ref.line, column: ref.column },
            ref.file.startsWith('..')
              ? `image "${ref.src}" is outside the articles folder, where the pictures of stories are published from`
              : `image "${ref.src}" not found`,
          ),
        );
      }
    }
    if (entry.loaded.summary) summaries.push(entry.loaded.summary);
  }
  return { diagnostics, summaries };
}

/**
 * Whether a picture an article names is missing: not a file of the articles folder, nor
 * (for a site-rooted path) of public/.
 */
export const missingAsset = (
  ref: Pick<AssetRef, 'file' | 'src'>,
  files: ReadonlySet<string>,
  isPublic: (rel: string) => boolean,
): boolean => !files.has(ref.file) && !(ref.src.startsWith('/') && !ref.file.startsWith('..') && isPublic(ref.file));
