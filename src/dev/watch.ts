import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

/** What a changed file is, which decides how much has to be rebuilt and how the browser reloads. */
export type ChangeKind = 'article' | 'stylesheet' | 'asset' | 'layout' | 'public' | 'config';

export interface WatchTargets {
  readonly articles: string;
  readonly layouts: string;
  readonly public: string;
  /** Files whose change means loading the configuration anew: the config file, authors.yaml. */
  readonly configFiles: readonly string[];
}

export function classify(file: string, targets: WatchTargets): ChangeKind | undefined {
  const inside = (dir: string) => file === dir || file.startsWith(dir + path.sep);
  if (targets.configFiles.includes(file)) return 'config';
  if (inside(path.join(targets.layouts, 'assets'))) return file.endsWith('.css') ? 'stylesheet' : 'asset';
  if (inside(targets.layouts)) return 'layout';
  if (inside(targets.articles)) return /\.(md|markdown)$/i.test(file) ? 'article' : 'asset';
  if (inside(targets.public)) return 'public';
  return undefined;
}

export interface ChangeBatch {
  readonly files: ReadonlyMap<string, ChangeKind>;
}

/**
 * Watch the sources with chokidar and hand over changes in batches: events are collected
 * until the files have been quiet for `quiet` ms, so a `git checkout` touching hundreds of
 * files is one rebuild. While a rebuild runs, new events queue up for the next one.
 * Editors' atomic saves (write a temporary file, rename it over) arrive as one change.
 */
export function watchSources(targets: WatchTargets, onBatch: (batch: ChangeBatch) => Promise<void>, quiet = 40): { close(): Promise<void>; ready: Promise<void> } {
  const pending = new Map<string, ChangeKind>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const flush = async () => {
    timer = undefined;
    if (running || pending.size === 0) return;
    const files = new Map(pending);
    pending.clear();
    running = onBatch({ files }).finally(() => {
      running = undefined;
      if (pending.size > 0 && !timer) timer = setTimeout(flush, quiet);
    });
  };
  const record = (file: string) => {
    const kind = classify(path.resolve(file), targets);
    if (!kind) return;
    pending.set(path.resolve(file), kind);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, quiet);
  };

  // chokidar announces "ready" before it watches a path that does not exist yet, so the
  // folders are watched where they exist, and their parents (only one level deep) for the
  // config files and folders that may appear later.
  const ignored = (file: string) => /(^|[/\\])(\.git|node_modules|\.broadsheet)([/\\]|$)/.test(file) || /(~|\.swp|\.swx|\.tmp|#)$/.test(file);
  const folders = [targets.articles, targets.layouts, targets.public];
  const tree: FSWatcher = watch(folders.filter((d) => existsSync(d)), { ignoreInitial: true, ignored, atomic: true });
  const parents = [...new Set([...folders, ...targets.configFiles].map((f) => path.dirname(f)))].filter((d) => existsSync(d));
  const top: FSWatcher = watch(parents, { ignoreInitial: true, ignored, atomic: true, depth: 0 });
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) tree.on(event, record);
  for (const event of ['add', 'change', 'unlink'] as const) top.on(event, (file) => targets.configFiles.includes(path.resolve(file)) && record(file));
  top.on('addDir', (dir) => {
    if (folders.includes(path.resolve(dir))) {
      tree.add(path.resolve(dir));
      record(dir);
    }
  });
  const readyOf = (w: FSWatcher) => new Promise<void>((resolve) => w.once('ready', () => resolve()));
  const ready = Promise.all([readyOf(tree), readyOf(top)]).then(() => undefined);
  return {
    ready,
    close: async () => {
      if (timer) clearTimeout(timer);
      await Promise.all([tree.close(), top.close()]);
      await running;
    },
  };
}
