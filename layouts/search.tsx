/** @jsxRuntime automatic @jsxImportSource broadsheet */
import type { SearchPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';

/** Full-text search over every story, in the browser, with Pagefind's UI. */
export default function searchLayout({ site }: SearchPageProps): Element {
  return Document({
    site,
    title: 'Search',
    description: `Search every story on ${site.title}`,
    current: { id: 'search', page: true },
    head: [
      <link rel="canonical" href={site.absolute('/search/')} />,
      <meta name="robots" content="noindex" />,
      <link rel="stylesheet" href={site.path('/pagefind/pagefind-ui.css')} />,
      <script src={site.path('/pagefind/pagefind-ui.js')} defer="" />,
      <script src={site.asset('search.js')} defer="" />,
    ],
    children: [
      <div class="search-page">
        <h1>Search</h1>
        <div id="search" class="search" data-bundle={site.path('/pagefind/')} data-base={site.path('/')}>
          <noscript>
            <p>
              Search needs JavaScript. You can browse stories by section from the menu, or use the archive of all
              stories.
            </p>
          </noscript>
        </div>
      </div>,
    ],
  });
}
