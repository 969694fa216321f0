/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { listingHead, type ListingPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { StoryList } from './parts.tsx';

/** One page of a section, tag, author or date archive, with pagination. */
export default function listingLayout({
  kind,
  title,
  description,
  path,
  section,
  stories,
  pagination,
  profile,
  site,
}: ListingPageProps): Element {
  const label = { section: 'Section', tag: 'Topic', author: 'Author', archive: 'Archive' }[kind];
  const pageTitle = pagination.page > 0 ? `${title} (archive page ${pagination.page})` : title;
  return Document({
    site,
    title: pageTitle,
    description: description ?? `${label}: ${title}`,
    head: listingHead(site, { path, prev: pagination.prev, next: pagination.next, section }),
    current: kind === 'section' && section ? { id: section, page: pagination.page === 0 } : undefined,
    children: [
      <header class="listing-header">
        <p class="kicker">{label}</p>
        <h1>{pageTitle}</h1>
        {profile?.photo ? (
          <img class="portrait" src={site.path(profile.photo)} alt={`Portrait of ${title}`} width="96" height="96" />
        ) : null}
        {description ? <p class="dek">{description}</p> : null}
        {profile && profile.links.length > 0 ? (
          <ul class="profile-links">
            {profile.links.map((link) => (
              <li>
                <a href={link.url.startsWith('#') ? link.url : site.path(link.url)}>{link.label}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </header>,
      stories.length > 0 ? StoryList({ stories, site, level: 2 }) : <p>No stories yet.</p>,
      pagination.pages > 0 ? (
        <nav class="pagination" aria-label="Pages">
          {pagination.prev ? (
            <a class="newer" rel="prev" href={site.path(pagination.prev)}>
              Newer
            </a>
          ) : null}
          <ol>
            <li>
              {pagination.page === 0 ? (
                <span aria-current="page">Latest</span>
              ) : (
                <a href={site.path(pagination.first)}>Latest</a>
              )}
            </li>
            {pageWindow(pagination.page || pagination.pages + 1, pagination.pages)
              .reverse()
              .map((n) =>
                n === undefined ? (
                  <li class="gap" aria-hidden="true">
                    …
                  </li>
                ) : (
                  <li>
                    {n === pagination.page ? (
                      <span aria-current="page">{String(n)}</span>
                    ) : (
                      <a href={site.path(pagination.all[n - 1]!)}>{String(n)}</a>
                    )}
                  </li>
                ),
              )}
          </ol>
          {pagination.next ? (
            <a class="older" rel="next" href={site.path(pagination.next)}>
              Older
            </a>
          ) : null}
        </nav>
      ) : null,
    ],
  });
}

/** Pages linked either side of the current one. */
const AROUND = 2;

/**
 * Page numbers to link: the first, the last and the few around the current page, with a
 * gap (undefined) for each run of two or more left out. A year's archive has hundreds of
 * pages, and a link to every one of them on every page helps neither readers nor keyboard users.
 */
function pageWindow(page: number, pages: number): (number | undefined)[] {
  const shown: (number | undefined)[] = [];
  let last = 0;
  for (let n = 1; n <= pages; n++) {
    if (n !== 1 && n !== pages && Math.abs(n - page) > AROUND) continue;
    // A gap of one page shows that page instead: "…" would take as much room.
    if (n - last === 2) shown.push(n - 1);
    else if (n - last > 2) shown.push(undefined);
    shown.push(n);
    last = n;
  }
  return shown;
}
