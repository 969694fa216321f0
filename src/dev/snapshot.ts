import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { classify, signature, type WatchTargets } from './watch.ts';

/** Every watched source file and what it was (size, times, inode), by absolute path. */
export type Snapshot = ReadonlyMap<string, string>;

/** Folders never watched (see watch-process.js): not walked either. */
const SKIPPED = new Set(['.git', 'node_modules', '.broadsheet']);

/**
 * What the watched sources are now. Taken before the first build and again once the
 * watcher is ready, the two show every file that changed while nothing was watching it:
 * a save between the build's discovery and the watcher's first look is not an event the
 * watcher can report, since to it that file was always so.
 */
export async function snapshotSources(targets: WatchTargets): Promise<Snapshot> {
  const files: string[] = [...targets.configFiles];
  for (const dir of [targets.articles, targets.layouts, targets.public]) files.push(...(await walk(dir)));
  const out = new Map<string, string>();
  for (const file of files) if (classify(file, targets)) out.set(file, signature(file));
  return out;
}

/** Files added, changed or removed between two snapshots. */
export function changedBetween(before: Snapshot, after: Snapshot): string[] {
  const changed = [...after].filter(([file, now]) => before.get(file) !== now).map(([file]) => file);
  for (const file of before.keys()) if (!after.has(file)) changed.push(file);
  return changed;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) files.push(...(await walk(full)));
    } else files.push(full);
  }
  return files;
}
