import path from 'node:path';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostics.ts';
import { CacheStore, type CacheData, type CacheEntry } from '../../incremental/cache.ts';
import { lastGood } from '../../incremental/last-good.ts';
import { changedSettings, loadSettingDigests } from '../../incremental/load-key.ts';
import { linkFiles } from '../../util/link-files.ts';
import type { Env } from '../env.ts';
import { findParts, partCacheFolder, partPhotoFolder, type FoundPart, type PartRecord } from '../part.ts';

export interface Seeded {
  /** The cache with every part's entries in it (a part's entry wins over the cache's own). */
  readonly cache: CacheData;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * seed (`--loaded DIR`): the loaded parts' cache entries join the restored cache, and
 * their body packs and photo files are linked into this build's cache and photo store,
 * so that the load stage finds every article of the parts loaded already. An article no
 * part holds is loaded as usual. A part made by another Broadsheet or with other load
 * settings is refused: its entries would not be what this build would load.
 */
export async function seedCache(env: Env, cache: CacheData, folders: readonly string[]): Promise<Seeded> {
  const shown = (dir: string) => path.relative(env.cwd, dir) || '.';
  const problems: Diagnostic[] = [];
  const parts: FoundPart[] = [];
  for (const folder of folders) {
    const found = await findParts(folder);
    if (found.length === 0)
      problems.push(
        diagnostic('part-invalid', { file: shown(folder) }, `${shown(folder)} holds no loaded part (no part.json)`),
      );
    parts.push(...found);
  }
  const usable = parts.flatMap((part) => {
    const { record } = part;
    if (!record) {
      problems.push(
        diagnostic('part-invalid', { file: shown(part.dir) }, `${shown(part.dir)}: part.json is unreadable`),
      );
      return [];
    }
    if (record.key !== env.key) {
      problems.push(
        diagnostic(
          'part-mismatch',
          { file: shown(part.dir) },
          `part ${record.part}/${record.of} in ${shown(part.dir)} was loaded ${otherLoad(record, env)}`,
        ),
      );
      return [];
    }
    return [{ dir: part.dir, record }];
  });
  problems.push(...gaps(usable.map((p) => p.record)));
  if (problems.some((d) => d.severity === 'error')) return { cache, diagnostics: problems };

  const entries: Record<string, CacheEntry> = { ...cache.entries };
  for (const part of usable) {
    const loaded = await new CacheStore(partCacheFolder(part.dir)).read(env.key);
    for (const id in loaded.entries) entries[id] = withGood(loaded.entries[id]!, cache.entries[id]);
    // Bodies are found by pack name and photos by file name: both are named by content.
    await linkFiles(path.join(partCacheFolder(part.dir), 'bodies'), path.join(env.cacheDir, 'bodies'));
    await linkFiles(partPhotoFolder(part.dir), env.photos);
  }
  return { cache: { ...cache, entries }, diagnostics: problems };
}

/**
 * A part's entry with errors keeps the last good version this build's own cache knows
 * (what `--hold-invalid` publishes meanwhile), as the load stage does.
 */
function withGood(entry: CacheEntry, before: CacheEntry | undefined): CacheEntry {
  const good = entry.good ? undefined : lastGood(entry.loaded, before);
  return good ? { ...entry, good } : entry;
}

/** Parts of one cut that are missing or given twice: a warning, since the build loads what no part holds. */
function gaps(records: readonly { readonly part: number; readonly of: number }[]): Diagnostic[] {
  const cuts = new Set(records.map((r) => r.of));
  if (cuts.size > 1)
    return [
      diagnostic(
        'part-incomplete',
        { file: '.' },
        `the parts come from different cuts (of ${[...cuts].sort((a, b) => a - b).join(', ')}); articles no part holds are loaded by this build`,
        { severity: 'warning' },
      ),
    ];
  const of = [...cuts][0];
  if (of === undefined) return [];
  const have = new Set(records.map((r) => r.part));
  const missing = Array.from({ length: of }, (_, i) => i + 1).filter((n) => !have.has(n));
  return missing.length
    ? [
        diagnostic(
          'part-incomplete',
          { file: '.' },
          `part${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${of} not given; their articles are loaded by this build`,
          { severity: 'warning' },
        ),
      ]
    : [];
}

/** What differs between a part's loading and this build's: the Broadsheet, or which settings. */
function otherLoad(record: PartRecord, env: Env): string {
  if (record.tool !== undefined && record.tool !== env.tool)
    return `by another Broadsheet (${record.tool}; this is ${env.tool})`;
  const changed = record.settings ? changedSettings(record.settings, loadSettingDigests(env.config)) : [];
  return changed.length
    ? `with another ${changed.join(', ')} in the config (or --base-url) than this build's`
    : 'with other settings (the URL, Markdown, permalink, time zone, sections, language or images)';
}
