import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { packageRoot } from './package-root.ts';

/**
 * esbuild plugins shared by the two things Broadsheet compiles from a site: its layouts
 * and its config file. Both may import "broadsheet", and both run from compiled copies
 * that live elsewhere than their sources.
 */

/** Marks resolutions made on behalf of a plugin, so that it does not see them again. */
const INNER = 'broadsheet-inner';

/**
 * `broadsheet` and `broadsheet/…` are the running Broadsheet, whatever folder the site is
 * in: a site needs no `node_modules/broadsheet` of its own (an `npx broadsheet` run, or a
 * project folder outside the package), and a site that has one still gets the Broadsheet
 * that builds it, never a second copy of another version. Broadsheet's own modules are
 * marked free of side effects, so a config file that imports `defineConfig` does not
 * load the rendering helpers and their packages too.
 *
 * `fromLib`: left for Node to import from the compiled lib/ the CLI runs from, so that
 * compiled layouts share its modules (and the packages bundled in them) instead of
 * bundling and evaluating a second copy of each.
 */
export function broadsheetItself(options: { readonly fromLib?: boolean } = {}): Plugin {
  const pkg = { exports: packageExports() };
  const src = path.join(packageRoot, 'src') + path.sep;
  return {
    name: 'broadsheet-itself',
    setup(build) {
      build.onResolve({ filter: /^broadsheet(?:\/.*)?$/ }, (args) => {
        const target = pkg.exports[`.${args.path.slice('broadsheet'.length)}`];
        if (target === undefined) {
          const known = Object.keys(pkg.exports).map((key) => `"broadsheet${key.slice(1)}"`);
          return { errors: [{ text: `Broadsheet has no module "${args.path}" (it has ${known.join(', ')})` }] };
        }
        if (options.fromLib) return { path: pathToFileURL(libModule(target)).href, external: true };
        return { path: path.join(packageRoot, target), sideEffects: false };
      });
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === INNER || !args.importer.startsWith(src)) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: INNER,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, sideEffects: false };
      });
    },
  };
}

/** Broadsheet's package.json `exports`: "." and "./jsx-runtime"… → their source modules. */
const packageExports = (): Record<string, string> =>
  (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { exports: Record<string, string> })
    .exports;

/** The module of lib/ compiled from an export's source: "./src/index.ts" → lib/index.js. */
const libModule = (target: string): string =>
  path.join(packageRoot, 'lib', `${path.basename(target).replace(/\.[cm]?tsx?$/, '')}.js`);

/** Whether lib/ holds a compiled module for every export (scripts/compile.mjs makes them). */
export const libHasExports = (): boolean => Object.values(packageExports()).every((t) => existsSync(libModule(t)));

/**
 * Bare imports: a JavaScript package is left for Node to import (by its resolved file, since
 * the compiled modules live elsewhere, away from the sources' node_modules); a TypeScript
 * one is compiled into the bundle, as Node cannot run it. `externals` collects the files
 * left to Node.
 */
export function nodeForJavaScript(externals: Set<string>): Plugin {
  return {
    name: 'node-for-javascript',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === INNER || args.path.startsWith('node:')) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: INNER,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external || resolved.namespace !== 'file') return { path: args.path, external: true };
        if (/\.[cm]?tsx?$/.test(resolved.path)) return { path: resolved.path };
        externals.add(resolved.path);
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

/**
 * `import.meta.url`, `dirname` and `filename` in every bundled module keep naming its
 * source file, not the compiled one: a layout reading a file beside itself still finds it.
 */
export function ownLocation(): Plugin {
  return {
    name: 'own-location',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.')) return undefined;
        const values: Record<string, string> = {
          url: pathToFileURL(args.path).href,
          dirname: path.dirname(args.path),
          filename: args.path,
        };
        const contents = text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key: string) =>
          JSON.stringify(values[key]),
        );
        const ext = path.extname(args.path).slice(1);
        const loader =
          ext.startsWith('m') || ext.startsWith('c')
            ? (ext.slice(1) as 'ts' | 'js')
            : (ext as 'ts' | 'tsx' | 'js' | 'jsx');
        return { contents, loader };
      });
    },
  };
}
