/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { storyHead, type StoryPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import {
  Byline,
  Figure,
  Gallery,
  Kicker,
  languageOf,
  LocalTime,
  PreviewNotice,
  StoryList,
  Time,
  Words,
} from './parts.tsx';

/** A story page: headline, dek, byline, lead picture, body, gallery, corrections, related stories. */
export default function storyLayout({ story, related, newer, older, site }: StoryPageProps): Element {
  const agencyShort = story.source === 'Associated Press' ? 'AP' : story.source;
  const words = (text: string) => Words({ text, lang: story.lang, site });
  return Document({
    site,
    title: story.title,
    description: story.excerpt,
    head: storyHead(story, site),
    current: story.section ? { id: story.section, page: false } : undefined,
    children: [
      <article
        class="story"
        lang={story.lang === site.language ? undefined : story.lang}
        dir={story.dir === site.dir ? undefined : story.dir}
        data-pagefind-body=""
      >
        {PreviewNotice({ story, site })}
        <header class="story-header">
          {story.section ? (
            // Its section is a search filter; as text it would start every result's excerpt.
            <p class="kicker" data-pagefind-ignore="">
              {story.kicker ? `${story.kicker} · ` : ''}
              <a href={site.sectionUrl(story.section)} data-pagefind-filter="section">
                {words(site.sectionName(story.section))}
              </a>
            </p>
          ) : (
            Kicker({ story, site })
          )}
          <h1>{story.title}</h1>
          {story.dek ? (
            <p class="dek" data-pagefind-meta="dek">
              {story.dek}
            </p>
          ) : null}
          {Byline({ story, site })}
          <p class="timestamps" data-pagefind-ignore="">
            {Time({ date: story.date, lang: story.lang, site, relative: true })}
            {LocalTime({ date: story.date, lang: story.lang, site })}
            {story.updated
              ? [
                  <span class="sep"> · </span>,
                  words('Updated'),
                  ' ',
                  Time({ date: story.updated, lang: story.lang, site, relative: true }),
                ]
              : null}
            <span class="sep"> · </span>
            {words(`${story.readingMinutes} min read`)}
          </p>
        </header>
        {story.image ? Figure({ image: story.image, site, lead: true }) : null}
        <div class="story-body">
          {story.dateline ? (
            <p class="dateline">
              {story.dateline}
              {agencyShort ? ` (${agencyShort})` : ''} —
            </p>
          ) : null}
          {story.body}
        </div>
        {story.gallery.length > 0 ? Gallery({ images: story.gallery, site }) : null}
        {story.corrections.length > 0 ? (
          <aside class="corrections" aria-labelledby="corrections-heading">
            <h2 id="corrections-heading">{words('Corrections')}</h2>
            <ol>
              {story.corrections.map((c) => (
                <li>
                  {Time({ date: c.date, lang: story.lang, site, time: !c.date.iso.startsWith('00:00:00', 11) })}:{' '}
                  {c.text}
                </li>
              ))}
            </ol>
          </aside>
        ) : null}
        <footer class="story-footer" data-pagefind-ignore="">
          {story.source ? <p class="credit">{words(`Copyright ${story.source}. Distributed as wire copy.`)}</p> : null}
          {story.canonical ? (
            <p class="originally">
              {words('Originally published at')} <a href={story.canonical}>{new URL(story.canonical).host}</a>.
            </p>
          ) : null}
          {story.tags.length > 0 ? (
            <p class="tags">
              {words('Topics:')}{' '}
              {story.tags.flatMap((tag, i) => [
                i ? ', ' : '',
                <a class="tag" href={site.tagUrl(tag)} rel="tag">
                  {tag}
                </a>,
              ])}
            </p>
          ) : null}
        </footer>
      </article>,
      newer || older || related.length > 0 ? (
        <div class="story-more" data-pagefind-ignore="all">
          {newer || older ? (
            <nav
              class="section-nav"
              aria-label={`More in ${story.section ? site.sectionName(story.section) : 'this section'}`}
            >
              {older ? (
                <a class="older" rel="prev" href={site.path(older.url)}>
                  <span class="label">Older</span>{' '}
                  <span class="title" {...languageOf(older, site)}>
                    {older.title}
                  </span>
                </a>
              ) : null}
              {newer ? (
                <a class="newer" rel="next" href={site.path(newer.url)}>
                  <span class="label">Newer</span>{' '}
                  <span class="title" {...languageOf(newer, site)}>
                    {newer.title}
                  </span>
                </a>
              ) : null}
            </nav>
          ) : null}
          {related.length > 0 ? (
            <section class="related" aria-labelledby="related-heading">
              <h2 id="related-heading">Related stories</h2>
              {StoryList({ stories: related, site })}
            </section>
          ) : null}
        </div>
      ) : null,
    ],
  });
}
