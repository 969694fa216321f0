/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { frontHead, type FrontPageProps, type FrontSection, type Site, type StorySummary } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { Byline, Headlines, Kicker, languageOf, PreviewLabel, StoryList, Teaser, Thumb, Time } from './parts.tsx';

/**
 * The front page: the lead with a large picture beside the next stories, a block per
 * section (its top story pictured, then headlines), then more headlines. The route shows
 * each story once.
 */
export default function frontLayout({ lead, secondary, sections, latest, site }: FrontPageProps): Element {
  return Document({
    site,
    description: site.description || undefined,
    head: frontHead(site),
    children: [
      <h1 class="visually-hidden">{site.title}: front page</h1>,
      lead ? (
        <div class="top-stories">
          {Lead({ story: lead, site })}
          {secondary.length > 0 ? (
            <ul class="story-list secondary" aria-label="More top stories">
              {secondary.map((story) => (
                <li>{Teaser({ story, site, level: 2 })}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <p>No stories have been published yet.</p>
      ),
      sections.length > 0 ? <div class="section-blocks">{sections.map((block) => Block({ block, site }))}</div> : null,
      latest.length > 0 ? (
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading" class="block-heading">
            More stories
          </h2>
          {Headlines({ stories: latest, site })}
        </section>
      ) : null,
    ],
  });
}

/** The lead: a large picture, the headline, dek, byline and time. */
function Lead({ story, site }: { story: StorySummary; site: Site }): Element {
  return (
    <article class={story.image ? 'lead-story has-picture' : 'lead-story'} {...languageOf(story, site)}>
      {story.image ? Thumb({ image: story.image, site, large: true }) : null}
      <div class="lead-text">
        {Kicker({ story, site })}
        {PreviewLabel({ story })}
        <h2>
          <a href={site.path(story.url)}>{story.title}</a>
        </h2>
        <p class="dek">{story.dek ?? story.excerpt}</p>
        {Byline({ story, site })}
        <p class="meta">{Time({ date: story.date, lang: story.lang, site, relative: true })}</p>
      </div>
    </article>
  ) as Element;
}

/** A section's block: its name linked to its page, its top story with a picture, then headlines. */
function Block({ block, site }: { block: FrontSection; site: Site }): Element {
  const { section, top, stories } = block;
  return (
    <section class="section-block" aria-labelledby={`section-${section.id}`}>
      <h2 id={`section-${section.id}`} class="block-heading">
        <a href={site.sectionUrl(section.id)}>{section.name}</a>
      </h2>
      {StoryList({ stories: [top], site })}
      {stories.length > 0 ? Headlines({ stories, site }) : null}
    </section>
  ) as Element;
}
