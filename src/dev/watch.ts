import path from 'node:path';
import { fork } from 'node:child_process';
import { statSync } from 'node:fs';
import { setPriority } from 'node:os';
import { ignoreHiddenAndUnderscored, isArticleName } from '../content/discover.ts';
import { packageRoot } from '../util/package-root.ts';

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
  if (inside(targets.articles)) {
    // What discovery skips (an editor's `.notes.md`, a `_drafts/` folder) changes nothing.
    if (path.relative(targets.articles, file).split(path.sep).some(ignoreHiddenAndUnderscored)) return undefined;
    return isArticleName(file) ? 'article' : 'asset';
  }
  if (inside(targets.public)) return 'public';
  return undefined;
}

/** After chokidar's 50 ms window for repeated changes to one file. */
const RECHECK_MS = 80;

/** What a file is now, cheaply: a change of content shows in size, time or inode. */
export function signature(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}

export interface ChangeBatch {
  readonly files: ReadonlyMap<string, ChangeKind>;
}

/** A running watcher. */
export interface Watcher {
  /** Resolves once every watched folder is being watched: a change from then on is reported. */
  readonly ready: Promise<void>;
  /** Hand over files as changed, as if the watcher had reported them (changes it could not see). */
  add(files: readonly string[]): void;
  /** Resolves when no change is waiting and no batch is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watch the sources with chokidar (in a process of its own) and hand over changes in batches: events are collected
 * until the files have been quiet for `quiet` ms, so a `git checkout` touching hundreds of
 * files is one rebuild. While a rebuild runs, new events queue up for the next one.
 * Editors' atomic saves (write a temporary file, rename it over) arrive as one change.
 */
export function watchSources(
  targets: WatchTargets,
  onBatch: (batch: ChangeBatch) => Promise<void>,
  quiet = 15,
): Watcher {
  const pending = new Map<string, ChangeKind>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const waiting: (() => void)[] = [];
  const settle = () => {
    if (!timer && !running && pending.size === 0) for (const resolve of waiting.splice(0)) resolve();
  };

  const flush = async () => {
    timer = undefined;
    if (running || pending.size === 0) return settle();
    const files = new Map(pending);
    pending.clear();
    // What the rebuild is about to read, to notice a change chokidar did not report.
    for (const file of files.keys()) builtAs.set(file, signature(file));
    running = onBatch({ files }).finally(() => {
      running = undefined;
      if (pending.size > 0 && !timer) timer = setTimeout(flush, quiet);
      settle();
    });
  };
  const checks = new Set<NodeJS.Timeout>();
  const builtAs = new Map<string, string>();
  const record = (file: string) => {
    const kind = classify(path.resolve(file), targets);
    if (!kind) return;
    pending.set(path.resolve(file), kind);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, quiet);
    // chokidar drops a second change to a file within 50 ms of the first (a formatter
    // rewriting a file just saved, say): once that window has passed, rebuild if the file
    // is no longer what the rebuild read.
    const check = setTimeout(() => {
      checks.delete(check);
      const absolute = path.resolve(file);
      const read = builtAs.get(absolute);
      if (read !== undefined && !pending.has(absolute) && signature(absolute) !== read) record(absolute);
    }, RECHECK_MS);
    checks.add(check);
  };

  // chokidar runs in a process of its own, at low priority (see watch-process.js).
  const child = fork(
    path.join(packageRoot, 'src', 'dev', 'watch-process.js'),
    [
      JSON.stringify({
        folders: [targets.articles, targets.layouts, targets.public],
        configFiles: targets.configFiles,
      }),
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    },
  );
  try {
    if (child.pid !== undefined) setPriority(child.pid, 19);
  } catch {
    // Not allowed here: it runs at normal priority.
  }
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: { type: 'ready' } | { type: 'event'; event: string; file: string }) => {
      if (message.type === 'ready') resolve();
      else record(message.file);
    });
    child.on('error', reject);
    child.once('exit', (code) => reject(new Error(`the file watcher stopped (exit code ${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ready,
    add: (files) => {
      for (const file of files) record(file);
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        settle();
      }),
    close: async () => {
      if (timer) clearTimeout(timer);
      for (const check of checks) clearTimeout(check);
      if (child.connected) child.send({ type: 'close' });
      else child.kill();
      await exited;
      await running;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}
