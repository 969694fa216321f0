/** @jsxRuntime automatic @jsxImportSource broadsheet */
import type { BreakingNews, Site } from 'broadsheet';
import type { Element, Nodes } from 'hast';

/** What a layout may place inside an element: nodes, text, or a flat list of them. */
export type Content = Nodes | string | null | undefined | (Nodes | string | null | undefined)[];

/**
 * Where a page sits in the section bar: a section id, or "search"; `page` when the page
 * is that section's own listing (or the search page), else a page inside it (a story).
 */
export interface Current {
  readonly id: string;
  readonly page: boolean;
}

export interface DocumentProps {
  readonly site: Site;
  /** Text of <title>: the page's own title; the site name is appended. */
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  /** Absolute canonical URL of the page. */
  readonly canonical?: string | undefined;
  /** Extra elements for <head>. */
  readonly head?: Content;
  /** The section bar's item to mark as current. */
  readonly current?: Current | undefined;
  readonly children?: Content;
}

/** The browser chrome's colour, with the page's in each scheme. */
const THEME_COLORS = { light: '#fffefb', dark: '#141414' };

/**
 * The page shell shared by every layout: head, skip link, masthead, main landmark, footer.
 * The masthead is the same on every page of a section, the footer on every page, so each
 * is made once per build.
 */
export function Document({ site, title, description, canonical, head, current, children }: DocumentProps): Element {
  const masthead = current ? `masthead:${current.page ? 'page' : 'in'}:${current.id}` : 'masthead';
  const breaking = site.breaking;
  return (
    <html lang={site.language} dir={site.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} | ${site.title}` : site.title}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonical ? <link rel="canonical" href={canonical} /> : null}
        <meta name="color-scheme" content="light dark" />
        <meta name="theme-color" content={THEME_COLORS.light} media="(prefers-color-scheme: light)" />
        <meta name="theme-color" content={THEME_COLORS.dark} media="(prefers-color-scheme: dark)" />
        <link rel="stylesheet" href={site.asset('style.css')} />
        {site.icons.map((icon) => (
          <link rel={icon.rel} href={site.path(icon.href)} sizes={icon.sizes} type={icon.type} />
        ))}
        <script src={site.asset('time.js')} defer="" />
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {site.reuse(masthead, () => Masthead(site, current))}
        {breaking ? site.reuse('breaking', () => BreakingBanner(breaking, site)) : null}
        <main id="main" class="wrap" tabindex="-1">
          {children}
        </main>
        {site.reuse('footer', () => Footer(site))}
      </body>
    </html>
  ) as Element;
}

/**
 * The logo (or the site's name) and one row of section links, which scrolls sideways
 * where it does not fit (phones) rather than wrapping into a tall block.
 */
function Masthead(site: Site, current: Current | undefined): Element {
  const mark = (id: string) => (current?.id === id ? (current.page ? 'page' : 'true') : undefined);
  const logo = site.publisher.logo;
  return (
    <header class="masthead">
      <div class="brand-row wrap">
        <a class={logo ? 'brand has-logo' : 'brand'} href={site.path('/')}>
          {logo ? <img class="logo" src={site.path(logo)} alt={site.title} height="40" /> : site.title}
        </a>
        {site.description ? <p class="tagline">{site.description}</p> : null}
      </div>
      <nav class="sections" aria-label="Sections">
        <div class="sections-row wrap">
          <ul>
            {site.sections.map((section) => (
              <li>
                <a href={site.sectionUrl(section.id)} aria-current={mark(section.id)}>
                  {section.name}
                </a>
              </li>
            ))}
          </ul>
          {/* Beside the row, not in it: on a phone the row scrolls, and Search stays in view. */}
          {site.search ? (
            <a class="search-link" href={site.path('/search/')} aria-current={mark('search')}>
              <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16" height="16">
                <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.5" />
                <path d="M15.5 15.5 21 21" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" />
              </svg>
              Search
            </a>
          ) : null}
        </div>
      </nav>
    </header>
  ) as Element;
}

/**
 * The breaking-news banner under the masthead, linking to the story. A labelled landmark
 * that screen-reader users can find, not a live region: it is there when the page loads,
 * and announcing it on every page would interrupt reading.
 */
function BreakingBanner(breaking: BreakingNews, site: Site): Element {
  return (
    <aside class="breaking-news" aria-label="Breaking news">
      <p class="wrap">
        <strong class="breaking-label">Breaking</strong>{' '}
        <a
          href={site.path(breaking.url)}
          lang={breaking.lang === site.language ? undefined : breaking.lang}
          dir={breaking.dir === site.dir ? undefined : breaking.dir}
        >
          {breaking.text}
        </a>
      </p>
    </aside>
  ) as Element;
}

/** Sections again, feeds and the publisher: the same on every page. */
function Footer(site: Site): Element {
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p class="footer-brand">
          <a href={site.path('/')}>{site.title}</a>
        </p>
        {site.sections.length > 0 ? (
          <nav aria-label="All sections">
            <ul class="footer-sections">
              {site.sections.map((section) => (
                <li>
                  <a href={site.sectionUrl(section.id)}>{section.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <p>
          <a href={site.path('/feed.xml')}>RSS</a> · <a href={site.path('/atom.xml')}>Atom</a> ·{' '}
          <a href={site.path('/feed.json')}>JSON Feed</a> · <a href={site.path('/stories.json')}>All stories as JSON</a>
        </p>
        <p>© {site.publisher.name}</p>
      </div>
    </footer>
  ) as Element;
}
