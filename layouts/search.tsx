/** @jsxRuntime automatic @jsxImportSource broadsheet */
import type { SearchPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';

/**
 * Full-text search over every story, in the browser, with Pagefind's UI: loaded from the
 * newest volume of the index (a year's stories, or a month's in a large year), with the
 * older volumes merged into it.
 */
export default function searchLayout({ site, volumes }: SearchPageProps): Element {
  const [newest] = volumes;
  return Document({
    site,
    title: 'Search',
    description: `Search every story on ${site.title}`,
    current: { id: 'search', page: true },
    head: [
      <link rel="canonical" href={site.absolute('/search/')} />,
      <meta name="robots" content="noindex" />,
      ...(newest
        ? [
            <link rel="stylesheet" href={site.path(`${newest.path}pagefind-ui.css`)} />,
            <script src={site.path(`${newest.path}pagefind-ui.js`)} defer="" />,
            <script src={site.asset('search.js')} defer="" />,
          ]
        : []),
    ],
    children: [
      <div class="search-page">
        <h1>Search</h1>
        {newest ? (
          <div
            id="search"
            class="search"
            data-bundles={JSON.stringify(volumes.map((volume) => site.path(volume.path)))}
            data-base={site.path('/')}
          >
            <noscript>
              <p>Search needs JavaScript. You can browse stories by section from the menu.</p>
            </noscript>
          </div>
        ) : (
          <p>There are no stories to search yet.</p>
        )}
        {newest ? (
          // What the search found, said to screen readers as it changes (search.js fills it).
          <p id="search-status" class="visually-hidden" role="status" aria-live="polite"></p>
        ) : null}
      </div>,
    ],
  });
}
