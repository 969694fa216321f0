/** @jsxRuntime automatic @jsxImportSource broadsheet */
import type { NotFoundPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { StoryList } from './parts.tsx';

/** The page static hosts show for a path that does not exist. */
export default function notFoundLayout({ latest, site }: NotFoundPageProps): Element {
  return Document({
    site,
    title: 'Page not found',
    head: <meta name="robots" content="noindex" />,
    children: [
      <h1>Page not found</h1>,
      <p>
        The page you asked for is not here. It may have moved, or the address may be mistyped. Go to the{' '}
        <a href={site.path('/')}>front page</a>.
      </p>,
      latest.length > 0 ? (
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">Latest stories</h2>
          {StoryList({ stories: latest, site })}
        </section>
      ) : null,
    ],
  });
}
