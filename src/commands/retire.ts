import path from 'node:path';
import { isDay } from '../content/dates.ts';
import { safeSitePath } from '../content/urls.ts';
import { versionUrls } from '../site/attachments.ts';
import type { LedgerEntry } from '../site/ledger.ts';
import { type Io, parseCommand, plural, report, shortUsage } from './shared.ts';

export const RETIRE_HELP = `Usage: broadsheet retire URL [URL ...] --reason TEXT [options]

Retire published URLs on purpose. A story that is gone breaks its URL, and a build
refuses that (url-broken) unless the URL is retired: this records it as retired in the
URL ledger (published-urls.txt, beside the articles; commit it). The next build then
serves a small "removed" page at the URL, with 410 Gone on hosts that read
_redirects, and no longer asks for the story. Retire first, then delete or unpublish
the story, then build. A story's page retires its other addresses with it: its
aliases and the URLs it had before (retire one of those alone by naming it).

URL is the path the story was published at (/2021/05/05/slug/), with or without the
site's base path, or the whole URL. It must be in the ledger: a misspelt URL would be
"retired" while the story meant stays up. A listing page (/tags/x/, or an archive
page of it the ledger lists) stays up while stories carry the tag, and is "removed"
once none does, with its archive pages.

Options:
  --reason TEXT     Why it was removed, shown on the "removed" page (required)
  --date DATE       The day it was removed (YYYY-MM-DD). Default: today in the site's
                    time zone
  --unlisted        Retire URLs the ledger does not list: ones the site published
                    before it kept a ledger (an imported archive)
  --replace         Record this reason and day for a URL retired already (without it,
                    such a URL is refused: its first reason stays)
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  -h, --help        Show this help

Exit status: 0 retired, 1 the config or the ledger cannot be read, the ledger is
off, a URL is not in the ledger (without --unlisted) or is retired already (without
--replace); 2 bad usage, or a --date after today.`;

const retireOptions = {
  reason: { type: 'string' },
  date: { type: 'string' },
  unlisted: { type: 'boolean' },
  replace: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runRetire(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('retire', argv, retireOptions, RETIRE_HELP, io, Infinity);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.err(`broadsheet retire: ${message}\n\n${shortUsage('retire', RETIRE_HELP)}`);
    return 2;
  };
  if (positionals.length === 0) return usage('name at least one URL to retire');
  const reason = values.reason?.trim();
  if (!reason) return usage('--reason is required: say why the story was removed');
  // The reason is a field of one line of the ledger.
  if (/[\u0000-\u001f\u007f]/.test(reason)) return usage('--reason must be one line, without tabs');
  if (values.date !== undefined && !isDay(values.date))
    return usage(`--date "${values.date}" is not a day of the calendar (YYYY-MM-DD)`);

  const [{ loadConfig }, { readLedgerFile, writeLedgerFile }, { promisedArchivePage }] = await Promise.all([
    import('../config/config.ts'),
    import('../site/ledger-file.ts'),
    import('../site/listing-promises.ts'),
  ]);
  const { config, diagnostics } = await loadConfig({ cwd: io.cwd, configFile: values.config });
  if (!config) {
    report(diagnostics, io);
    return 1;
  }
  if (!config.ledger) {
    io.err('broadsheet retire: the URL ledger is turned off (ledger: false in the config)');
    return 1;
  }
  const shown = path.relative(io.cwd, config.ledger);
  const { ledger, problems } = await readLedgerFile(config.ledger);
  if (problems.length) {
    for (const p of problems) io.err(`${shown}:${p.line}:1: ${p.reason}`);
    return 1;
  }
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: config.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(Date.now());
  // The "removed" page says when: a day to come would be a false record.
  if (values.date !== undefined && values.date > today)
    return usage(`--date ${values.date} is after today (${today} in ${config.timeZone})`);
  const date = values.date ?? today;
  const entries = new Map(ledger.entries);
  // Every URL is checked before any is retired: one mistake retires none.
  const urls: string[] = [];
  // A story's URL, a listing's or its archive page, or a file a story linked.
  const files = versionUrls(ledger.files ?? []);
  const listed = (u: string) =>
    entries.has(u) || ledger.listings.has(u) || promisedArchivePage(ledger, u) || files.has(u);
  for (const given of positionals) {
    const url = sitePath(given, config.url, config.basePath);
    if (url === undefined) return usage(`"${given}" is not a path of this site (${config.url})`);
    const at = listed(url) ? url : listed(`${url}/`) ? `${url}/` : undefined;
    if (at === undefined && !values.unlisted) {
      io.err(
        `broadsheet retire: ${url} is not in ${shown}: this site has not published it. Check the spelling` +
          ' (the ledger lists every URL a build published); --unlisted retires a URL the site published before it kept a ledger.',
      );
      return 1;
    }
    const before = at === undefined ? undefined : entries.get(at);
    if (before?.kind === 'retired' && !values.replace) {
      io.err(
        `broadsheet retire: ${at} was retired on ${before.date} ("${before.reason}"); give --replace to record this reason and day instead`,
      );
      return 1;
    }
    urls.push(at ?? url);
  }
  // A story's page takes its other addresses with it: left, they would lead to a story
  // that is gone, and the build would refuse them (url-broken).
  const stories = new Set(urls.flatMap((u) => (entries.get(u)?.kind === 'story' ? [storyKey(entries.get(u))] : [])));
  const others = [...entries.values()].filter(
    (e) => e.kind !== 'retired' && stories.has(e.key) && !urls.includes(e.url),
  );
  let listings = 0;
  for (const at of urls) {
    const before = entries.get(at);
    const listing = ledger.listings.has(at) || promisedArchivePage(ledger, at);
    if (listing) listings++;
    if (before && before.kind !== 'retired')
      io.err(`${at}: was ${before.kind === 'story' ? 'the page' : 'an old address'} of ${before.key}`);
    else if (listing)
      io.err(
        `${at}: a listing page${ledger.listings.has(at) ? ', with its archive pages' : ''}; it stays up while it lists stories`,
      );
    else if (!before) io.err(`${at}: not in the ledger; retired as --unlisted asks`);
    entries.set(at, { url: at, kind: 'retired', date, reason });
    io.out(`retired ${at}`);
  }
  for (const e of others) {
    io.err(`${e.url}: ${e.kind === 'story' ? 'a page' : 'an old address'} of ${storyKey(e)} too`);
    entries.set(e.url, { url: e.url, kind: 'retired', date, reason });
    io.out(`retired ${e.url}`);
  }
  await writeLedgerFile(config.ledger, { ...ledger, entries });
  const next =
    listings === urls.length
      ? 'take the tag, byline or section off the stories the listings show, then build'
      : 'delete or unpublish the stories, then build';
  io.err(`${plural(urls.length + others.length, 'URL')} retired in ${shown}; ${next}`);
  return 0;
}

/** The story a ledger line of a story's page or alias names. */
const storyKey = (entry: LedgerEntry | undefined): string => (entry && entry.kind !== 'retired' ? entry.key : '');

/** A site path (without the base path) from what a user typed: a site path, a path under the base, or a whole URL. */
function sitePath(given: string, siteUrl: string, basePath: string): string | undefined {
  let pathname = given;
  if (/^https?:\/\//i.test(given)) {
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      return undefined;
    }
    if (url.origin !== new URL(siteUrl).origin) return undefined;
    pathname = url.pathname;
  }
  if (!pathname.startsWith('/')) pathname = `/${pathname}`;
  if (basePath !== '/' && pathname.startsWith(basePath)) pathname = `/${pathname.slice(basePath.length)}`;
  // A page's address and nothing else, as the ledger's own are (a line pasted from the
  // ledger's header is not one): no spaces, query, fragment or climbing out.
  return safeSitePath(pathname) === undefined ? undefined : pathname;
}
