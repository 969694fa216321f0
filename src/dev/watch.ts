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

  const watcher: FSWatcher = watch([targets.articles, targets.layouts, targets.public, ...targets.configFiles], {
    ignoreInitial: true,
    ignored: (file) => /(^|[/\\])(\.git|node_modules|\.broadsheet)([/\\]|$)/.test(file) || /(~|\.swp|\.swx|\.tmp|#)$/.test(file),
    atomic: true,
  });
  for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) watcher.on(event, record);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
