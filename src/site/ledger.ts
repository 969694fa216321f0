import { isDay } from '../content/dates.ts';
/**
 * The URL ledger: every URL the site has published, and what became of it. A story's
 * URL is a promise (links to news live for decades), so the build keeps this record
 * beside the articles, one line per URL, sorted, to be committed with them:
 *
 *     /2021/05/05/russia-ready/	story	2021/russia.md
 *     /russia-talks/	alias	2021/russia.md
 *     /2020/01/02/withdrawn/	retired	2026-12-06	Removed at the subject's request
 *     /tags/golf/	listing	12
 *     /2021/programme.pdf	file	9f86d081884c7d65…
 *
 * A story is named by its file (its path in the articles folder) or by the `id:` of its
 * front matter, written `id:…`, which survives renaming the file. A listing (a section,
 * tag, byline or date page) is recorded with the most archive pages it has had, on a line
 * of its own: a listing's URL retired keeps that line, so that its archive pages are
 * still known. A file of the articles folder that a published story linked is recorded
 * too, by its content's SHA-256: it stays online when only a draft or an embargoed story
 * links it later, while its content is one that was published (`withheldFiles`).
 */

export type LedgerEntry =
  | { readonly url: string; readonly kind: 'story' | 'alias'; readonly key: string }
  | { readonly url: string; readonly kind: 'retired'; readonly date: string; readonly reason: string };

export interface Ledger {
  /** Every entry by URL. */
  readonly entries: ReadonlyMap<string, LedgerEntry>;
  /** Each listing by the URL of its first page: the most archive pages it has had. */
  readonly listings: ReadonlyMap<string, number>;
  /**
   * The article-folder files published stories have linked, each version as
   * `URL<tab>SHA256` (`fileVersion`).
   */
  readonly files?: ReadonlySet<string> | undefined;
  /** The line of each URL in the file read, for messages. */
  readonly lines?: ReadonlyMap<string, number>;
}

export const emptyLedger = (): Ledger => ({ entries: new Map(), listings: new Map() });

const HEADER = [
  '# Published URLs: every URL this site has published and the story it belongs to.',
  '# Written by `broadsheet build`; commit it with the articles. Retire a URL on purpose',
  '# with `broadsheet retire URL --reason TEXT`. docs/urls.md explains the format.',
];

/** A problem with one line of the ledger file. */
export interface LedgerProblem {
  readonly line: number;
  readonly reason: string;
}

/**
 * Read the ledger's text. Comment and blank lines are skipped; a malformed line is a
 * problem. A URL on two lines (two machines' additions merged line by line, as the
 * `.gitattributes` of `broadsheet init` asks git to) keeps its furthest state, whatever
 * the order of the lines: retired over alias over story. Two stories claiming one URL
 * is a problem for a person to settle.
 */
export function parseLedger(text: string): { ledger: Ledger; problems: LedgerProblem[] } {
  const entries = new Map<string, LedgerEntry>();
  const listings = new Map<string, number>();
  const files = new Set<string>();
  const lines = new Map<string, number>();
  const problems: LedgerProblem[] = [];
  const add = (entry: LedgerEntry, line: number) => {
    const before = entries.get(entry.url);
    if (before && before.kind !== 'retired' && entry.kind === before.kind && entry.key !== before.key) {
      const first = lines.get(entry.url);
      return void problems.push({
        line,
        reason: `${entry.url} is listed for two stories: ${before.key} (line ${first}) and ${entry.key}`,
      });
    }
    if (before && STATE_ORDER[before.kind] >= STATE_ORDER[entry.kind]) return;
    entries.set(entry.url, entry);
    lines.set(entry.url, line);
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#') || line.trim() === '') return;
    // The common line, "URL<tab>story|alias<tab>KEY", read without splitting it.
    const first = line.indexOf('\t');
    const second = first < 0 ? -1 : line.indexOf('\t', first + 1);
    if (second > 0 && line.indexOf('\t', second + 1) < 0 && line.startsWith('/') && second + 1 < line.length) {
      const kind = line.slice(first + 1, second);
      if ((kind === 'story' || kind === 'alias') && !UNSAFE_URL.test(line.slice(0, first)))
        return void add({ url: line.slice(0, first), kind, key: line.slice(second + 1) }, i + 1);
    }
    const [url = '', kind, ...rest] = line.split('\t');
    // A file's URL is its name as written (`fileUrl`), which may hold "*": it is never a redirect.
    if (!url.startsWith('/') || (kind === 'file' ? CLIMBS : UNSAFE_URL).test(url))
      return void problems.push({ line: i + 1, reason: `"${url}" is not a site path` });
    if ((kind === 'story' || kind === 'alias') && rest.length === 1 && rest[0]) add({ url, kind, key: rest[0] }, i + 1);
    else if (kind === 'listing' && rest.length === 1 && /^\d{1,9}$/.test(rest[0]!)) {
      // Of two lines (a union merge), the one with more archive pages.
      const pages = Number(rest[0]);
      if (pages >= (listings.get(url) ?? 0)) listings.set(url, pages);
      if (!lines.has(url)) lines.set(url, i + 1);
    } else if (kind === 'file' && rest.length === 1 && /^[0-9a-f]{64}$/.test(rest[0]!)) {
      files.add(`${url}\t${rest[0]}`);
      if (!lines.has(url)) lines.set(url, i + 1);
    } else if (kind === 'retired' && rest.length >= 1 && !isDay(rest[0]!))
      problems.push({ line: i + 1, reason: `"${rest[0]}", the day ${url} was retired, is not a day (YYYY-MM-DD)` });
    else if (kind === 'retired' && rest.length >= 1)
      add({ url, kind, date: rest[0]!, reason: rest.slice(1).join('\t') }, i + 1);
    else
      problems.push({
        line: i + 1,
        reason: `"${line}" is not "URL<tab>story|alias<tab>STORY", "URL<tab>retired<tab>DATE<tab>REASON", "URL<tab>listing<tab>PAGES" or "URL<tab>file<tab>SHA256"`,
      });
  });
  return { ledger: { entries, listings, files, lines }, problems };
}

/**
 * What no URL a build records has, and a hand-edited line must not bring in: a wildcard or
 * placeholder of `_redirects` (`*`, `/:name`), a backslash, or a `.`/`..` segment. A
 * retired `/*` would answer 410 for the whole site.
 */
const UNSAFE_URL = /[*\\]|\/:|\/\.{1,2}(\/|$)/;
const CLIMBS = /\\|\/\.{1,2}(\/|$)/;

/** How far along a URL's life each state is: a URL is a story's page, then an alias, then retired. */
const STATE_ORDER = { story: 0, alias: 1, retired: 2 } as const;

/**
 * The ledger's text: the header, then its lines in byte order of URL (a listing's line
 * first where a URL has two), so that diffs stay small.
 */
export function formatLedger(ledger: Ledger): string {
  const files = new Map<string, string[]>();
  for (const version of ledger.files ?? []) {
    const [url, digest] = version.split('\t') as [string, string];
    files.set(url, [...(files.get(url) ?? []), digest]);
  }
  const urls = [...new Set([...ledger.entries.keys(), ...ledger.listings.keys(), ...files.keys()])].sort();
  const lines = urls.flatMap((url) => {
    const e = ledger.entries.get(url);
    const pages = ledger.listings.get(url);
    return [
      ...(files.get(url) ?? []).sort().map((digest) => `${url}\tfile\t${digest}`),
      ...(pages === undefined ? [] : [`${url}\tlisting\t${pages}`]),
      ...(e === undefined
        ? []
        : [e.kind === 'retired' ? `${url}\tretired\t${e.date}\t${e.reason}` : `${url}\t${e.kind}\t${e.key}`]),
    ];
  });
  return `${[...HEADER, ...lines].join('\n')}\n`;
}

/** Whether two ledgers say the same. */
export function sameLedger(a: Ledger, b: Ledger): boolean {
  if (a.entries.size !== b.entries.size || a.listings.size !== b.listings.size) return false;
  if (!holdsFiles(a, b.files ?? []) || !holdsFiles(b, a.files ?? [])) return false;
  for (const [url, pages] of a.listings) if (b.listings.get(url) !== pages) return false;
  for (const [url, e] of a.entries) {
    const f = b.entries.get(url);
    if (!f || !sameEntry(e, f)) return false;
  }
  return true;
}

const sameEntry = (e: LedgerEntry, f: LedgerEntry): boolean =>
  e.url === f.url &&
  (e.kind === 'retired'
    ? f.kind === 'retired' && e.date === f.date && e.reason === f.reason
    : f.kind === e.kind && f.key === e.key);

/** The URLs each story has had, by story key: its page first (the latest recorded), then its aliases. */
export function urlsByStory(ledger: Ledger): Map<string, { story: string[]; alias: string[] }> {
  const out = new Map<string, { story: string[]; alias: string[] }>();
  for (const e of ledger.entries.values()) {
    if (e.kind === 'retired') continue;
    const urls = out.get(e.key) ?? { story: [], alias: [] };
    urls[e.kind].push(e.url);
    out.set(e.key, urls);
  }
  return out;
}

/** The ledger's name for a story: its `id:` when it has one, else its file. */
export const ledgerKey = (story: { readonly id: string; readonly storyId?: string | undefined }): string =>
  story.storyId !== undefined ? `id:${story.storyId}` : story.id;

export interface Kept<S> {
  readonly stories: S[];
  /** Stories whose derived URL changed and that keep the URL they were published at. */
  readonly frozen: readonly { readonly story: S; readonly was: string }[];
}

/**
 * Keep the ledger's promises before stories are selected. A story whose slug is derived
 * from its headline keeps the URL it was first published at, whatever the headline says
 * now; a story whose explicit `slug:` changed moves, and its old URL becomes an alias
 * (a redirect); every URL a story ever had stays an alias of it.
 */
export function keepPromises<S extends { readonly id: string; readonly storyId?: string | undefined }>(
  stories: readonly S[],
  ledger: Ledger,
  story: {
    readonly url: (s: S) => string;
    readonly derived: (s: S) => boolean;
    readonly aliases: (s: S) => readonly string[];
    /** The story at another URL, its slug no longer derived: it is fixed now. */
    readonly pin: (s: S, url: string) => S;
    readonly alias: (s: S, aliases: readonly string[]) => S;
  },
): Kept<S> {
  if (ledger.entries.size === 0) return { stories: [...stories], frozen: [] };
  const had = urlsByStory(ledger);
  const frozen: { story: S; was: string }[] = [];
  const out = stories.map((s) => {
    const recorded = had.get(ledgerKey(s));
    if (!recorded) return s;
    let next = s;
    const page = recorded.story[0];
    // Pinned even where the URL is unchanged: a new story with the same headline and day
    // must not take it.
    if (page !== undefined && story.derived(s)) {
      if (page !== story.url(s) && !numbered(page, story.url(s))) frozen.push({ story: s, was: page });
      next = story.pin(s, page);
    }
    const now = story.url(next);
    // The common case, a story at the one URL it was published at: nothing to add.
    if (recorded.alias.length === 0 && recorded.story.length === 1 && recorded.story[0] === now) return next;
    const known = new Set([now, ...story.aliases(next)]);
    const more = [...recorded.story, ...recorded.alias].filter((url) => !known.has(url));
    return more.length ? story.alias(next, [...story.aliases(next), ...more.sort()]) : next;
  });
  return { stories: out, frozen };
}

/**
 * Whether `page` is `url` with "-2", "-3"… after its slug: the story's headline made the
 * URL it has; another story with the same headline and day took the plain one.
 */
function numbered(page: string, url: string): boolean {
  const trimmed = url.replace(/\/$/, '');
  return page.startsWith(`${trimmed}-`) && /^-\d+\/?$/.test(page.slice(trimmed.length));
}

/** A URL the ledger promises that this build would not serve. */
export interface Broken {
  readonly url: string;
  /** Its line in the ledger file. */
  readonly line: number;
  /** The story it belonged to. */
  readonly key: string;
}

/** The ledger's URLs that no published story serves, as a page or an alias, and that were not retired. */
export function brokenPromises(
  ledger: Ledger,
  served: ReadonlySet<string>,
  /** Stories held back (`--hold-invalid`): their pages stay as they were. */
  held: ReadonlySet<string> = new Set(),
): Broken[] {
  const out: Broken[] = [];
  for (const e of ledger.entries.values()) {
    if (e.kind === 'retired' || served.has(e.url) || held.has(e.key)) continue;
    out.push({ url: e.url, key: e.key, line: ledger.lines?.get(e.url) ?? 1 });
  }
  return out.sort((a, b) => (a.url < b.url ? -1 : 1));
}

/** What the ledger records of a published story: its key, its page and its aliases. */
export interface ServedStory {
  readonly id: string;
  readonly storyId?: string | undefined;
  readonly url: string;
  readonly aliases: readonly string[];
}

/** A listing the build serves: its first page's URL and how many archive pages it has. */
export interface ServedListing {
  readonly url: string;
  readonly pages: number;
}

/** Whether the ledger records each of these files. */
const holdsFiles = (ledger: Ledger, files: Iterable<string>): boolean => {
  for (const file of files) if (!ledger.files?.has(file)) return false;
  return true;
};

/** Whether the ledger records a listing with at least these archive pages. */
const holdsListing = (ledger: Ledger, listing: ServedListing): boolean =>
  (ledger.listings.get(listing.url) ?? -1) >= listing.pages;

/**
 * The ledger after a build: what it said, with every URL the build served recorded under
 * the story that serves it now, and every listing with the most archive pages it has had.
 * A URL once recorded is never dropped, and a retired one stays retired
 * (`retiredButServed` warns while its story is still published).
 */
export function recordServed(
  ledger: Ledger,
  stories: readonly ServedStory[],
  listings: readonly ServedListing[] = [],
  /** The versions of the article-folder files published stories link (`fileVersion`). */
  files: readonly string[] = [],
): Ledger {
  const allFiles = holdsFiles(ledger, files) ? ledger.files : new Set([...(ledger.files ?? []), ...files]);
  const page = new Map(stories.map((s) => [ledgerKey(s), s.url]));
  // A copy changed where it differs: a build records few new URLs in a ledger of many.
  const entries = new Map(ledger.entries);
  // A story's earlier pages are its aliases now: they redirect to where it is.
  for (const e of ledger.entries.values())
    if (e.kind === 'story' && page.has(e.key) && page.get(e.key) !== e.url) entries.set(e.url, { ...e, kind: 'alias' });
  // A retired URL stays retired while its story still serves it: the takedown it records
  // is finished by deleting or unpublishing the story, perhaps in a later push, and a
  // build in between must not undo it.
  const record = (url: string, kind: 'story' | 'alias', key: string) => {
    const e = entries.get(url);
    if (e?.kind === 'retired' || (e !== undefined && e.kind === kind && e.key === key)) return;
    entries.set(url, { url, kind, key });
  };
  for (const s of stories) {
    const key = ledgerKey(s);
    record(s.url, 'story', key);
    for (const alias of s.aliases) record(alias, 'alias', key);
  }
  const more = listings.filter((l) => !holdsListing(ledger, l));
  if (more.length === 0) return { entries, listings: ledger.listings, files: allFiles };
  const all = new Map(ledger.listings);
  for (const l of more) all.set(l.url, l.pages);
  return { entries, listings: all, files: allFiles };
}

/**
 * Whether the ledger already records every URL these stories serve, as `recordServed`
 * would: then it leaves the ledger as it is. Most builds change nothing in it, and this
 * asks without making the whole ledger again.
 */
export function recordsServed(
  ledger: Ledger,
  stories: readonly ServedStory[],
  listings: readonly ServedListing[] = [],
  files: readonly string[] = [],
): boolean {
  const holds = (url: string, kind: 'story' | 'alias', key: string) => {
    const e = ledger.entries.get(url);
    return e !== undefined && (e.kind === 'retired' || (e.kind === kind && e.key === key));
  };
  if (!listings.every((l) => holdsListing(ledger, l)) || !holdsFiles(ledger, files)) return false;
  // Stories first: a new one (the newest, first in the list) answers at once.
  for (const s of stories) {
    const key = ledgerKey(s);
    if (!holds(s.url, 'story', key)) return false;
    for (const alias of s.aliases) if (!holds(alias, 'alias', key)) return false;
  }
  const page = new Map(stories.map((s) => [ledgerKey(s), s.url]));
  for (const e of ledger.entries.values())
    if (e.kind === 'story' && page.has(e.key) && page.get(e.key) !== e.url) return false;
  return true;
}

/** Retired URLs a published story still serves, as a page or an alias, with that story. */
export function retiredButServed<S extends { readonly url: string; readonly aliases: readonly string[] }>(
  ledger: Ledger,
  published: readonly S[],
): { url: string; story: S }[] {
  const out: { url: string; story: S }[] = [];
  const retired = new Set([...ledger.entries.values()].flatMap((e) => (e.kind === 'retired' ? [e.url] : [])));
  if (retired.size === 0) return out;
  for (const story of published)
    for (const url of [story.url, ...story.aliases]) if (retired.has(url)) out.push({ url, story });
  return out;
}

/** A URL retired on purpose, with the day and the reason given. */
export interface Retired {
  readonly url: string;
  readonly date: string;
  readonly reason: string;
}

/** The retired URLs no published story serves again: each keeps a "removed" page. */
export function retiredUrls(
  ledger: Ledger,
  published: readonly { readonly url: string; readonly aliases: readonly string[] }[],
): Retired[] {
  const retired = [...ledger.entries.values()].flatMap((e) => (e.kind === 'retired' ? [e] : []));
  if (retired.length === 0) return [];
  const served = new Set(published.flatMap((s) => [s.url, ...s.aliases]));
  return retired
    .filter((e) => !served.has(e.url))
    .map(({ url, date, reason }) => ({ url, date, reason }))
    .sort((a, b) => (a.url < b.url ? -1 : 1));
}
