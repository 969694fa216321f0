// Compiles src/ into lib/ (two ESM bundles, dependencies left external) so that the CLI
// starts without TypeScript hooks on every module. Runs on `npm ci` / `npm install`
// (the "prepare" script); bin/broadsheet.js falls back to src/ through tsx whenever lib/
// is missing or older than any source file, so an edited checkout never runs stale code.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';

const common = { bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning' };
await rm('lib', { recursive: true, force: true });
await build({ ...common, entryPoints: { cli: 'src/cli.ts', 'worker-entry': 'src/worker.ts' }, outdir: 'lib', chunkNames: 'chunks/[name]-[hash]' });
writeFileSync('lib/STAMP', `${Date.now()}\n`);
