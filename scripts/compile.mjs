// Compiles src/ into lib/ (two ESM bundles) so that the CLI starts without TypeScript
// hooks on every module. Runs on `npm ci` / `npm install` (the "prepare" script);
// bin/broadsheet.js falls back to src/ through tsx whenever lib/ is missing or older than
// any source file, so an edited checkout never runs stale code.
//
// Plain JavaScript dependencies (the unified, micromark, mdast and hast family, yaml, zod,
// luxon…) are bundled in too: Node resolves, reads and links each module of a package
// on its own, and importing the Markdown pipeline from node_modules took a large part of
// a rebuild that loads one changed story (docs/performance.md).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rm } from 'node:fs/promises';

// esbuild and pagefind run their own binaries; sharp loads a native library; tsx installs
// module hooks; chokidar is for `broadsheet dev` alone.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const external = ['esbuild', 'tsx', 'tsx/*', 'pagefind', 'sharp', 'chokidar'];
const common = {
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS packages bundled into ESM still call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __broadsheetRequire } from 'node:module'; const require = __broadsheetRequire(import.meta.url);",
  },
};
await rm('lib', { recursive: true, force: true });
await build({
  ...common,
  // Every module package.json exports too (the public API, the JSX runtime): compiled
  // layouts import them from here when the CLI runs from lib/, sharing its modules instead
  // of evaluating a second copy (src/util/bundle-plugins.ts, libModule).
  entryPoints: {
    cli: 'src/cli.ts',
    'worker-entry': 'src/workers/worker.ts',
    // Plain JavaScript, started as a thread by the search stage (src/publish/search-index.ts).
    'search-worker': 'src/publish/search-worker.js',
    ...Object.fromEntries(
      Object.values(pkg.exports).map((target) => [path.basename(target).replace(/\.[cm]?tsx?$/, ''), target]),
    ),
  },
  outdir: 'lib',
  chunkNames: 'chunks/[name]-[hash]',
});
writeFileSync('lib/STAMP', `${Date.now()}\n`);
