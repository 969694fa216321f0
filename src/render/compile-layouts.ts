import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Message } from 'esbuild';
import { broadsheetItself, libHasExports, nodeForJavaScript, ownLocation } from '../util/bundle-plugins.ts';
import { compiled as compiledLib, packageRoot } from '../util/package-root.ts';

/**
 * Layout modules compiled once to plain JavaScript and kept in the cache folder.
 *
 * Importing TSX through tsx's module hooks was slow in every thread of every build
 * (registering the hooks, then transforming each module again, and every later import
 * crossing the hooks' thread). esbuild bundles the layouts with their local imports and
 * any TypeScript package, leaves JavaScript packages to Node, and the result is reused for
 * as long as every file it was made from hashes the same. Broadsheet's own helpers are
 * bundled in from src/, or, when the CLI runs from lib/, imported from there.
 */

/** Where one compile of the layouts was written, and what it was made from. */
interface CompileRecord {
  readonly layoutsDir: string;
  readonly dir: string;
  /** Layout name → the source module it was compiled from. */
  readonly sources: Readonly<Record<string, string>>;
  /** Every file bundled in (absolute path, sha256). */
  readonly inputs: readonly (readonly [file: string, sha256: string])[];
  /** Packages left to Node, by resolved path: on another machine they may not be there. */
  readonly externals: readonly string[];
  /** Broadsheet's own modules are imported from lib/ (`broadsheetItself`), not bundled in. */
  readonly fromLib?: boolean | undefined;
  /** What the layouts are, wherever the project and Broadsheet sit (`contentKey`). */
  readonly content?: string | undefined;
}

export type CompileResult =
  | {
      readonly modules: Readonly<Record<string, string>>;
      /** Changes whenever any file bundled in changes, or the folder they are in: the compile's folder. */
      readonly key: string;
      /**
       * Changes whenever any file bundled in changes, and not when the project or Broadsheet
       * moves to another folder: what the layouts are, for the cache keys.
       */
      readonly content: string;
    }
  | {
      readonly error: {
        readonly file: string;
        readonly line: number;
        readonly column: number;
        readonly message: string;
      };
    };

const INDEX = 'index.json';
/** Compiles kept: watch mode switching between a few versions of a layout reuses them. */
const KEEP = 6;

const hashFile = (file: string): string | undefined => {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
};

async function readIndex(root: string): Promise<CompileRecord[]> {
  try {
    const records = JSON.parse(await readFile(path.join(root, INDEX), 'utf8')) as unknown;
    // A record's folder is one this module named (a key of 16 hex digits): one that names
    // anything else (edited, or a cache restored from elsewhere) would have a folder
    // outside the cache deleted when it is dropped, or imported.
    return Array.isArray(records)
      ? (records as CompileRecord[]).filter((r) => typeof r?.dir === 'string' && /^[0-9a-f]{16}$/.test(r.dir))
      : [];
  } catch {
    return [];
  }
}

const sameSources = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([name, file]) => b[name] === file);

/**
 * Whether layouts should import Broadsheet from lib/: only when this process runs from it.
 * Run from src/ (tsx, tests), they bundle the sources in, which are never stale.
 */
const fromLib = (): boolean => compiledLib && libHasExports();
/** Rewritten by every compile of lib/: a layout compile that imports from lib/ is made for one. */
const LIB_STAMP = path.join(packageRoot, 'lib', 'STAMP');

/** A compile record of this version, with its content key. */
type Current = CompileRecord & { readonly content: string };

const isCurrent = (
  record: CompileRecord,
  layoutsDir: string,
  sources: Readonly<Record<string, string>>,
  root: string,
  lib: boolean,
): record is Current =>
  (record.fromLib ?? false) === lib &&
  record.content !== undefined &&
  record.layoutsDir === layoutsDir &&
  sameSources(record.sources, sources) &&
  existsSync(path.join(root, record.dir)) &&
  record.inputs.every(([file, sha]) => hashFile(file) === sha) &&
  record.externals.every((file) => existsSync(file));

const compiled = (record: Current, root: string) => ({
  modules: Object.fromEntries(
    Object.keys(record.sources).map((name) => [name, path.join(root, record.dir, `${name}.mjs`)]),
  ),
  key: record.dir,
  content: record.content,
});

/**
 * The layouts' identity without the folders they sit in: each input by its path from the
 * layouts folder and its bytes. A CI workspace that moves between runs, or a project
 * moved on disk, keeps its pages. lib/'s stamp is left out: it is rewritten by every
 * install that compiles lib/, and Broadsheet's own code is in the cache keys already
 * (the tool's version hashes its sources).
 */
function contentKey(
  layoutsDir: string,
  sources: Readonly<Record<string, string>>,
  inputs: readonly (readonly [string, string])[],
  lib: boolean,
): string {
  const relative = (file: string) => path.relative(layoutsDir, file).split(path.sep).join('/');
  const named = Object.entries(sources)
    .map(([name, file]) => [name, relative(file)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  const bytes = inputs.filter(([file]) => file !== LIB_STAMP).map(([file, sha]) => [relative(file), sha]);
  return createHash('sha256')
    .update(JSON.stringify([lib, named, bytes]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Compile the layout modules `sources` (layout name → file) into `root`, or find the
 * compile of the same sources made before. Returns the compiled module of each layout.
 */
export async function compileLayouts(
  layoutsDir: string,
  sources: Readonly<Record<string, string>>,
  root: string,
): Promise<CompileResult> {
  const known = await readIndex(root);
  const lib = fromLib();
  const hit = known.find((record) => isCurrent(record, layoutsDir, sources, root, lib));
  if (hit) return compiled(hit, root);

  const { build } = await import('esbuild');
  const tmp = path.join(root, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const externals = new Set<string>();
  let metafile: import('esbuild').Metafile;
  try {
    ({ metafile } = await build({
      entryPoints: sources,
      absWorkingDir: layoutsDir,
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Resolve packages as Node does, so a package the layouts share with Broadsheet is one module.
      conditions: [],
      mainFields: ['main'],
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      // Layouts without a JSX pragma of their own get Broadsheet's runtime.
      jsx: 'automatic',
      jsxImportSource: 'broadsheet',
      plugins: [broadsheetItself({ fromLib: lib }), nodeForJavaScript(externals), ownLocation()],
    }));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    const first = (error as { errors?: Message[] }).errors?.[0];
    if (!first) throw error;
    const where = first.location;
    return {
      error: {
        file: where ? path.resolve(layoutsDir, where.file) : Object.values(sources)[0]!,
        line: where?.line ?? 1,
        column: (where?.column ?? 0) + 1,
        message: first.text,
      },
    };
  }

  const inputs = Object.keys(metafile.inputs)
    .filter((input) => !input.includes(':'))
    .map((input) => path.resolve(layoutsDir, input))
    .concat(lib ? [LIB_STAMP] : [])
    .sort()
    .map((file) => [file, hashFile(file) ?? ''] as const);
  const key = createHash('sha256')
    .update(JSON.stringify([layoutsDir, sources, inputs]))
    .digest('hex')
    .slice(0, 16);
  // Renamed into place whole: a thread never imports a half-written compile. Two threads
  // compiling the same sources at once write the same files; the second one's copy is dropped.
  if (existsSync(path.join(root, key))) await rm(tmp, { recursive: true, force: true });
  else await rename(tmp, path.join(root, key)).catch(() => rm(tmp, { recursive: true, force: true }));

  const record: Current = {
    layoutsDir,
    dir: key,
    sources,
    inputs,
    externals: [...externals].sort(),
    ...(lib && { fromLib: true }),
    content: contentKey(layoutsDir, sources, inputs, lib),
  };
  const records = [record, ...(await readIndex(root)).filter((r) => r.dir !== key)];
  const kept = records.slice(0, KEEP);
  for (const dropped of records.slice(KEEP)) {
    if (!kept.some((r) => r.dir === dropped.dir))
      await rm(path.join(root, dropped.dir), { recursive: true, force: true });
  }
  const indexTmp = path.join(root, `${INDEX}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(indexTmp, JSON.stringify(kept));
  await rename(indexTmp, path.join(root, INDEX));
  return compiled(record, root);
}
