/** @jsxRuntime automatic @jsxImportSource broadsheet */
import type { Site } from 'broadsheet';
import type { Element, Nodes } from 'hast';

/** What a layout may place inside an element: nodes, text, or a flat list of them. */
export type Content = Nodes | string | null | undefined | (Nodes | string | null | undefined)[];

export interface DocumentProps {
  readonly site: Site;
  /** Text of <title>: the page's own title; the site name is appended. */
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** Absolute canonical URL of the page. */
  readonly canonical?: string | undefined;
  /** Extra elements for <head>. */
  readonly head?: Content;
  readonly children?: Content;
}

/**
 * The page shell shared by every layout: head, skip link, masthead, main landmark, footer.
 * The masthead and footer are the same on every page, so each is made once per build.
 */
export function Document({ site, title, description, canonical, head, children }: DocumentProps): Element {
  return (
    <html lang={site.language} dir={site.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} | ${site.title}` : site.title}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <link rel="stylesheet" href={site.asset('style.css')} />
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {site.reuse('masthead', () => Masthead(site))}
        <main id="main" class="wrap">
          {children}
        </main>
        {site.reuse('footer', () => Footer(site))}
      </body>
    </html>
  ) as Element;
}

/** The site's name and section links, the same on every page (so made once per build). */
function Masthead(site: Site): Element {
  return (
    <header class="masthead">
      <div class="wrap">
        <a class="brand" href={site.path('/')}>
          {site.title}
        </a>
        {site.description ? <p class="tagline">{site.description}</p> : null}
      </div>
      <nav class="sections wrap" aria-label="Sections">
        <ul>
          {site.sections.map((section) => (
            <li>
              <a href={site.sectionUrl(section.id)}>{section.name}</a>
            </li>
          ))}
          {site.search ? (
            <li class="search-link">
              <a href={site.path('/search/')}>Search</a>
            </li>
          ) : null}
        </ul>
      </nav>
    </header>
  ) as Element;
}

/** Copyright and feed links, the same on every page. */
function Footer(site: Site): Element {
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p>
          © {site.publisher.name}. <a href={site.path('/feed.xml')}>RSS</a> · <a href={site.path('/atom.xml')}>Atom</a>{' '}
          · <a href={site.path('/feed.json')}>JSON Feed</a> ·{' '}
          <a href={site.path('/stories.json')}>All stories as JSON</a>
        </p>
      </div>
    </footer>
  ) as Element;
}
