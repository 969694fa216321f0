import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pageFacts } from '../../check/html-facts.ts';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import type { CacheData, CacheEntry } from '../../incremental/cache.ts';
import { publishable } from '../../incremental/last-good.ts';
import type { FileDigest } from '../../output/manifest.ts';
import { PHOTO_DIR } from '../../photos/store.ts';
import { outputPath } from '../../routes/route.ts';
import { ledgerKey, urlsByStory, type Ledger } from '../../site/ledger.ts';
import type { Env } from '../env.ts';
import type { Selected } from './select.ts';

/** A story held back by `--hold-invalid`. */
export interface Held {
  /** The article, as messages show it. */
  readonly file: string;
  /** Its name in the URL ledger. */
  readonly key: string;
  /**
   * What readers see meanwhile: the story's last published version (`previous`), its
   * last pages as they were, with no listing showing it (`pages`), or nothing: it was
   * never published (`none`).
   */
  readonly kept: 'previous' | 'pages' | 'none';
  /** Why: the problems of its new version. */
  readonly problems: readonly Diagnostic[];
}

export interface Holding {
  /** The entries to publish from: a held story's last good version in place of its new one. */
  readonly entries: Record<string, CacheEntry>;
  readonly selected: Selected;
  readonly held: readonly Held[];
  /** Output files of held stories kept as the last build left them. */
  readonly pages: readonly string[];
}

/** Rounds of holding: a story held back can make another one invalid (two stories, one URL). */
const ROUNDS = 3;

/**
 * hold (`--hold-invalid`): every article with an error is held back, so that the rest are
 * published. A held story keeps the version the cache holds from its last good build, or
 * failing that its pages in the output as they were; a new one waits. Its problems are
 * reported as warnings with it. Errors that belong to no article (config, layouts, a URL
 * of a story that is gone) still fail the build.
 */
export function holdInvalid(
  env: Env,
  input: {
    readonly ids: readonly string[];
    readonly entries: Readonly<Record<string, CacheEntry>>;
    readonly cache: CacheData;
    readonly ledger: Ledger;
    readonly previous: Readonly<Record<string, FileDigest>> | undefined;
    readonly problems: readonly Diagnostic[];
    /** Whether every picture a version names is there: one that lacks one is no good to publish. */
    readonly complete: (loaded: CacheEntry['loaded']) => boolean;
  },
  select: (entries: Readonly<Record<string, CacheEntry>>, held: ReadonlySet<string>) => Selected,
): Holding {
  const byFile = new Map(input.ids.map((id) => [env.shown(id), id]));
  const entries: Record<string, CacheEntry> = { ...input.entries };
  const heldKeys = new Set<string>();
  const held = new Map<string, Held>();
  const pages: string[] = [];
  const urls = urlsByStory(input.ledger);
  let problems = input.problems;
  let selected: Selected | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const invalid = new Set(
      problems.flatMap((d) => (d.severity === 'error' && byFile.has(d.file) ? [byFile.get(d.file)!] : [])),
    );
    const fresh = [...invalid].filter((id) => !held.has(id));
    if (selected && fresh.length === 0) break;
    for (const id of fresh) {
      const own = problems.filter((d) => d.file === env.shown(id));
      const now = input.entries[id];
      const before = input.cache.entries[id];
      // Not the version with the problems: the cache can hold it alone, when the build that
      // cached it did not see them (a preview) or failed.
      const usable = (version: CacheEntry['loaded'] | undefined) =>
        version && publishable(version) && input.complete(version) && version.source !== now?.loaded.source
          ? version
          : undefined;
      const good = usable(now?.good) ?? usable(before?.loaded);
      const key = good?.summary ? ledgerKey(good.summary) : now?.loaded.summary ? ledgerKey(now.loaded.summary) : id;
      let kept: Held['kept'] = 'none';
      if (good && now) {
        // Published as it was; the cache keeps the new version, so its problems come back until fixed.
        entries[id] = { ...now, loaded: good };
        kept = 'previous';
      } else {
        delete entries[id];
        // Never published in a form the cache knows: its pages, if the output has them.
        const theirs = [...(urls.get(key)?.story ?? []), ...(urls.get(key)?.alias ?? [])].map(outputPath);
        const present = theirs.filter((rel) => input.previous?.[rel] && input.cache.pages[rel] !== undefined);
        if (present.length === theirs.length && present.length > 0) {
          // With the pictures they show, each once however many held pages show it.
          const listed = new Set(pages);
          const shown = shownFiles(env, present, input.previous ?? {});
          pages.push(...[...present, ...shown].filter((rel) => !listed.has(rel)));
          heldKeys.add(key);
          kept = 'pages';
        }
      }
      held.set(id, { file: env.shown(id), key, kept, problems: own });
    }
    selected = select(entries, heldKeys);
    problems = selected.diagnostics;
  }
  // The held stories' own problems are told, not fatal.
  const heldFiles = new Set([...held.values()].map((h) => h.file));
  const demoted = (d: Diagnostic): Diagnostic =>
    d.severity === 'error' && heldFiles.has(d.file) ? { ...d, severity: 'warning' } : d;
  const meanwhile = {
    previous: 'readers see its last published version until it is fixed',
    pages: 'its last published pages stay as they were until it is fixed',
    none: 'it is not published until it is fixed',
  } as const;
  const told = [...held.values()].flatMap((h) => [
    diagnostic('story-held', { file: h.file }, `held back (--hold-invalid): ${meanwhile[h.kept]}`, {
      severity: 'warning',
    }),
    ...h.problems.map(demoted),
  ]);
  const final = selected!;
  return {
    entries,
    selected: { selection: final.selection, diagnostics: [...told, ...final.diagnostics.map(demoted)] },
    held: [...held.values()].sort((a, b) => (a.file < b.file ? -1 : 1)),
    pages: pages.sort(),
  };
}

/**
 * The files of the last output that kept pages show (their pictures and media, whether
 * the photo stage made them or public/ held them): kept with the pages, since no story published now
 * may show them, and the pages would be left pointing at files deleted from under them.
 * Read from the pages themselves, as the cache's record of a story held again is of its
 * broken version.
 */
function shownFiles(env: Env, pages: readonly string[], previous: Readonly<Record<string, FileDigest>>): string[] {
  const { basePath, url } = env.config;
  const origin = new URL(url).origin;
  const files = new Set<string>();
  for (const page of pages) {
    let html: string;
    try {
      html = readFileSync(path.join(env.config.out, page), 'utf8');
    } catch {
      continue;
    }
    for (const ref of pageFacts(html).refs) {
      const at = ref.url.startsWith(origin) ? ref.url.slice(origin.length) : ref.url;
      if (ref.kind !== 'asset' || !at.startsWith(basePath)) continue;
      try {
        const rel = decodeURI(at.slice(basePath.length).split(/[?#]/)[0]!);
        // Pictures and media shown, and photo files named (link previews): not the files of
        // the site itself every page names (stylesheet, icons), which other stages write.
        const shown = ref.directive === 'img-src' || ref.directive === 'media-src' || rel.startsWith(`${PHOTO_DIR}/`);
        if (shown && previous[rel] && !pages.includes(rel)) files.add(rel);
      } catch {
        // Not a path a file of the site has.
      }
    }
  }
  return [...files].sort();
}

/** Where the report of held stories is: beside the cache, `.broadsheet/held.json`. */
export const heldReport = (env: Env): string => path.join(env.config.root, '.broadsheet', 'held.json');

/** The report of held stories, for people and programs. */
export async function writeHeldReport(env: Env, held: readonly Held[]): Promise<string> {
  const file = heldReport(env);
  const report = {
    version: 1,
    held: held.map((h) => ({
      file: h.file,
      kept: h.kept,
      problems: h.problems.map((d) => ({ line: d.line, column: d.column, rule: d.rule, message: d.reason })),
    })),
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.${process.pid}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  await rename(`${file}.${process.pid}.tmp`, file);
  return file;
}
