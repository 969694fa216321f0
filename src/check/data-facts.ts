import type { Element as XmlElement, Root as XmlRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import type { ErrorId } from '../diagnostics/errors.ts';
import type { At, Ref } from './html-facts.ts';

/** A problem inside one file, before it is given the file's name. */
export interface Finding extends At {
  readonly rule: ErrorId;
  readonly message: string;
  readonly severity?: 'warning';
}

/** What the checker learns from a feed, sitemap, JSON file or host file. */
export interface DataFacts {
  readonly kind: 'feed' | 'sitemap' | 'data';
  readonly refs: readonly Ref[];
  readonly findings: readonly Finding[];
}

const MAX_SITEMAP_URLS = 50_000;

/** RSS dates are RFC 822 (with four-digit years, as RSS 2.0 recommends). */
const RFC_822 =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? (?:UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z|[+-]\d{4})$/;
/** Atom and JSON Feed dates are RFC 3339. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;
/** Sitemap dates are W3C Datetime: a date, or a date and time with a zone. */
const W3C_DATETIME = /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;
const ATOM = 'http://www.w3.org/2005/Atom';

const place = (node: { position?: { start: { line: number; column: number } } | undefined } | undefined): At => ({
  line: node?.position?.start.line ?? 1,
  column: node?.position?.start.column ?? 1,
});

const children = (node: XmlElement, name?: string): XmlElement[] =>
  node.children.filter((c): c is XmlElement => c.type === 'element' && (name === undefined || c.name === name));

const text = (node: XmlElement | undefined): string =>
  node
    ? node.children
        .map((c) => (c.type === 'text' || c.type === 'cdata' ? c.value : c.type === 'element' ? text(c) : ''))
        .join('')
        .trim()
    : '';

/** Check an XML file: that it parses, and for feeds and sitemaps that they say what readers need. */
export function xmlFacts(source: string): DataFacts {
  let tree: XmlRoot;
  try {
    tree = fromXml(source);
  } catch (error) {
    // xast-util-from-xml wraps the parser's own message (the useful one) as the cause.
    const e = error as {
      reason?: string;
      message: string;
      line?: number;
      column?: number;
      cause?: { message?: string };
    };
    const reason = (e.cause?.message ?? e.reason ?? e.message).split('\n')[0];
    return {
      kind: 'data',
      refs: [],
      findings: [
        { rule: 'invalid-xml', message: `does not parse: ${reason}`, line: e.line ?? 1, column: e.column ?? 1 },
      ],
    };
  }
  const root = tree.children.find((c): c is XmlElement => c.type === 'element');
  if (!root)
    return {
      kind: 'data',
      refs: [],
      findings: [{ rule: 'invalid-xml', message: 'has no root element', line: 1, column: 1 }],
    };
  const refs: Ref[] = [];
  const findings: Finding[] = [];
  const link = (node: XmlElement, url: string) => {
    if (url) refs.push({ url, kind: 'link', ...place(node) });
  };
  const dates = (nodes: readonly XmlElement[], format: RegExp, what: string) => {
    for (const node of nodes) {
      if (!format.test(text(node)))
        findings.push({
          rule: 'invalid-feed',
          message: `<${node.name}> "${text(node)}" is not ${what}`,
          ...place(node),
        });
    }
  };
  const need = (rule: ErrorId, node: XmlElement, names: readonly string[], what: string) => {
    for (const name of names) {
      if (!text(children(node, name)[0])) findings.push({ rule, message: `${what} has no <${name}>`, ...place(node) });
    }
  };

  if (root.name === 'rss') {
    const channel = children(root, 'channel')[0];
    if (!channel)
      return {
        kind: 'feed',
        refs,
        findings: [{ rule: 'invalid-feed', message: 'RSS feed has no <channel>', ...place(root) }],
      };
    need('invalid-feed', channel, ['title', 'link', 'description'], 'the RSS channel');
    dates([...children(channel, 'pubDate'), ...children(channel, 'lastBuildDate')], RFC_822, 'an RFC 822 date');
    link(channel, text(children(channel, 'link')[0]));
    for (const self of children(channel, 'atom:link')) link(self, String(self.attributes.href ?? ''));
    for (const item of children(channel, 'item')) {
      if (!text(children(item, 'title')[0]) && !text(children(item, 'description')[0]))
        findings.push({
          rule: 'invalid-feed',
          message: 'an RSS item has neither <title> nor <description>',
          ...place(item),
        });
      const href = text(children(item, 'link')[0]);
      if (href) link(item, href);
      else if (!text(children(item, 'guid')[0]))
        findings.push({ rule: 'invalid-feed', message: 'an RSS item has neither <link> nor <guid>', ...place(item) });
      for (const enclosure of children(item, 'enclosure'))
        refs.push({ url: String(enclosure.attributes.url ?? ''), kind: 'asset', ...place(enclosure) });
      dates(children(item, 'pubDate'), RFC_822, 'an RFC 822 date');
    }
    return { kind: 'feed', refs, findings };
  }

  if (root.name === 'feed') {
    if (root.attributes.xmlns !== ATOM)
      findings.push({
        rule: 'invalid-feed',
        message: `the Atom feed is not in the Atom namespace (${ATOM})`,
        ...place(root),
      });
    need('invalid-feed', root, ['id', 'title', 'updated'], 'the Atom feed');
    const links = (node: XmlElement) => {
      for (const l of children(node, 'link')) link(l, String(l.attributes.href ?? ''));
    };
    links(root);
    dates(children(root, 'updated'), RFC_3339, 'an RFC 3339 date');
    for (const entry of children(root, 'entry')) {
      need('invalid-feed', entry, ['id', 'title', 'updated'], 'an Atom entry');
      dates([...children(entry, 'updated'), ...children(entry, 'published')], RFC_3339, 'an RFC 3339 date');
      links(entry);
    }
    return { kind: 'feed', refs, findings };
  }

  if (root.name === 'urlset' || root.name === 'sitemapindex') {
    const item = root.name === 'urlset' ? 'url' : 'sitemap';
    const entries = children(root, item);
    if (entries.length > MAX_SITEMAP_URLS)
      findings.push({
        rule: 'invalid-sitemap',
        message: `has ${entries.length} <${item}> entries; a sitemap may list at most ${MAX_SITEMAP_URLS}`,
        ...place(root),
      });
    for (const entry of entries) {
      const loc = children(entry, 'loc')[0];
      const url = text(loc);
      if (!/^https?:\/\//.test(url))
        findings.push({
          rule: 'invalid-sitemap',
          message: url ? `<loc> "${url}" is not an absolute URL` : `a <${item}> has no <loc>`,
          ...place(loc ?? entry),
        });
      else link(loc!, url);
      const news = children(entry, 'news:news')[0];
      const stamps = [...children(entry, 'lastmod'), ...(news ? children(news, 'news:publication_date') : [])];
      for (const stamp of stamps) {
        if (!W3C_DATETIME.test(text(stamp)))
          findings.push({
            rule: 'invalid-sitemap',
            message: `<${stamp.name}> "${text(stamp)}" is not a W3C Datetime`,
            ...place(stamp),
          });
      }
    }
    return { kind: 'sitemap', refs, findings };
  }
  return { kind: 'data', refs, findings };
}

/** Check a JSON file: that it parses, and for a JSON Feed that it has what readers need. */
export function jsonFacts(source: string): DataFacts {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    // V8 says "... at position N"; turn that into a line and column.
    const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0);
    const before = source.slice(0, offset).split('\n');
    return {
      kind: 'data',
      refs: [],
      findings: [
        {
          rule: 'invalid-json',
          message: `does not parse: ${(error as Error).message}`,
          line: before.length,
          column: (before.at(-1)?.length ?? 0) + 1,
        },
      ],
    };
  }
  const feed = data as {
    version?: unknown;
    title?: unknown;
    items?: unknown;
    home_page_url?: unknown;
    feed_url?: unknown;
  };
  if (
    typeof feed !== 'object' ||
    feed === null ||
    typeof feed.version !== 'string' ||
    !feed.version.startsWith('https://jsonfeed.org/version/')
  ) {
    return { kind: 'data', refs: [], findings: [] };
  }
  const findings: Finding[] = [];
  const refs: Ref[] = [];
  const at1 = { line: 1, column: 1 };
  if (typeof feed.title !== 'string' || feed.title === '')
    findings.push({ rule: 'invalid-feed', message: 'the JSON Feed has no title', ...at1 });
  if (!Array.isArray(feed.items))
    findings.push({ rule: 'invalid-feed', message: 'the JSON Feed has no items array', ...at1 });
  for (const url of [feed.home_page_url, feed.feed_url])
    if (typeof url === 'string') refs.push({ url, kind: 'link', ...at1 });
  for (const item of Array.isArray(feed.items)
    ? (feed.items as { id?: unknown; url?: unknown; date_published?: unknown; date_modified?: unknown }[])
    : []) {
    if (typeof item?.id !== 'string' || item.id === '')
      findings.push({ rule: 'invalid-feed', message: 'a JSON Feed item has no string id', ...at1 });
    for (const date of [item?.date_published, item?.date_modified]) {
      if (date !== undefined && (typeof date !== 'string' || !RFC_3339.test(date)))
        findings.push({
          rule: 'invalid-feed',
          message: `a JSON Feed item date "${String(date)}" is not RFC 3339`,
          ...at1,
        });
    }
    if (typeof item?.url === 'string') refs.push({ url: item.url, kind: 'link', ...at1 });
  }
  return { kind: 'feed', refs, findings };
}

/** robots.txt: its Sitemap lines must point at sitemaps the site has. */
export function robotsFacts(source: string): DataFacts {
  const refs: Ref[] = [];
  source.split(/\r?\n/).forEach((line, i) => {
    const match = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    if (match?.[1]) refs.push({ url: match[1], kind: 'link', line: i + 1, column: line.indexOf(match[1]) + 1 });
  });
  return { kind: 'data', refs, findings: [] };
}

/** _redirects (Netlify, Cloudflare Pages): every target on the site must exist. Sources are old URLs, which need not. */
export function redirectsFacts(source: string): DataFacts {
  const refs: Ref[] = [];
  source.split(/\r?\n/).forEach((line, i) => {
    const [from, to] = line.trim().split(/\s+/);
    if (!from || from.startsWith('#') || !to) return;
    // A rule with placeholders (`/:a/page/:n/`) or a splat stands for many paths: its
    // target names none of them.
    if (/(^|\/):[A-Za-z]|\*/.test(from)) return;
    refs.push({ url: to, kind: 'link', line: i + 1, column: line.indexOf(to, from.length) + 1 });
  });
  return { kind: 'data', refs, findings: [] };
}
