#!/usr/bin/env node
// Entry point for `npx broadsheet`. Runs the compiled lib/ when it is up to date with src/
// and the lockfile (made by `npm ci` through the "prepare" script), and otherwise src/
// itself through tsx's TypeScript hooks: slower to start, never stale, and no compile step
// to remember.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// A build's threads keep both cores of a small machine busy. V8's concurrent marking then
// waits for a core they hold, with the write barrier of the thread it marks for on all the
// while, and two threads built hardly faster than one. Each heap is marked by its own
// thread instead. Set first, before any heap has begun to mark: V8 reads the flag when a
// heap starts marking, and the build threads' heaps start after this line.
v8.setFlagsFromString('--no-concurrent-marking');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'lib', 'STAMP');

// An installed package (inside node_modules) is not edited in place, and the package
// manager that unpacked it gave its files the times it wrote them, in any order: its lib/
// is the one it was packed with.
const installed = root.split(path.sep).includes('node_modules');

function libIsFresh() {
  if (!existsSync(stamp)) return false;
  if (installed) return true;
  const built = statSync(stamp).mtimeMs;
  // lib/ bundles the dependencies too: after an install that did not recompile it, the
  // lockfile is newer and lib/ may hold other versions of them than node_modules.
  const lockfile = path.join(root, 'package-lock.json');
  if (existsSync(lockfile) && statSync(lockfile).mtimeMs > built) return false;
  const dir = path.join(root, 'src');
  return readdirSync(dir, { recursive: true }).every((name) => statSync(path.join(dir, name)).mtimeMs <= built);
}

let main;
if (libIsFresh()) {
  ({ main } = await import('../lib/cli.js'));
} else {
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
  globalThis.__broadsheetTypeScript = true;
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
