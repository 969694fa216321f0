import type { ResolvedConfig } from '../config/config.ts';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { fieldPlace, newestFirst, type StoryCore } from '../content/story.ts';
import { sha256 } from '../util/hash.ts';

export interface Selection<S extends StoryCore> {
  /** Stories that go into this build, newest first. */
  readonly published: readonly S[];
  /** Drafts left out (no `--drafts`); with `preview`, published too, marked. */
  readonly drafts: readonly S[];
  /** Stories dated after the build's clock, with the time they become publishable; with `preview`, published too, marked. */
  readonly embargoed: readonly S[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The index stage: decide what is published. Drafts are left out unless asked for;
 * stories dated after `now` are embargoed and appear nowhere in the output. Two stories
 * (or a story and an alias) claiming one URL are an error on both files.
 *
 * `preview` (watch mode only) publishes drafts and embargoed stories as well, each marked
 * (`story.preview`) for layouts to show as such.
 *
 * Pins and breaking-news banners are what the clock says of them: one whose `until` has
 * passed is dropped from the story (so a story's `pin` is one in force), and when several
 * stories are pinned as lead, or carry the banner, the newest wins and the others are
 * warned about.
 */
export function selectPublished<S extends StoryCore>(
  stories: readonly S[],
  config: Pick<ResolvedConfig, 'drafts' | 'now'>,
  fileOf: (story: S) => string,
  /** The story under another slug (its URL made again), for slugs derived from titles that collide. */
  relocate?: (story: S, slug: string) => S,
  preview = false,
): Selection<S> {
  const published: S[] = [];
  const drafts: S[] = [];
  const embargoed: S[] = [];
  for (const story of stories) {
    if (story.draft && !config.drafts) {
      drafts.push(story);
      if (preview) published.push(changed(story, { preview: 'draft' }));
    } else if (story.date.epoch > config.now) {
      embargoed.push(story);
      if (preview) published.push(changed(story, { preview: 'embargoed' }));
    } else published.push(story);
  }
  for (const [i, story] of published.entries()) published[i] = inForce(story, config.now);
  published.sort(newestFirst);

  const diagnostics: Diagnostic[] = [];
  // Same-title stories on the same day make the same derived slug: the earlier one keeps
  // it, later ones get "-2", "-3"… (a warning suggests a slug of their own). Slugs written
  // in front matter are never changed: their collisions are errors below.
  const taken = new Set(published.map((s) => s.url));
  let moves = 0;
  const byUrl = new Map<string, S[]>();
  for (const story of published) {
    const group = byUrl.get(story.url);
    if (group) group.push(story);
    else byUrl.set(story.url, [story]);
  }
  for (const group of byUrl.values()) {
    if (group.length < 2) continue;
    const [first, ...later] = [...group].sort((a, b) => a.date.epoch - b.date.epoch || (a.id < b.id ? -1 : 1));
    for (const story of later) {
      if (!story.derivedSlug || !relocate) continue;
      let moved: S | undefined;
      for (let n = 2; !moved || taken.has(moved.url); n++) moved = relocate(story, `${story.slug}-${n}`);
      taken.add(moved.url);
      published[published.indexOf(story)] = moved;
      moves++;
      diagnostics.push(
        diagnostic(
          'duplicate-slug',
          fieldPlace(fileOf(story), story, 'title'),
          `${story.url} is taken by ${fileOf(first!)}; this story is published at ${moved.url}`,
          { severity: 'warning' },
        ),
      );
    }
  }
  // Sorted again by the new URLs: stories of the same moment are ordered by URL, and the
  // next build, which finds them at these URLs (the URL ledger), must order them the same.
  if (moves > 0) published.sort(newestFirst);
  const claims = new Map<string, S>();
  const claim = (url: string, story: S) => {
    const first = claims.get(url);
    if (!first) return void claims.set(url, story);
    if (first === story) return;
    for (const [who, other] of [
      [story, first],
      [first, story],
    ] as const) {
      // At the field that makes the URL: its slug (or what the slug is made of), or its aliases.
      const place =
        who.url === url ? fieldPlace(fileOf(who), who, 'slug', 'title') : fieldPlace(fileOf(who), who, 'aliases');
      diagnostics.push(diagnostic('duplicate-url', place, `${url} is claimed by ${fileOf(other)} too`));
    }
  };
  // Sorted input keeps "who was first" independent of discovery order.
  for (const story of published) claim(story.url, story);
  for (const story of published) for (const alias of story.aliases) claim(alias, story);
  diagnostics.push(...outranked(published, fileOf));
  return { published, drafts, embargoed, diagnostics };
}

/**
 * A summary with some fields changed. What pages show of a story is keyed by its hash,
 * so the hash changes with them.
 */
function changed<S extends StoryCore>(story: S, change: Partial<StoryCore>): S {
  const described = JSON.stringify(change, (_key, value: unknown) => (value === undefined ? null : value));
  return { ...story, ...change, hash: sha256(`${story.hash}\0${described}`) };
}

/** The story without a pin or banner whose time has passed (`until` is the first moment without it). */
function inForce<S extends StoryCore>(story: S, now: number): S {
  const pinEnded = story.pin?.until !== undefined && story.pin.until.epoch <= now;
  const bannerEnded = story.breaking !== undefined && story.breaking.until.epoch <= now;
  if (!pinEnded && !bannerEnded) return story;
  return changed(story, {
    ...(pinEnded && { pin: undefined }),
    ...(bannerEnded && { breaking: undefined }),
  });
}

/** Warnings for the pinned leads and breaking stories a newer one outranks (`published` is newest first). */
function outranked<S extends StoryCore>(published: readonly S[], fileOf: (story: S) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lead: S | undefined;
  let banner: S | undefined;
  for (const story of published) {
    if (story.pin?.to === 'lead') {
      if (lead)
        out.push(
          diagnostic(
            'pin-ignored',
            { file: fileOf(story) },
            `${fileOf(lead)} is pinned as lead too and is newer: it leads, and this story is shown among the top stories`,
            { severity: 'warning' },
          ),
        );
      else lead = story;
    }
    if (story.breaking) {
      if (banner)
        out.push(
          diagnostic(
            'pin-ignored',
            { file: fileOf(story) },
            `${fileOf(banner)} is breaking news too and is newer: the banner shows it, not this story`,
            { severity: 'warning' },
          ),
        );
      else banner = story;
    }
  }
  return out;
}
