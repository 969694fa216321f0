/** @jsxRuntime automatic @jsxImportSource hastscript */
import type { FrontPageProps } from 'broadsheet';
import type { Element } from 'hast';
import { Document } from './document.tsx';
import { Byline, Figure, Teaser, Time } from './parts.tsx';

/** The front page: the lead story large, with picture and dek, then the latest stories. */
export default function frontLayout({ lead, latest, site }: FrontPageProps): Element {
  return Document({
    site,
    description: site.description || undefined,
    canonical: site.absolute('/'),
    children: [
      <h1 class="visually-hidden">{site.title}: front page</h1>,
      lead ? (
        <article class="lead-story" lang={lead.lang === site.language ? undefined : lead.lang} dir={lead.dir === site.dir ? undefined : lead.dir}>
          {lead.image ? Figure({ image: lead.image, lead: true }) : null}
          <div class="lead-text">
            {lead.kicker ? <p class="kicker">{lead.kicker}</p> : lead.section ? <p class="kicker">{site.sectionName(lead.section)}</p> : null}
            <h2>
              <a href={site.path(lead.url)}>{lead.title}</a>
            </h2>
            {lead.dek ? <p class="dek">{lead.dek}</p> : <p class="dek">{lead.excerpt}</p>}
            {Byline({ story: lead })}
            <p class="meta">{Time({ date: lead.date, lang: lead.lang })}</p>
          </div>
        </article>
      ) : (
        <p>No stories have been published yet.</p>
      ),
      latest.length > 0 ? (
        <section class="latest" aria-labelledby="latest-heading">
          <h2 id="latest-heading">Latest</h2>
          <ul class="story-list">
            {latest.map((story) => (
              <li>{Teaser({ story, site })}</li>
            ))}
          </ul>
        </section>
      ) : null,
    ],
  });
}
