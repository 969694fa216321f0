import type { Element } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { formatDate, parseDate } from '../content/dates.ts';
import type { PreviewStory } from '../pipeline/types.ts';

/** What the overview shows: the preview's stories (undefined: preview is off), for the site's base path and zone. */
export interface OverviewInput {
  readonly previews: readonly PreviewStory[] | undefined;
  readonly basePath: string;
  readonly timeZone: string;
}

/**
 * The dev server's own page (`__broadsheet/`): the stories only `broadsheet dev` shows,
 * scheduled ones by when they are published, then drafts, newest first, each linked to
 * its page. The site's layouts are not used: the page is the dev server's, not the site's.
 */
export function overviewPage({ previews, basePath, timeZone }: OverviewInput): string {
  const scheduled = (previews ?? []).filter((p) => p.status === 'embargoed').reverse();
  const drafts = (previews ?? []).filter((p) => p.status === 'draft');
  const when = (iso: string) => {
    const date = parseDate(iso, timeZone);
    return h('time', { datetime: iso }, date ? formatDate(date, 'en', { zone: timeZone }) : iso);
  };
  const table = (caption: string, stories: readonly PreviewStory[], dateHeading: string): Element =>
    h('table', [
      h('caption', caption),
      h(
        'thead',
        h('tr', [
          h('th', { scope: 'col' }, dateHeading),
          h('th', { scope: 'col' }, 'Story'),
          h('th', { scope: 'col' }, 'File'),
        ]),
      ),
      h(
        'tbody',
        stories.map((story) =>
          h('tr', [
            h('td', when(story.date)),
            h('td', h('a', { href: basePath + story.url.replace(/^\/+/, '') }, story.title)),
            h('td', h('code', story.file)),
          ]),
        ),
      ),
    ]);
  const body =
    previews === undefined
      ? [
          h(
            'p',
            'Preview is off (--no-preview): drafts and embargoed stories are left out, as a build leaves them out.',
          ),
        ]
      : [
          h(
            'p',
            'Only broadsheet dev shows these stories, each page marked as a draft or as embargoed; broadsheet build leaves them out until they are published.',
          ),
          scheduled.length
            ? table('Scheduled: embargoed until their date', scheduled, 'Published at')
            : h('p', 'No story is scheduled.'),
          drafts.length ? table('Drafts', drafts, 'Dated') : h('p', 'No drafts.'),
        ];
  const page = h('html', { lang: 'en' }, [
    h('head', [
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', 'Drafts and scheduled stories · broadsheet dev'),
      h('style', STYLE),
    ]),
    h(
      'body',
      h('main', [h('h1', 'Drafts and scheduled stories'), ...body, h('p', h('a', { href: basePath }, 'The site'))]),
    ),
  ]);
  return `<!doctype html>${toHtml(page)}`;
}

const STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
table{width:100%;margin:1.5rem 0;border-collapse:collapse}
caption{text-align:start;font-weight:700;font-size:1.15rem;padding-bottom:.5rem}
th,td{text-align:start;padding:.4rem .6rem .4rem 0;border-bottom:1px solid #ddd;vertical-align:top}
code{font-size:.875rem;color:#555}
@media (prefers-color-scheme:dark){body{color:#eee;background:#141414}a{color:#8cc4ff}td,th{border-color:#333}code{color:#aaa}}`;
