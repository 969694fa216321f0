import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCommand, parsePort, report, type Io } from './shared.ts';
import { MANIFEST_PATH, previewsIn, readFilesRecord } from '../output/manifest.ts';

export const SERVE_HELP = `Usage: broadsheet serve [DIR] [options]

Serve a built site on localhost as a static host would, to look at it before
publishing: under the base URL's path, with directory indexes, the site's 404.html
and the response headers of its _headers file (Content-Security-Policy included).
Nothing is rebuilt and no live-reload code is added; for writing, use "broadsheet dev".

DIR is the built site. Default: the output folder of the config (dist).

Options:
  --base-url URL    The URL the site was built for; its path is where it is served.
                    Default: "url" from the config, else http://localhost:8080/
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  --port N          Port; the next free one is used if it is taken. Default: 8080
  --host HOST       Interface to listen on. Default: localhost
  -h, --help        Show this help

Stop with Ctrl-C.`;

const serveOptions = {
  'base-url': { type: 'string' },
  config: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runServe(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('serve', argv, serveOptions, SERVE_HELP, io, 1);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const port = parsePort(values.port);
  if (typeof port === 'string') {
    io.err(`broadsheet serve: ${port}`);
    return 2;
  }
  const [{ loadConfig }, { createDevServer, listen }, { parseHeaders, HEADERS_FILE }] = await Promise.all([
    import('../config/config.ts'),
    import('../dev/server.ts'),
    import('../publish/headers.ts'),
  ]);
  const { config, diagnostics } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { url: values['base-url'] },
  });
  if (!config) {
    report(diagnostics, io);
    return 1;
  }
  const dir = positionals[0] === undefined ? config.out : path.resolve(io.cwd, positionals[0]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    io.err(
      `broadsheet serve: ${path.relative(io.cwd, dir) || '.'} is not a folder; build the site first (broadsheet build)`,
    );
    return 2;
  }
  // A preview is not what the site will publish: say so, as `check` and `changes` do.
  const previews = previewsIn((await readFilesRecord(dir, MANIFEST_PATH))?.head);
  if (previews > 0)
    io.err(
      `warning: ${path.relative(io.cwd, dir) || '.'} is a preview by broadsheet dev: it shows ${previews} draft or embargoed ${previews === 1 ? 'story' : 'stories'} a build leaves out; run broadsheet build to see the site as it will be published`,
    );
  // Read again whenever a build changes them while the server runs.
  const host = values.host ?? 'localhost';
  const server = createDevServer({
    root: dir,
    basePath: config.basePath,
    hosts: [host],
    liveReload: false,
    headerRules: fromFile(path.join(dir, HEADERS_FILE), (text) => (text === undefined ? [] : parseHeaders(text).rules)),
    gone: fromFile(path.join(dir, '_redirects'), goneIn),
  });
  const used = await listen(server.server, port, host);
  if (used !== port && port !== 0) io.err(`port ${port} is in use; using ${used}`);
  io.out(`serving ${path.relative(io.cwd, dir) || '.'} at http://${host}:${used}${config.basePath}  (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  io.err('stopped');
  return 0;
}

/**
 * A value made from a file of the site (undefined: no such file), made again when the
 * file's stat changes: a build run while the server runs replaces it.
 */
function fromFile<T>(file: string, make: (text: string | undefined) => T): () => T {
  let seen: string | undefined;
  let value: T;
  return () => {
    const s = statSync(file, { throwIfNoEntry: false });
    const key = s ? `${s.ino}:${s.size}:${s.mtimeMs}` : '';
    if (key !== seen) {
      value = make(s ? readFileSync(file, 'utf8') : undefined);
      seen = key;
    }
    return value;
  };
}

/** The paths `_redirects` answers with 410 Gone (`/old/ /old/index.html 410!`): retired URLs. */
function goneIn(text: string | undefined): Set<string> {
  if (text === undefined) return new Set();
  const lines = text.split('\n');
  return new Set(
    lines.flatMap((line) => {
      const [from, , status] = line.trim().split(/\s+/);
      return from && status?.replace(/!$/, '') === '410' ? [from] : [];
    }),
  );
}
