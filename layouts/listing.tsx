/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { listingHead, type ListingPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { StoryList } from './parts.tsx';

/** One page of a section, tag, author or date archive, with pagination. */
export default function listingLayout({ kind, title, description, path, section, stories, pagination, profile, site }: ListingPageProps): Element {
  const label = { section: 'Section', tag: 'Topic', author: 'Author', archive: 'Archive' }[kind];
  const pageTitle = pagination.page > 1 ? `${title} (page ${pagination.page} of ${pagination.pages})` : title;
  return Document({
    site,
    title: pageTitle,
    description: description ?? `${label}: ${title}`,
    head: listingHead(site, { path, prev: pagination.prev, next: pagination.next, section }),
    children: [
      <header class="listing-header">
        <p class="kicker">{label}</p>
        <h1>{pageTitle}</h1>
        {profile?.photo ? <img class="portrait" src={site.path(profile.photo)} alt={`Portrait of ${title}`} width="96" height="96" /> : null}
        {description ? <p class="dek">{description}</p> : null}
        {profile && profile.links.length > 0 ? (
          <ul class="profile-links">
            {profile.links.map((link) => (
              <li>
                <a href={link.url}>{link.label}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </header>,
      stories.length > 0 ? StoryList({ stories, site, level: 2 }) : <p>No stories yet.</p>,
      pagination.pages > 1 ? (
        <nav class="pagination" aria-label="Pages">
          {pagination.prev ? (
            <a rel="prev" href={site.path(pagination.prev)}>
              ← Newer
            </a>
          ) : null}
          <ol>
            {pagination.all.map((page, i) => (
              <li>
                {i + 1 === pagination.page ? (
                  <span aria-current="page">{String(i + 1)}</span>
                ) : (
                  <a href={site.path(page)}>{String(i + 1)}</a>
                )}
              </li>
            ))}
          </ol>
          {pagination.next ? (
            <a rel="next" href={site.path(pagination.next)}>
              Older →
            </a>
          ) : null}
        </nav>
      ) : null,
    ],
  });
}
