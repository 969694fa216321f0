// The file watcher, in a process of its own at low CPU priority. chokidar re-reads a
// whole folder whenever a file in it changes (to notice additions and removals): for an
// archive of thousands of articles in one folder that is a quarter of a second of work
// per save. Here it neither blocks the dev server nor competes with the rebuild it
// triggers. Plain JavaScript, so it starts without TypeScript hooks; it only reports
// events, the dev server decides what they mean.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';

/** @type {{ folders: string[]; configFiles: string[] }} */
const { folders, configFiles } = JSON.parse(process.argv[2] ?? '{}');
const ignored = (file) =>
  /(^|[/\\])(\.git|node_modules|\.broadsheet)([/\\]|$)/.test(file) || /(~|\.swp|\.swx|\.tmp|#)$/.test(file);
const post = (event, file) => process.send?.({ type: 'event', event, file: path.resolve(file) });

// chokidar announces "ready" before it watches a path that does not exist yet, so the
// folders are watched where they exist, and their parents (one level deep) for the config
// files and folders that may appear later.
const tree = watch(
  folders.filter((d) => existsSync(d)),
  { ignoreInitial: true, ignored, atomic: true },
);
const parents = [...new Set([...folders, ...configFiles].map((f) => path.dirname(f)))].filter((d) => existsSync(d));
const top = watch(parents, { ignoreInitial: true, ignored, atomic: true, depth: 0 });
for (const event of ['add', 'change', 'unlink', 'addDir', 'unlinkDir']) tree.on(event, (file) => post(event, file));
for (const event of ['add', 'change', 'unlink'])
  top.on(event, (file) => configFiles.includes(path.resolve(file)) && post(event, file));
top.on('addDir', (dir) => {
  if (!folders.includes(path.resolve(dir))) return;
  tree.add(path.resolve(dir));
  post('addDir', dir);
});

const readyOf = (w) => new Promise((resolve) => w.once('ready', resolve));
Promise.all([readyOf(tree), readyOf(top)]).then(() => process.send?.({ type: 'ready' }));
const stop = async () => {
  await Promise.all([tree.close(), top.close()]);
  process.disconnect?.();
};
process.on('message', (message) => message?.type === 'close' && stop());
// The dev server is gone (even killed): nothing left to report to.
process.on('disconnect', () => process.exit(0));
