import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { readFilesRecord, SHARD_MANIFEST_PATH } from '../output/manifest.ts';
import {
  chooseReporter,
  parseCommand,
  plural,
  progressFor,
  report,
  reporterOption,
  reportProblems,
  type Io,
} from './shared.ts';

export const CHECK_HELP = `Usage: broadsheet check [DIR] [options]

Check a built site before it is published, offline. Every internal link and asset must
resolve (under the base URL's path), every #anchor must exist, feeds and sitemaps must
parse and carry what readers need, story pages need a canonical link and NewsArticle
structured data, no page may be empty or contain dev-server code, pages must satisfy
the Content-Security-Policy in _headers, the files must match the manifest and
their .br/.gz copies, and every URL the site has published (the URL ledger,
published-urls.txt) must still answer with its page, a redirect or a "removed" page.

DIR is the built site. Default: the output folder of the config (dist).

Options:
  --base-url URL    The URL the site will be published at; links must stay under its
                    path. Default: "url" from the config, else http://localhost:8080/
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  --json            Print the report as JSON on stdout (for programs)
  --reporter NAME   "human" or "github" (GitHub Actions annotations).
                    Default: github when CI=true, else human
  --quiet           Print only errors
  -h, --help        Show this help

Exit status: 0 no errors (warnings allowed), 1 problems found, 2 bad usage, no such
folder, or a site built for another URL (check with its --base-url), 70 an internal
error.`;

const checkOptions = {
  ...reporterOption,
  'base-url': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCheck(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('check', argv, checkOptions, CHECK_HELP, io, 1);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const reporter = chooseReporter(values.reporter, io);
  if (reporter !== 'human' && reporter !== 'github') {
    io.err(`broadsheet check: ${reporter}`);
    return 2;
  }
  const [{ loadConfig }, { checkSite }, { folderFiles }] = await Promise.all([
    import('../config/config.ts'),
    import('../check/check.ts'),
    import('../check/site-files.ts'),
  ]);
  const { config, diagnostics: configProblems } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { url: values['base-url'] },
  });
  if (!config) {
    report(configProblems, io, reporter);
    return 1;
  }
  const dir = positionals[0] === undefined ? config.out : path.resolve(io.cwd, positionals[0]);
  const shownDir = path.relative(io.cwd, dir) || '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    io.err(`broadsheet check: ${shownDir} is not a folder; build the site first (broadsheet build)`);
    return 2;
  }
  // One shard of a sharded build has its own pages and no feeds, assets or manifest: every
  // link out of it would be reported broken. What to check is the merged site.
  const shard = await shardOf(dir);
  if (shard) {
    io.err(
      `broadsheet check: ${shownDir} is ${shard} of a sharded build, not a whole site: join the shards with broadsheet merge DIR… --out DIR, then check the merged output`,
    );
    return 2;
  }
  // A site built for another URL (build --base-url) has every link under another path:
  // one line says so, where each link would be reported broken.
  const builtFor = await siteUrlOf(dir);
  if (builtFor !== undefined && builtFor !== config.url) {
    io.err(
      `broadsheet check: ${shownDir} was built for ${builtFor}, not ${config.url}: check it with --base-url ${builtFor}, or build it for ${config.url}`,
    );
    return 2;
  }
  const started = performance.now();
  const progress = progressFor(io, values.quiet || values.json);
  const { readLedgerFile, promisedUrls } = await import('../site/ledger-file.ts');
  const ledger = config.ledger ? (await readLedgerFile(config.ledger)).ledger : undefined;
  const result = await checkSite({
    siteUrl: config.url,
    files: await folderFiles(dir, io.cwd),
    allowCredit: config.images.keepCopyright,
    ...(ledger && config.ledger ? { promised: promisedUrls(ledger, path.relative(io.cwd, config.ledger)) } : {}),
    ...(progress ? { progress: (done: number, total: number) => progress.tick?.('check', done, total) } : {}),
  });
  progress?.clear();
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          ok: result.ok,
          dir: shownDir,
          siteUrl: config.url,
          summary: { ...result.summary, errors, warnings },
          problems: result.diagnostics.map((d) => ({
            file: d.file,
            line: d.line,
            column: d.column,
            severity: d.severity,
            rule: d.rule,
            message: d.reason,
            hint: d.hint,
          })),
        },
        null,
        2,
      ),
    );
    return result.ok ? 0 : 1;
  }
  reportProblems(result.diagnostics, io, reporter, values.quiet);
  const { summary } = result;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const verdict =
    errors || warnings
      ? [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ')
      : 'no problems';
  if (!values.quiet || !result.ok) {
    io.out(
      `checked ${shownDir} for ${config.url}: ${plural(summary.files, 'file')}, ${plural(summary.pages, 'page')} (${plural(summary.stories, 'story', 'stories')}), ${plural(summary.feeds, 'feed')}, ${plural(summary.sitemaps, 'sitemap')}, ${plural(summary.links, 'link')} in ${seconds} s: ${verdict}`,
    );
  }
  return result.ok ? 0 : 1;
}

/** "shard 2 of 3" when `dir` has a shard's record ("a shard" when it cannot be read), else undefined. */
async function shardOf(dir: string): Promise<string | undefined> {
  if (!existsSync(path.join(dir, SHARD_MANIFEST_PATH))) return undefined;
  const { shard, of } = (await readFilesRecord(dir, SHARD_MANIFEST_PATH))?.head ?? {};
  return typeof shard === 'number' && typeof of === 'number' ? `shard ${shard} of ${of}` : 'a shard';
}

/**
 * The site URL the build wrote into `stories.json`, read from the head of the file (the
 * site comes before the stories); undefined when there is none to read.
 */
async function siteUrlOf(dir: string): Promise<string | undefined> {
  const file = path.join(dir, 'stories.json');
  if (!existsSync(file)) return undefined;
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(64 * 1024), position: 0 });
    const text = buffer.toString('utf8', 0, bytesRead);
    const at = text.indexOf(',"stories":');
    if (at < 0) return undefined;
    const site = (JSON.parse(`${text.slice(0, at)}}`) as { site?: { url?: unknown } }).site;
    return typeof site?.url === 'string' ? site.url : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
