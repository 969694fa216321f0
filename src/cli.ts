import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Progress } from './build.ts';
import { formatDiagnostics, hasErrors, type Diagnostic } from './diagnostics.ts';
import { packageRoot } from './package-root.ts';

const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };

const MAIN_HELP = `broadsheet ${pkg.version}: a static site generator for news stories

Usage: broadsheet <command> [options]

Commands:
  build     Build the site from articles/ and layouts/ into dist/
  dev       Build, serve on localhost with live reload, and rebuild on every save

Options:
  -h, --help      Show help (also: broadsheet <command> --help)
  -v, --version   Show the version

Run "broadsheet build --help" or "broadsheet dev --help" for their options.`;

const DEV_HELP = `Usage: broadsheet dev [options]

Build the site, serve it on localhost and rebuild what changed whenever an article,
layout, stylesheet, public file or the config is saved. Pages reload by themselves
(stylesheets are swapped without a reload); errors are shown in the terminal and over
the page, while the last good version of the site stays served.

Options:
  --articles DIR    Article sources. Default: articles
  --layouts DIR     Layout modules and assets/. Default: layouts
  --out DIR         Output folder (written like a build; the live-reload client is only
                    added to pages as they are served). Default: dist
  --base-url URL    Site URL; its path is the path the site is served under.
  --drafts          Include stories marked "draft: true"
  --now ISO-DATE    Clock for embargoes. Default: the time the server started
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  --port N          Port to listen on; the next free one is used if it is taken. Default: 8080
  --host HOST       Interface to listen on. Default: localhost
  --open            Open the site in the default browser
  --jobs N          Worker threads. Default: the number of cores available
  -h, --help        Show this help

Stop with Ctrl-C.`;

const BUILD_HELP = `Usage: broadsheet build [options]

Build the site: read every article, validate it, render it through the layouts and
write the pages, front page, stories.json and 404.html. The output folder is replaced
only when the build succeeds; a failed build leaves the previous output untouched.

Options:
  --articles DIR    Article sources (Markdown + YAML front matter). Default: articles
  --layouts DIR     Layout modules and assets/. Default: layouts
  --out DIR         Output folder. Default: dist
  --base-url URL    Absolute site URL, may include a sub-path (https://example.org/news/).
                    Default: "url" from the config, else http://localhost:8080/
  --drafts          Include stories marked "draft: true"
  --now ISO-DATE    The build's clock: stories dated later are embargoed (left out).
                    Default: the current time. A value without offset is UTC.
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json} in the
                    working directory, if there is one
  --jobs N          Worker threads for loading and rendering. Default: the number of
                    cores available; sites under 300 articles build on one thread
  --no-cache        Ignore and do not update the build cache (.broadsheet/cache/);
                    every page is rendered and the output folder is written anew
  --verbose         Print the time each stage took
  --quiet           Print only errors
  -h, --help        Show this help

Exit status: 0 built, 1 the articles, layouts or config have errors, 2 bad usage,
70 an internal error (BROADSHEET_DEBUG=1 shows its stack).`;

/** Where the site comes from and how it is built: the same for `build` and `dev`. */
const sourceOptions = {
  articles: { type: 'string' },
  layouts: { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  drafts: { type: 'boolean' },
  now: { type: 'string' },
  config: { type: 'string' },
  jobs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const buildOptions = {
  ...sourceOptions,
  'no-cache': { type: 'boolean' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly color: boolean;
  readonly tty: boolean;
}

const defaultIo = (): Io => ({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
  color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR && process.env.CI !== 'true',
  tty: Boolean(process.stderr.isTTY) && process.env.CI !== 'true',
});

/**
 * Run the CLI; resolves to the exit code. Problems in the user's site are diagnostics;
 * anything else is a bug in Broadsheet, reported in one paragraph (the stack only with
 * BROADSHEET_DEBUG=1).
 */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`broadsheet: internal error: ${message}`);
    if (process.env.BROADSHEET_DEBUG && error instanceof Error) io.err(error.stack ?? '');
    else io.err('Run again with BROADSHEET_DEBUG=1 for details, and please report it.');
    return 70;
  }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(pkg.version);
    return 0;
  }
  if (command === 'build') return runBuild(rest, io);
  if (command === 'dev') return runDev(rest, io);
  io.err(`broadsheet: unknown command "${command}"\n\n${MAIN_HELP}`);
  return 2;
}

async function runBuild(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: buildOptions, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`broadsheet build: ${(error as Error).message}\n\n${BUILD_HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(BUILD_HELP);
    return 0;
  }
  // Loaded only now: `--help` and `--version` should not pay for the whole pipeline.
  const [{ build }, { loadConfig }, { parseNow }] = await Promise.all([import('./build.ts'), import('./config.ts'), import('./dates.ts')]);
  let now: number | undefined;
  if (values.now !== undefined) {
    now = parseNow(values.now);
    if (now === undefined) {
      io.err(`broadsheet build: --now "${values.now}" is not an ISO 8601 date (e.g. 2021-05-05T12:00:00Z)`);
      return 2;
    }
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) {
      io.err(`broadsheet build: --jobs "${values.jobs}" must be a whole number of 1 or more`);
      return 2;
    }
  }
  const started = performance.now();
  const { config, diagnostics: configProblems } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { articles: values.articles, layouts: values.layouts, out: values.out, url: values['base-url'], drafts: values.drafts, now },
  });
  if (!config) {
    report(configProblems, io);
    return 1;
  }
  const progress = io.tty && !values.quiet ? progressLine() : undefined;
  const result = await build(config, { cwd: io.cwd, cache: !values['no-cache'], ...(jobs ? { jobs } : {}), ...(progress ? { progress } : {}) });
  progress?.clear();
  report(values.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, io);
  if (values.verbose) {
    for (const [name, ms] of result.timings) io.err(`  ${name.padEnd(10)} ${ms.toFixed(1).padStart(9)} ms`);
    io.err(`  threads    ${String(result.threads).padStart(9)}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.err(`build failed: ${errors} error${errors === 1 ? '' : 's'}; ${path.relative(io.cwd, config.out) || '.'} was left as it was`);
    return 1;
  }
  if (!values.quiet) {
    const { stats } = result;
    const skipped = [
      stats.drafts ? `${stats.drafts} draft${stats.drafts === 1 ? '' : 's'} skipped` : '',
      ...result.embargoes.map((e) => `${e.id} embargoed until ${e.date}`),
    ].filter(Boolean);
    io.out(
      `built ${stats.stories} stor${stats.stories === 1 ? 'y' : 'ies'}: ${stats.pages} pages (${stats.rendered} rendered), ${stats.files} files (${formatBytes(stats.bytes)}; ${stats.written} written, ${stats.deleted} deleted) into ${path.relative(io.cwd, config.out) || '.'} in ${seconds} s` +
        (skipped.length ? `; ${skipped.join('; ')}` : ''),
    );
  }
  return 0;
}

function report(diagnostics: readonly Diagnostic[], io: Io) {
  if (diagnostics.length === 0) return;
  const sources = new Map<string, string | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(path.resolve(io.cwd, file), 'utf8'));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
  io.err(formatDiagnostics(diagnostics, { source, color: io.color }));
  if (hasErrors(diagnostics)) io.err('');
}

/** A single self-overwriting progress line on a terminal, at most ~10 updates a second. */
function progressLine(): Progress & { clear(): void } {
  let last = 0;
  const write = (text: string) => process.stderr.write(`\r\x1b[2K${text}`);
  return {
    clear: () => write(''),
    stage: (name) => write(`${name}…`),
    tick: (stage, done, total) => {
      const now = performance.now();
      if (done !== total && now - last < 100) return;
      last = now;
      write(`${stage} ${done}/${total}`);
    },
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const devOptions = {
  ...sourceOptions,
  port: { type: 'string' },
  host: { type: 'string' },
  open: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

async function runDev(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: devOptions, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`broadsheet dev: ${(error as Error).message}\n\n${DEV_HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(DEV_HELP);
    return 0;
  }
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`broadsheet dev: --port "${values.port}" is not a port number`);
    return 2;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) {
    io.err(`broadsheet dev: --jobs "${values.jobs}" must be a whole number of 1 or more`);
    return 2;
  }
  const [{ startDev }, { parseNow }] = await Promise.all([import('./dev/dev.ts'), import('./dates.ts')]);
  const now = values.now === undefined ? undefined : parseNow(values.now);
  if (values.now !== undefined && now === undefined) {
    io.err(`broadsheet dev: --now "${values.now}" is not an ISO 8601 date`);
    return 2;
  }
  let session;
  try {
    session = await startDev({
      cwd: io.cwd,
      configFile: values.config,
      overrides: { articles: values.articles, layouts: values.layouts, out: values.out, url: values['base-url'], drafts: values.drafts, now },
      port,
      host: values.host ?? 'localhost',
      jobs,
      log: io.err,
      report: (diagnostics) => report(diagnostics, io),
    });
  } catch (error) {
    io.err(`broadsheet dev: ${(error as Error).message}`);
    return 1;
  }
  io.out(`serving ${session.url}  (Ctrl-C to stop)`);
  if (values.open) openBrowser(session.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await session.close();
  io.err('stopped');
  return 0;
}

/** Best effort: the platform's opener, detached; a failure only means no browser opens. */
function openBrowser(url: string) {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  import('node:child_process')
    .then(({ spawn }) => spawn(command, [url], { detached: true, stdio: 'ignore' }).on('error', () => {}).unref())
    .catch(() => {});
}
