/** @jsxRuntime automatic @jsxImportSource broadsheet */
import { frontHead, type FrontPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { Byline, Figure, Kicker, StoryList, Time } from './parts.tsx';

/** The front page: the lead story large, the latest stories, then a block per section. */
export default function frontLayout({ lead, latest, sections, site }: FrontPageProps): Element {
  return Document({
    site,
    description: site.description || undefined,
    head: frontHead(site),
    children: [
      <h1 class="visually-hidden">{site.title}: front page</h1>,
      lead ? (
        <article
          class="lead-story"
          lang={lead.lang === site.language ? undefined : lead.lang}
          dir={lead.dir === site.dir ? undefined : lead.dir}
        >
          {lead.image ? Figure({ image: lead.image, lead: true }) : null}
          <div class="lead-text">
            {Kicker({ story: lead, site })}
            <h2>
              <a href={site.path(lead.url)}>{lead.title}</a>
            </h2>
            <p class="dek">{lead.dek ?? lead.excerpt}</p>
            {Byline({ story: lead, site })}
            <p class="meta">{Time({ date: lead.date, lang: lead.lang })}</p>
          </div>
        </article>
      ) : (
        <p>No stories have been published yet.</p>
      ),
      latest.length > 0 ? (
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">Latest</h2>
          {StoryList({ stories: latest, site })}
        </section>
      ) : null,
      ...sections.map(({ section, stories }) => (
        <section class="section-block" aria-labelledby={`section-${section.id}`}>
          <h2 id={`section-${section.id}`}>
            <a href={site.sectionUrl(section.id)}>{section.name}</a>
          </h2>
          {StoryList({ stories, site })}
        </section>
      )),
    ],
  });
}
