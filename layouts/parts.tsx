/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { formatDate, type Image, type SafeHtml, type Site, type StoryDate, type StorySummary } from 'broadsheet';
import type { Element } from 'hast';

/** A picture with its caption and credit; `lead` pictures load eagerly and feed search results. */
export function Figure({ image, lead = false }: { image: Image; lead?: boolean }): Element {
  const caption = image.caption || image.credit;
  return (
    <figure class={lead ? 'figure lead-figure' : 'figure'}>
      <img
        src={image.src}
        alt={image.alt}
        loading={lead ? 'eager' : 'lazy'}
        decoding="async"
        data-pagefind-meta={lead ? 'image[src], image_alt[alt]' : undefined}
      />
      {caption ? (
        <figcaption>
          {image.caption ?? ''}
          {image.caption && image.credit ? ' ' : ''}
          {image.credit ? <span class="credit">{image.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  ) as Element;
}

/** A <time> element showing a date in the story's language and original offset. */
export function Time({ date, lang, time = true }: { date: StoryDate; lang: string; time?: boolean }): Element {
  return (<time datetime={date.iso}>{formatDate(date, lang, { time })}</time>) as Element;
}

/**
 * "By Jane Doe and John Roe, Associated Press": authors linked to their pages, then the
 * wire agency credit when it is not already the byline.
 */
export function Byline({ story, site }: { story: StorySummary; site: Site }): Element | null {
  const names = story.authors.map((a) => a.name);
  const agency = story.source && !names.includes(story.source) ? story.source : undefined;
  if (names.length === 0 && !agency) return null;
  const people = story.authors.flatMap((author, i) => [
    i === 0 ? '' : i === story.authors.length - 1 ? ' and ' : ', ',
    <a class="author" href={site.authorUrl(author.name)} rel="author" data-pagefind-filter="author">
      {author.name}
    </a>,
    author.role ? <span class="role">, {author.role}</span> : null,
  ]);
  return (
    <p class="byline">
      {names.length ? ['By ', ...people] : null}
      {agency ? [names.length ? ', ' : '', <span class="agency">{agency}</span>] : null}
    </p>
  ) as Element;
}

/** The label above a headline: the kicker, else the section linked to its page. */
export function Kicker({ story, site }: { story: StorySummary; site: Site }): Element | null {
  if (story.kicker) return (<p class="kicker">{story.kicker}</p>) as Element;
  if (!story.section) return null;
  return (
    <p class="kicker">
      <a href={site.sectionUrl(story.section)}>{site.sectionName(story.section)}</a>
    </p>
  ) as Element;
}

/**
 * A story in a list: label, linked headline, excerpt, date. A story is listed on many pages
 * (its section, tags, author, dates, related stories), so its teaser is made once per
 * build and reused (`site.reuse`): the story's hash covers everything shown.
 */
export function Teaser({ story, site, level = 3 }: { story: StorySummary; site: Site; level?: 2 | 3 }): SafeHtml {
  return site.reuse(`teaser:${level}:${story.hash}`, () => teaser(story, site, level));
}

function teaser(story: StorySummary, site: Site, level: 2 | 3): Element {
  const heading = <a href={site.path(story.url)}>{story.title}</a>;
  const label = story.kicker ?? (story.section ? site.sectionName(story.section) : undefined);
  return (
    <article
      class="teaser"
      lang={story.lang === site.language ? undefined : story.lang}
      dir={story.dir === site.dir ? undefined : story.dir}
    >
      {label ? <p class="kicker">{label}</p> : null}
      {level === 2 ? <h2>{heading}</h2> : <h3>{heading}</h3>}
      {story.excerpt ? <p class="excerpt">{story.excerpt}</p> : null}
      <p class="meta">{Time({ date: story.date, lang: story.lang, time: false })}</p>
    </article>
  ) as Element;
}

/** A list of teasers; `level` is the heading level of their headlines (2 right under the page's h1). */
export function StoryList({
  stories,
  site,
  level = 3,
}: {
  stories: readonly StorySummary[];
  site: Site;
  level?: 2 | 3;
}): Element {
  return (
    <ul class="story-list">
      {stories.map((story) => (
        <li>{Teaser({ story, site, level })}</li>
      ))}
    </ul>
  ) as Element;
}
