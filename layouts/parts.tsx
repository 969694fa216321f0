/** @jsxRuntime automatic @jsxImportSource hastscript */
import { formatDate, type Image, type Site, type StoryDate, type StorySummary } from 'broadsheet';
import type { Element } from 'hast';

/** A picture with its caption and credit; `lead` pictures load eagerly. */
export function Figure({ image, lead = false }: { image: Image; lead?: boolean }): Element {
  const caption = image.caption || image.credit;
  return (
    <figure class={lead ? 'figure lead-figure' : 'figure'}>
      <img src={image.src} alt={image.alt} loading={lead ? 'eager' : 'lazy'} decoding="async" />
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
 * "By Jane Doe and John Roe, Associated Press": authors, then the wire agency credit when
 * it is not already the byline.
 */
export function Byline({ story }: { story: StorySummary }): Element | null {
  const names = story.authors.map((a) => a.name);
  const agency = story.source && !names.includes(story.source) ? story.source : undefined;
  if (names.length === 0 && !agency) return null;
  const people = story.authors.map((author, i) => [
    i === 0 ? '' : i === story.authors.length - 1 ? ' and ' : ', ',
    author.url ? (
      <a class="author" href={author.url} rel="author">
        {author.name}
      </a>
    ) : (
      <span class="author">{author.name}</span>
    ),
    author.role ? <span class="role">, {author.role}</span> : null,
  ]);
  return (
    <p class="byline">
      {names.length ? ['By ', ...people.flat()] : null}
      {agency ? [names.length ? ', ' : '', <span class="agency">{agency}</span>] : null}
    </p>
  ) as Element;
}

/** A story in a list: kicker or section, linked headline, excerpt, time. */
export function Teaser({ story, site, level = 3 }: { story: StorySummary; site: Site; level?: 2 | 3 }): Element {
  const heading = (
    <a href={site.path(story.url)}>{story.title}</a>
  );
  const label = story.kicker ?? (story.section ? site.sectionName(story.section) : undefined);
  return (
    <article class="teaser" lang={story.lang === site.language ? undefined : story.lang} dir={story.dir === site.dir ? undefined : story.dir}>
      {label ? <p class="kicker">{label}</p> : null}
      {level === 2 ? <h2>{heading}</h2> : <h3>{heading}</h3>}
      {story.excerpt ? <p class="excerpt">{story.excerpt}</p> : null}
      <p class="meta">
        {Time({ date: story.date, lang: story.lang, time: false })}
      </p>
    </article>
  ) as Element;
}
