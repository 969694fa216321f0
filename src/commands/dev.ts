import { parseCommand, parseJobs, parsePort, report, sourceOptions, type Io } from './shared.ts';

export const DEV_HELP = `Usage: broadsheet dev [options]

Build the site, serve it on localhost and rebuild what changed whenever an article,
layout, stylesheet, public file or the config is saved. Pages reload by themselves
(stylesheets are swapped without a reload); errors are shown in the terminal and over
the page, while the last good version of the site stays served.

Drafts and embargoed stories are built too, for preview: their pages are marked
"DRAFT" or "EMBARGOED until …", and /__broadsheet/ under the site's path lists them
with their times. "broadsheet build" never publishes them. "serving" is printed once
every source is watched and the site is up to date with it.

Options:
  --articles DIR    Article sources. Default: articles
  --layouts DIR     Layout modules and assets/; any one missing there is Broadsheet's
                    own. Default: layouts
  --out DIR         Output folder (written like a build; the live-reload client is only
                    added to pages as they are served). Default: dist
  --base-url URL    Site URL; its path is the path the site is served under (the
                    host and port are the server's). Default: "url" from the config,
                    else http://localhost:8080/
  --no-preview      Leave drafts and embargoed stories out, as "broadsheet build" does
  --drafts          Publish stories marked "draft: true" as "build --drafts" does
                    (not marked as drafts)
  --now ISO-DATE    Clock for embargoes, pins and banners. Default: the time the
                    server started
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  --port N          Port to listen on; the next free one is used if it is taken. Default: 8080
  --host HOST       Interface to listen on. Default: localhost
  --open            Open the site in the default browser
  --jobs N          Worker threads. Default: the number of cores available
  -h, --help        Show this help

Stop with Ctrl-C.`;

const devOptions = {
  ...sourceOptions,
  port: { type: 'string' },
  host: { type: 'string' },
  open: { type: 'boolean' },
  'no-preview': { type: 'boolean' },
} as const;

export async function runDev(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('dev', argv, devOptions, DEV_HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const port = parsePort(values.port);
  if (typeof port === 'string') {
    io.err(`broadsheet dev: ${port}`);
    return 2;
  }
  const jobs = parseJobs(values.jobs);
  if (typeof jobs === 'string') {
    io.err(`broadsheet dev: ${jobs}`);
    return 2;
  }
  const [{ startDev }, { parseNow }] = await Promise.all([import('../dev/dev.ts'), import('../content/dates.ts')]);
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
      overrides: {
        articles: values.articles,
        layouts: values.layouts,
        out: values.out,
        url: values['base-url'],
        drafts: values.drafts,
        now,
      },
      port,
      preview: !values['no-preview'],
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
    .then(({ spawn }) =>
      spawn(command, [url], { detached: true, stdio: 'ignore' })
        .on('error', () => {})
        .unref(),
    )
    .catch(() => {});
}
