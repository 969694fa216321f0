/** @jsxRuntime automatic @jsxImportSource broadsheet */
import {
  formatDate,
  formatLocalTime,
  galleryElement,
  hasOwnOffset,
  pictureElement,
  remoteImageElement,
  type Image,
  type SlotName,
  type SafeHtml,
  type Site,
  type StoryDate,
  type StorySummary,
} from 'broadsheet';
import type { Element } from 'hast';

/**
 * A picture with its caption and credit; `lead` pictures load eagerly, first, and feed
 * search results. A local picture is drawn as the photo stage made it (a `<picture>` of
 * sized files, with `width` and `height`); a remote one is an `<img>` with the size its
 * front matter gives, and without one the frame keeps a 16:9 box until the picture
 * arrives (the stylesheet's `img:not([height])`): nothing below it moves.
 */
export function Figure({ image, site, lead = false }: { image: Image; site: Site; lead?: boolean }): Element {
  const caption = image.caption || image.credit;
  return (
    <figure class={lead ? 'figure lead-figure' : 'figure'}>
      {Picture({ image, site, slot: lead ? 'lead' : 'gallery', eager: lead, meta: lead })}
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

/** A gallery: a list of figures, each with its caption and credit, lazy, with no script. */
export function Gallery({ images, site }: { images: readonly Image[]; site: Site }): Element {
  return galleryElement(
    images.map((image) => ({ picture: Picture({ image, site, slot: 'gallery' }), text: image })),
    { base: site.config.basePath, label: 'Photo gallery' },
  );
}

/**
 * A picture for a teaser: the thumbnail the photo stage cropped (3:2), or a remote picture
 * cropped to that frame by the stylesheet. `large` (the front page's lead) draws the lead
 * picture instead, eagerly and first.
 */
export function Thumb({ image, site, large = false }: { image: Image; site: Site; large?: boolean }): Element {
  const element = Picture({ image, site, slot: large ? 'lead' : 'thumbnail', eager: large, fill: true });
  const classes = element.properties.className;
  element.properties.className = [...(Array.isArray(classes) ? classes : []), 'thumb'];
  return element;
}

/** One picture in a slot: the photo stage's files when it made them, the remote `<img>` otherwise. */
function Picture({
  image,
  site,
  slot,
  eager = false,
  meta = false,
  fill = false,
}: {
  image: Image;
  site: Site;
  slot: SlotName;
  eager?: boolean;
  meta?: boolean;
  /** Fill the frame however small the picture is (a teaser's): never drawn `natural`. */
  fill?: boolean;
}): Element {
  const made = image.pictures?.[slot];
  const picture = made && fill ? { ...made, natural: undefined } : made;
  const options = {
    priority: eager,
    img: meta ? { dataPagefindMeta: 'image[src], image_alt[alt]' } : undefined,
  };
  return picture
    ? pictureElement(picture, image.alt, { ...options, base: site.config.basePath })
    : remoteImageElement(image.src, image, options);
}

/**
 * A <time> in the site's zone, named as readers name it ("November 20, 2026, 6:45 PM GMT";
 * the day alone with `time: false`). `relative` lets the page's script show a recent time
 * as "2 hours ago"; the text here is what readers without the script see.
 */
export function Time({
  date,
  lang,
  site,
  time = true,
  relative = false,
}: {
  date: StoryDate;
  lang: string;
  site: Site;
  time?: boolean;
  relative?: boolean;
}): Element {
  return (
    <time datetime={date.iso} data-relative={relative ? '' : undefined}>
      {formatDate(date, lang, { time, zone: site.config.timeZone })}
    </time>
  ) as Element;
}

/**
 * When a story is dated in an offset of its own (filed from Moscow at 15:20+03:00 for a
 * London site), the time where it was filed: "(3:20 PM UTC+3 local time)", after a space where the line may break.
 */
export function LocalTime({ date, lang, site }: { date: StoryDate; lang: string; site: Site }): (Element | string)[] {
  if (!hasOwnOffset(date, site.config.timeZone)) return [];
  const local = `(${formatLocalTime(date, lang)} local time)`;
  return [' ', (<span class="local-time">{Words({ text: local, lang, site })}</span>) as Element];
}

/**
 * The theme's own words ("By", "min read", "Topics:") in a story of another language and
 * direction: marked as the site's, in an isolate, so that a right-to-left story reads them
 * whole, in its own order, instead of letting their spaces and numbers mix into its text.
 */
export function Words({ text, lang, site }: { text: string; lang: string; site: Site }): Element | string {
  if (lang === site.language) return text;
  return (
    <span lang={site.language} dir={site.dir}>
      {text}
    </span>
  ) as Element;
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
      {names.length ? [Words({ text: 'By', lang: story.lang, site }), ' ', ...people] : null}
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
      <a href={site.sectionUrl(story.section)}>
        {Words({ text: site.sectionName(story.section), lang: story.lang, site })}
      </a>
    </p>
  ) as Element;
}

/**
 * "Draft" or "Embargoed" before the headline of a story `broadsheet dev` shows for
 * preview (never in a build).
 */
export function PreviewLabel({ story }: { story: StorySummary }): Element | null {
  if (!story.preview) return null;
  return (<span class="preview-label">{story.preview === 'draft' ? 'Draft' : 'Embargoed'}</span>) as Element;
}

/**
 * The notice at the top of a story `broadsheet dev` shows for preview: "DRAFT" or
 * "EMBARGOED until …", and that a build leaves the story out.
 */
export function PreviewNotice({ story, site }: { story: StorySummary; site: Site }): Element | null {
  if (!story.preview) return null;
  return (
    <p class="preview-notice">
      <strong>{story.preview === 'draft' ? 'DRAFT' : 'EMBARGOED'}</strong>
      {story.preview === 'draft'
        ? ': not published. Only this preview shows it; a build leaves it out while it has draft: true.'
        : [
            ' until ',
            Time({ date: story.date, lang: story.lang, site }),
            ': only this preview shows it; a build leaves it out until then.',
          ]}
    </p>
  ) as Element;
}

/** `lang` and `dir` for a story's element, where they differ from the page's. */
export const languageOf = (story: StorySummary, site: Site) => ({
  lang: story.lang === site.language ? undefined : story.lang,
  dir: story.dir === site.dir ? undefined : story.dir,
});

/**
 * A story in a list: picture (when it has one), label, linked headline, excerpt, date.
 * The stylesheet sizes the picture for where the teaser is (a row on listings, a card in
 * a section block). A story is listed on many pages (its section, tags, author, dates,
 * related stories), so its teaser is made once per build and reused (`site.reuse`): the
 * story's hash covers everything shown.
 */
export function Teaser({ story, site, level = 3 }: { story: StorySummary; site: Site; level?: 2 | 3 }): SafeHtml {
  return site.reuse(`teaser:${level}:${story.hash}`, () => teaser(story, site, level));
}

function teaser(story: StorySummary, site: Site, level: 2 | 3): Element {
  const heading = <a href={site.path(story.url)}>{story.title}</a>;
  const label = story.section ? site.sectionName(story.section) : undefined;
  return (
    <article class={story.image ? 'teaser has-picture' : 'teaser'} {...languageOf(story, site)}>
      {story.image ? Thumb({ image: story.image, site }) : null}
      <div class="teaser-text">
        {story.kicker ? (
          <p class="kicker">{story.kicker}</p>
        ) : label ? (
          <p class="kicker section-label">{Words({ text: label, lang: story.lang, site })}</p>
        ) : null}
        {PreviewLabel({ story })}
        {level === 2 ? <h2>{heading}</h2> : <h3>{heading}</h3>}
        {story.excerpt ? <p class="excerpt">{story.excerpt}</p> : null}
        <p class="meta">{Time({ date: story.date, lang: story.lang, site, time: false, relative: true })}</p>
      </div>
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

/** Headlines alone, each with its date: the rest of a section block, more stories. */
export function Headlines({ stories, site }: { stories: readonly StorySummary[]; site: Site }): Element {
  return (
    <ul class="headlines">
      {stories.map((story) => (
        <li {...languageOf(story, site)}>
          {PreviewLabel({ story })}
          <a href={site.path(story.url)}>{story.title}</a>{' '}
          <span class="meta">{Time({ date: story.date, lang: story.lang, site, time: false, relative: true })}</span>
        </li>
      ))}
    </ul>
  ) as Element;
}
