import { existsSync } from 'node:fs';
import path from 'node:path';
import { fieldPlace, type StoryCore } from '../../content/story.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import { unwritten } from '../../content/load.ts';
import type { CacheEntry, CachedArticle } from '../../incremental/cache.ts';
import { gatherArticles, missingAsset } from '../../site/gather.ts';
import { brokenPromises, keepPromises, ledgerKey, retiredButServed, type Ledger } from '../../site/ledger.ts';
import { selectPublished, type Selection } from '../../site/select.ts';
import { notYet, publishes, type Env } from '../env.ts';
import { ledgerShown } from './ledger.ts';

export interface Selected {
  readonly selection: Selection<StoryCore>;
  readonly diagnostics: readonly Diagnostic[];
}

/** The ledger as messages show it. */

/** Whether a site path names a file of public/, served as it is. */
const inPublic =
  (env: Env) =>
  (rel: string): boolean =>
    existsSync(path.join(env.config.public, rel));

/** Whether every picture a loaded article names is there: a version that lacks one is no good to publish. */
export function picturesFound(
  env: Env,
  files: ReadonlySet<string>,
): (loaded: Pick<CachedArticle, 'assets'>) => boolean {
  const isPublic = inPublic(env);
  return (loaded) => !loaded.assets.some((ref) => missingAsset(ref, files, isPublic));
}

/**
 * select: the loaded articles gathered in discovery order (their diagnostics, missing
 * pictures), held to the URL ledger's promises, then what is published: drafts,
 * embargoes, duplicate URLs, the pins and banners in force; and every URL the ledger
 * promises that no story serves. With `preview`, drafts and embargoed stories too, marked.
 */
export function selectStories(
  env: Env,
  ids: readonly string[],
  entries: Readonly<Record<string, CacheEntry>>,
  files: ReadonlySet<string>,
  ledger: Ledger,
  /** Ledger keys of stories held back (`--hold-invalid`): their old pages stay. */
  held: ReadonlySet<string> = new Set(),
): Selected {
  const gathered = gatherArticles(ids, entries, files, env.shown, inPublic(env));
  // Watch mode is where a story is written: one still holding `new`'s placeholder is left
  // out of the preview and told, where failing the build would leave nothing to see.
  const writing = env.options.recordUrls === false;
  const told = writing ? gathered.diagnostics.map(unwrittenTold) : gathered.diagnostics;
  const kept = keepPromises(gathered.summaries, ledger, {
    url: (s) => s.url,
    derived: (s) => s.derivedSlug,
    aliases: (s) => s.aliases,
    pin: env.pin,
    alias: env.withAliases,
  });
  const selection = selectPublished(
    kept.stories,
    env.config,
    (s) => env.shown(s.id),
    env.relocate,
    env.options.preview ?? false,
  );
  // What the permalink makes a story's URL of, as a person would name it.
  const madeOf = env.config.permalink.includes(':section') ? 'headline, date or section' : 'headline or date';
  const frozen = kept.frozen.map(({ story, was }) => {
    const slug = slugKept(story, was);
    return diagnostic(
      'url-kept',
      fieldPlace(env.shown(story.id), story, 'title', 'date'),
      `its ${madeOf} now makes ${story.url}; the story stays at ${was}, where it was published`,
      {
        severity: 'warning',
        ...(slug && {
          hint: `Write \`slug: ${slug}\` in its front matter to keep the URL without this warning, or another \`slug:\` to move the story (the old URL then redirects).`,
        }),
      },
    );
  });
  const served = new Set<string>();
  for (const s of selection.published) {
    served.add(s.url);
    for (const alias of s.aliases) served.add(alias);
  }
  // A story whose article has errors is not gone: its own errors say what to fix, and
  // "retire its URL" would be the wrong advice.
  const unreadable = ids.filter((id) => entries[id] !== undefined && entries[id].loaded.summary === undefined);
  const promises = brokenPromises(ledger, served, new Set([...held, ...unreadable]));
  // Made only for a broken promise to name its story: most builds break none.
  const byKey = promises.length
    ? new Map(gathered.summaries.map((s) => [ledgerKey(s), s]))
    : new Map<string, StoryCore>();
  const broken = promises.map(({ url, key, line }) => {
    const story = byKey.get(key);
    // Dated later than any build that publishes has had as its clock: its date was changed.
    const redated = story !== undefined && notYet(story.date.epoch);
    const why = story
      ? story.draft
        ? 'is a draft now'
        : story.date.epoch > env.config.now
          ? redated
            ? `is dated ${story.date.iso} now, a moment still to come`
            : "is dated after the build's clock"
          : `is at ${story.url} now`
      : 'is gone';
    // At the field that moved it: `draft:`, `date:`, else what its URL is made of.
    const place = story
      ? story.draft
        ? fieldPlace(env.shown(story.id), story, 'draft')
        : story.date.epoch > env.config.now
          ? fieldPlace(env.shown(story.id), story, 'date')
          : fieldPlace(env.shown(story.id), story, 'slug', 'date', 'title')
      : { file: ledgerShown(env), line, column: 1 };
    // A preview publishes nothing, and is told rather than stopped; so is a build whose
    // clock was set back before the story's date (it answers again at the later clock). A
    // story dated again to a moment still to come would be taken down until then: stopped.
    const later = story !== undefined && !story.draft && story.date.epoch > env.config.now && !redated;
    const severity = !publishes(env) || later ? 'warning' : 'error';
    return diagnostic('url-broken', place, `published URL ${url} would break: its story (${key}) ${why}`, {
      severity,
    });
  });
  // Drafts published as `--drafts` asks: one still holding `new`'s placeholder is refused,
  // as any other story is when loaded (a preview shows drafts as they are).
  const placeholders = env.config.drafts
    ? selection.published.flatMap((s) => {
        const at = s.draft ? entries[s.id]?.loaded.placeholder : undefined;
        return at ? [unwritten(env.shown(s.id), at)] : [];
      })
    : [];
  const unfinished = retiredButServed(ledger, selection.published).map(({ url, story }) =>
    diagnostic(
      'retired-url-served',
      { file: env.shown(story.id) },
      `${url} is retired in ${ledgerShown(env)}, but this story still serves it`,
      { severity: 'warning' },
    ),
  );
  // An update still to come shows on the page (and keeps a breaking banner up) as if made.
  const early = selection.published.flatMap((s) =>
    s.updated && s.updated.epoch > env.config.now
      ? [
          diagnostic(
            'updated-future',
            fieldPlace(env.shown(s.id), s, 'updated', 'date'),
            `updated is ${s.updated.iso}, later than the build's clock: the page says the story was updated then`,
            { severity: 'warning' },
          ),
        ]
      : [],
  );
  return {
    selection,
    diagnostics: [...told, ...frozen, ...selection.diagnostics, ...broken, ...unfinished, ...placeholders, ...early],
  };
}

const unwrittenTold = (d: Diagnostic): Diagnostic =>
  d.rule === 'template-text' && d.severity === 'error'
    ? { ...d, severity: 'warning', reason: `${d.reason}: it is left out of the preview until it is written` }
    : d;

/**
 * The slug of the URL a story keeps, when only its slug differs from the URL its headline
 * makes now: writing it as `slug:` keeps the URL on purpose.
 */
function slugKept(story: { readonly url: string; readonly slug: string }, was: string): string | undefined {
  const now = story.url.split('/');
  const then = was.split('/');
  const at = now.indexOf(story.slug);
  if (at < 0 || now.length !== then.length || now.some((part, i) => i !== at && part !== then[i])) return undefined;
  return then[at];
}
