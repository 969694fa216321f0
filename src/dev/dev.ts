import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createBuilder, type BuildResult, type Builder } from '../pipeline/builder.ts';
import { findConfigFile, loadConfig, type Overrides, type ResolvedConfig } from '../config/config.ts';
import { codeFrame, type Diagnostic } from '../diagnostics/diagnostics.ts';
import { overviewPage } from './overview.ts';
import { createDevServer, DEV_PREFIX, listen, type DevServer } from './server.ts';
import { changedBetween, snapshotSources } from './snapshot.ts';
import { watchSources, type ChangeBatch } from './watch.ts';

export interface DevOptions {
  readonly cwd: string;
  readonly configFile?: string | undefined;
  readonly overrides: Overrides;
  readonly port: number;
  readonly host: string;
  readonly jobs?: number | undefined;
  /** Where progress and rebuild lines go. */
  readonly log: (line: string) => void;
  /** Diagnostics, formatted. */
  readonly report: (diagnostics: readonly Diagnostic[]) => void;
  /**
   * Show drafts and embargoed stories too, marked as such (`BuildOptions.preview`), and
   * list them at `__broadsheet/`. Default true.
   */
  readonly preview?: boolean | undefined;
}

export interface DevSession {
  /** The URL the site is served at (with the base path). */
  readonly url: string;
  /** Resolves after the next rebuild has finished (for tests and scripts). */
  nextBuild(): Promise<BuildResult | undefined>;
  close(): Promise<void>;
}

/** A problem as the browser overlay shows it. */
const forBrowser = (d: Diagnostic, cwd: string) => {
  let source: string | undefined;
  try {
    source = readFileSync(path.resolve(cwd, d.file), 'utf8');
  } catch {
    source = undefined;
  }
  return { ...d, frame: codeFrame(source, d.line, d.column) };
};

/**
 * `broadsheet dev`: build once, serve the output with live reload, and rebuild what a
 * change affects whenever sources change. Errors never stop the server: they are printed,
 * shown in the browser over the last good version of the site, and cleared by a fix.
 *
 * No save is lost while it starts: the watcher starts with the first build, changes it
 * reports wait for that build, and once it is ready, the sources are compared with what
 * they were before the build began, for changes made before the watcher saw the files.
 * Only when those are built too does the server listen (and the session resolve).
 */
export async function startDev(options: DevOptions): Promise<DevSession> {
  const overrides = { ...options.overrides, now: options.overrides.now ?? Date.now() };
  const configure = async (): Promise<ResolvedConfig | undefined> => {
    const { config, diagnostics } = await loadConfig({ cwd: options.cwd, configFile: options.configFile, overrides });
    if (!config) options.report(diagnostics);
    return config;
  };
  let config = await configure();
  if (!config) throw new Error('the configuration has errors (see above)');
  const configFile = findConfigFile(options.cwd, options.configFile);
  const preview = options.preview ?? true;
  const newBuilder = (c: ResolvedConfig) =>
    createBuilder(c, {
      cwd: options.cwd,
      isolateLayouts: true,
      refreshSearch: false,
      quick: true,
      recordUrls: false,
      preview,
      ...(options.jobs ? { jobs: options.jobs } : {}),
    });
  let builder: Builder = newBuilder(config);
  let previews: BuildResult['previews'];
  const server: DevServer = createDevServer({
    root: config.out,
    basePath: config.basePath,
    hosts: [options.host],
    overview: () =>
      overviewPage({
        previews: preview ? (previews ?? []) : undefined,
        basePath: config!.basePath,
        timeZone: config!.timeZone,
      }),
  });
  let revision = 0;
  /** The warnings of the last build, printed by it or before (`warningKey`). */
  let told = new Set<string>();
  const waiting: ((result: BuildResult | undefined) => void)[] = [];

  const run = async (batch?: ChangeBatch): Promise<BuildResult | undefined> => {
    const started = performance.now();
    let result: BuildResult | undefined;
    let reloaded = false;
    try {
      if (batch && [...batch.files.values()].includes('config')) {
        const next = await configure();
        if (next) {
          await builder.close();
          config = next;
          builder = newBuilder(config);
          await builder.warm().catch(() => undefined);
        }
      }
      const articles = batch
        ? new Set([...batch.files].filter(([, kind]) => kind === 'article').map(([file]) => file))
        : undefined;
      const onlyArticles = batch !== undefined && [...batch.files.values()].every((kind) => kind === 'article');
      // A quick rebuild reloads the browser as soon as the pages are in place.
      const onPages = (changed: readonly string[]) => {
        if (changed.length === 0) return;
        reloaded = true;
        revision++;
        server.setGreeting(undefined);
        const pages = changed
          .filter((rel) => rel.endsWith('.html'))
          .map((rel) => config!.basePath + rel.replace(/(^|\/)index\.html$/, '$1'));
        server.broadcast('reload', { revision, pages });
      };
      result = await builder.build(onlyArticles && articles ? { articles, onPages } : undefined);
    } catch (error) {
      options.log(`broadsheet dev: build crashed: ${(error as Error).message}`);
    }
    const ms = performance.now() - started;
    if (result) {
      const problems = result.diagnostics.filter((d) => d.severity === 'error');
      // Errors every time; a warning while it stands, once, or the one about the saved file
      // would be buried under the site's standing ones on every save. One that went and
      // comes back is told again.
      const fresh = result.diagnostics.filter((d) => d.severity === 'error' || !told.has(warningKey(d)));
      const again = result.diagnostics.length - fresh.length;
      told = new Set(result.diagnostics.filter((d) => d.severity !== 'error').map(warningKey));
      if (fresh.length) options.report(fresh);
      if (again) options.log(`(${again} warning${again === 1 ? '' : 's'} as before, not shown again)`);
      if (!result.ok) {
        const data = problems.map((d) => forBrowser(d, options.cwd));
        server.setGreeting('problems', data);
        server.broadcast('problems', data);
        options.log(
          `build failed in ${ms.toFixed(0)} ms (${problems.length} error${problems.length === 1 ? '' : 's'}); ${revision > 0 ? 'still serving the last good version' : 'the site has not been built yet: fix them and save'}`,
        );
      } else {
        previews = result.previews;
        if (!reloaded) revision++;
        server.setGreeting(undefined);
        const s = result.stats;
        options.log(
          `${batch ? 'rebuilt' : 'built'} in ${ms.toFixed(0)} ms: ${s.loaded} article${s.loaded === 1 ? '' : 's'} loaded, ${s.rendered} page${s.rendered === 1 ? '' : 's'} rendered, ${s.written} file${s.written === 1 ? '' : 's'} written, ${s.deleted} deleted (revision ${revision})`,
        );
        const kinds = batch ? [...batch.files.values()] : [];
        const cssOnly = kinds.length > 0 && kinds.every((k) => k === 'stylesheet');
        if (reloaded) {
          // The pages were reloaded already; feeds and sitemaps followed.
        } else if (result.changed.length > 0 || !batch) {
          server.broadcast('reload', { revision, stylesheets: cssOnly ? stylesheetsOf(result, config!) : undefined });
        } else {
          server.broadcast('ok', { revision });
        }
      }
    }
    for (const resolve of waiting.splice(0)) resolve(result);
    return result;
  };

  const targets = {
    articles: config.articles,
    layouts: config.layouts,
    public: config.public,
    configFiles: [...(configFile ? [configFile] : []), config.authors],
  };
  const before = await snapshotSources(targets);
  // The threads warmed before any rebuild starts: a rebuild waits for all of this.
  const firstBuild = run().then(async (result) => {
    await builder.warm().catch(() => undefined);
    return result;
  });
  const watcher = watchSources(targets, async (batch) => {
    await firstBuild;
    await run(batch);
  });
  try {
    const [first] = await Promise.all([firstBuild, watcher.ready]);
    if (first && !first.ok) options.log('fix the errors above; the server keeps running and rebuilds on save');
    const missed = changedBetween(before, await snapshotSources(targets));
    if (missed.length > 0) {
      options.log(
        `${missed.length} file${missed.length === 1 ? '' : 's'} changed while the watcher started; rebuilding`,
      );
      watcher.add(missed);
    }
    await watcher.idle();
  } catch (error) {
    await firstBuild;
    await watcher.close();
    await builder.close();
    throw error;
  }
  const port = await listen(server.server, options.port, options.host);
  if (port !== options.port && options.port !== 0) options.log(`port ${options.port} is in use; using ${port}`);
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${config.basePath}`;
  if (previews?.length)
    options.log(
      `previewing ${previews.length} draft or embargoed ${previews.length === 1 ? 'story' : 'stories'} (a build leaves them out): ${url}${DEV_PREFIX}`,
    );

  return {
    url,
    nextBuild: () => new Promise((resolve) => waiting.push(resolve)),
    close: async () => {
      await watcher.close();
      await server.close();
      await builder.close();
    },
  };
}

/** The new URL of each stylesheet in layouts/assets, for swapping CSS without a reload. */
function stylesheetsOf(result: BuildResult, config: ResolvedConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of result.changed) {
    const match = /^assets\/(.+)\.[0-9a-f]{10}\.css$/.exec(file);
    // `changed` has the new file and the deleted old one: the new one is on disk.
    if (match && existsSync(path.join(config.out, file))) out[`${match[1]}.css`] = config.basePath + file;
  }
  return out;
}

/** A warning as the dev session tells it once: where, which, and what. */
const warningKey = (d: Diagnostic): string => `${d.file}:${d.line}:${d.column}:${d.rule}:${d.reason}`;
