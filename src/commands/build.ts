import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import {
  formatBytes,
  parseWorkCommand,
  leftAsItWas,
  plural,
  printTimings,
  progressFor,
  report,
  reporterOption,
  reportProblems,
  sourceOptions,
  type Io,
} from './shared.ts';

export const BUILD_HELP = `Usage: broadsheet build [options]

Build the site: read every article, validate it, render it through the layouts and
write the pages, listings, feeds, sitemaps, stories.json, _headers and 404.html. The
output folder is replaced only when the build succeeds; a failed build leaves the
previous output untouched.

Options:
  --articles DIR    Article sources (Markdown + YAML front matter). Default: articles
  --layouts DIR     Layout modules and assets/; any one missing there is Broadsheet's
                    own. Default: layouts
  --out DIR         Output folder. Default: dist
  --base-url URL    Absolute site URL, may include a sub-path (https://example.org/news/).
                    Default: "url" from the config, else http://localhost:8080/
  --drafts          Include stories marked "draft: true"
  --now ISO-DATE    The build's clock: stories dated later are embargoed (left out).
                    Default: the current time. A value without offset is UTC.
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json} in the
                    working directory, if there is one
  --hold-invalid    Publish every valid story even when others have errors: a story
                    whose new version is invalid keeps its last published version,
                    a new invalid story waits; both are listed on stderr and in
                    .broadsheet/held.json, and the build exits 0. Config, layout
                    and URL errors still fail it. Default: "holdInvalid" in the config
  --check           Check the finished site (as "broadsheet check" does) before it
                    replaces the output folder; any problem fails the build
  --defer-search    Keep the last search index when the only stories it lacks are
                    newly published (new articles, drafts published, embargoes
                    lifted) and none has waited 2 hours: they go live at once and
                    become searchable with the next build without this option. A
                    story edited, moved or removed still makes the index again, so
                    search never shows what a story no longer says. For publishing
                    runs of large archives, where indexing every story page takes a
                    minute or more. No effect with --shard
  --compress        Also write .br and .gz copies of text files of 1 KiB or more, for
                    servers that send precompressed files (nginx, Caddy)
  --shard I/N       Build shard I of N: every shard reads every article, renders its
                    slice of the pages (balanced by estimated work), indexes the search
                    volumes whose story pages are all in its slice, and writes them with
                    .broadsheet/shard.json; shard 1 also writes the feeds, sitemaps,
                    copies and other files, the URL ledger and held.json. Every shard
                    must be given the same --now. "broadsheet merge" joins the shards
                    into the site. Not with --check (merge --check checks the site)
  --loaded DIR      Start from loaded parts ("broadsheet load --part I/N --into DIR"):
                    their articles are not parsed again. DIR is a part or a folder of
                    parts; give it more than once for several. Parts of other
                    settings or another Broadsheet are refused
  --jobs N          Worker threads for loading and rendering, and volumes of the
                    search index made side by side. Default: the number of cores
                    available; under 300 articles to load or 1,000 pages to render,
                    that work stays on one thread
  --no-cache        Ignore and do not update the build cache (.broadsheet/cache/);
                    every page is rendered and the output folder is written anew
  --reporter NAME   "human" (code frames and hints) or "github" (GitHub Actions
                    annotations). Default: github when CI=true, else human
  --verbose         Print the time each stage took, the thread count, and how many
                    pages were described and how many kept as the last build left them
  --quiet           Print only errors
  -h, --help        Show this help

Output: problems on stderr, then one summary line on stdout (stories, pages, files,
bytes, time). Colours and the progress line only on a terminal, never with NO_COLOR
or CI=true; elsewhere, a plain stderr line at each tenth of a stage of 1,000 items or
more (not with --quiet). In a GitHub Actions step (GITHUB_OUTPUT set), a successful build also sets
the step's outputs written, deleted, rendered and changed (true when it wrote, deleted
or rendered anything, or encoded a picture: its cache is worth keeping).

Exit status: 0 built (with --hold-invalid, also when stories were held back), 1 the
articles, layouts or config have errors (or --check found problems), 2 bad usage, 70
an internal error (BROADSHEET_DEBUG=1 shows its stack).`;

const buildOptions = {
  ...sourceOptions,
  ...reporterOption,
  check: { type: 'boolean' },
  'hold-invalid': { type: 'boolean' },
  compress: { type: 'boolean' },
  'defer-search': { type: 'boolean' },
  shard: { type: 'string' },
  loaded: { type: 'string', multiple: true },
  'no-cache': { type: 'boolean' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export async function runBuild(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseWorkCommand('build', argv, buildOptions, BUILD_HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, usage, reporter, jobs } = parsed;
  const { parseShard } = await import('../pipeline/shard.ts');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (typeof shard === 'string') return usage(shard);
  if (shard && values.check) return usage('--check checks a whole site: run "broadsheet check" on the merged output');
  // Loaded only now: `--help` and `--version` should not pay for the whole pipeline.
  const [{ build }, { loadConfig }, { parseNow }] = await Promise.all([
    import('../pipeline/builder.ts'),
    import('../config/config.ts'),
    import('../content/dates.ts'),
  ]);
  const now = values.now === undefined ? undefined : parseNow(values.now);
  if (values.now !== undefined && now === undefined)
    return usage(`--now "${values.now}" is not an ISO 8601 date (e.g. 2021-05-05T12:00:00Z)`);

  const started = performance.now();
  const { config, diagnostics: configProblems } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: {
      articles: values.articles,
      layouts: values.layouts,
      out: values.out,
      url: values['base-url'],
      drafts: values.drafts,
      holdInvalid: values['hold-invalid'],
      now,
    },
  });
  if (!config) {
    report(configProblems, io, reporter);
    return 1;
  }
  const progress = progressFor(io, values.quiet);
  const result = await build(config, {
    cwd: io.cwd,
    cache: !values['no-cache'],
    check: values.check ?? false,
    compress: values.compress ?? false,
    deferSearch: values['defer-search'] ?? false,
    ...(shard ? { shard } : {}),
    ...(values.loaded ? { loaded: values.loaded.map((dir) => path.resolve(io.cwd, dir)) } : {}),
    ...(jobs ? { jobs } : {}),
    ...(progress ? { progress } : {}),
  });
  progress?.clear();
  reportProblems(result.diagnostics, io, reporter, values.quiet);
  if (values.verbose) {
    printTimings(result.timings, io);
    io.err(`  threads    ${String(result.threads).padStart(9)}`);
    const { pages, kept } = result.stats;
    io.err(`  pages      ${String(pages - kept).padStart(9)} described, ${kept} kept as the last build left them`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const out = path.relative(io.cwd, config.out) || '.';
  if (result.shard && !values.quiet) {
    const { index, of, pages, allPages, cost, mean } = result.shard;
    const off = mean > 0 ? ((cost - mean) / mean) * 100 : 0;
    const rounded = Math.abs(off).toFixed(1);
    const against = `${Number(rounded) === 0 ? '±' : off < 0 ? '−' : '+'}${rounded} %`;
    // A shard given no page: more shards than the site has work for, each one a machine spent.
    const idle = pages === 0 && index !== 1 ? `; no page is this shard's: fewer shards would do` : '';
    io.err(
      `shard ${index}/${of}: ${pages} of ${allPages} pages; estimated work ${against} against the mean of the shards${idle}`,
    );
  }
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.err(`build failed: ${plural(errors, 'error')}; ${leftAsItWas(config.out, out)}`);
    return 1;
  }
  // A GitHub Actions step's outputs: the workflow keeps the cache of a build that changed
  // the site or the cache's substance. A page rendered again with the same bytes (new
  // layouts, another Broadsheet) or a picture encoded for a draft changes no file, and
  // would be done again by every run from the older cache.
  const outputs = io.env.GITHUB_OUTPUT;
  if (outputs) {
    const { written, deleted, rendered, photos } = result.stats;
    const changed = written + deleted + rendered + photos.encoded > 0;
    await appendFile(outputs, `changed=${changed}\nwritten=${written}\ndeleted=${deleted}\nrendered=${rendered}\n`);
  }
  if (!values.quiet) {
    const { stats, checked } = result;
    const notes = [
      checked ? `checked ${plural(checked.pages, 'page')} and ${plural(checked.links, 'link')}` : '',
      stats.drafts ? `${plural(stats.drafts, 'draft')} skipped` : '',
      stats.photos.pictures
        ? `${plural(stats.photos.pictures, 'picture')} processed (${plural(stats.photos.encoded, 'file')} encoded, ${stats.photos.stored} in full from the photo store)`
        : '',
      result.held
        ? `${plural(result.held.length, 'story', 'stories')} held back (see .broadsheet/held.json${result.shard && result.shard.index !== 1 ? ' of shard 1, which writes it' : ''})`
        : '',
      result.searchPending
        ? `${plural(result.searchPending, 'story', 'stories')} not in the search index yet (a build without --defer-search adds them)`
        : '',
      ...result.embargoes.map((e) => `${e.id} embargoed until ${e.date}`),
    ].filter(Boolean);
    io.out(
      `built ${plural(stats.stories, 'story', 'stories')}: ${plural(stats.pages, 'page')} (${stats.rendered} rendered), ${plural(stats.files, 'file')} (${formatBytes(stats.bytes)}; ${stats.written} written, ${stats.deleted} deleted) into ${out} in ${seconds} s` +
        (notes.length ? `; ${notes.join('; ')}` : ''),
    );
  }
  return 0;
}
