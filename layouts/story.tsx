/** @jsxRuntime automatic @jsxImportSource hastscript */
import type { StoryPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { Byline, Figure, Time } from './parts.tsx';

/** A story page: headline, dek, byline, lead picture, body, gallery, corrections. */
export default function storyLayout({ story, site }: StoryPageProps): Element {
  const agencyShort = story.source === 'Associated Press' ? 'AP' : story.source;
  return Document({
    site,
    title: story.title,
    description: story.excerpt,
    canonical: story.canonical ?? site.absolute(story.url),
    children: (
      <article class="story" lang={story.lang === site.language ? undefined : story.lang} dir={story.dir === site.dir ? undefined : story.dir}>
        <header class="story-header">
          {story.kicker ? <p class="kicker">{story.kicker}</p> : story.section ? <p class="kicker">{site.sectionName(story.section)}</p> : null}
          <h1>{story.title}</h1>
          {story.dek ? <p class="dek">{story.dek}</p> : null}
          {Byline({ story })}
          <p class="timestamps">
            {Time({ date: story.date, lang: story.lang })}
            {story.updated ? [' · Updated ', Time({ date: story.updated, lang: story.lang })] : null}
            {` · ${story.readingMinutes} min read`}
          </p>
        </header>
        {story.image ? Figure({ image: story.image, lead: true }) : null}
        <div class="story-body">
          {story.dateline ? (
            <p class="dateline">
              {story.dateline}
              {agencyShort ? ` (${agencyShort})` : ''} —
            </p>
          ) : null}
          {story.body}
        </div>
        {story.gallery.length > 0 ? (
          <section class="gallery" aria-label="Photo gallery">
            {story.gallery.map((image) => Figure({ image }))}
          </section>
        ) : null}
        {story.corrections.length > 0 ? (
          <aside class="corrections" aria-labelledby="corrections-heading">
            <h2 id="corrections-heading">Corrections</h2>
            <ol>
              {story.corrections.map((c) => (
                <li>
                  {Time({ date: c.date, lang: story.lang, time: false })}: {c.text}
                </li>
              ))}
            </ol>
          </aside>
        ) : null}
        <footer class="story-footer">
          {story.source ? <p class="credit">Copyright {story.source}. Distributed as wire copy.</p> : null}
          {story.canonical ? (
            <p class="originally">
              Originally published at <a href={story.canonical}>{new URL(story.canonical).host}</a>.
            </p>
          ) : null}
          {story.tags.length > 0 ? (
            <p class="tags">
              Topics: {story.tags.flatMap((tag, i) => [i ? ', ' : '', <span class="tag">{tag}</span>])}
            </p>
          ) : null}
        </footer>
      </article>
    ),
  });
}
