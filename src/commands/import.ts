import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { chooseReporter, type Io, parseCommand, plural, report, reporterOption, shortUsage } from './shared.ts';

export const IMPORT_HELP = `Usage: broadsheet import hugo|jekyll|eleventy SRC [options]

Convert the posts of a Hugo, Jekyll or Eleventy site into Broadsheet articles: Markdown
with YAML front matter that "broadsheet build" accepts, one folder per year, attachments
(page-bundle files, images, documents the post refers to) copied beside the article.

SRC is the old site's folder (with its hugo.toml, _config.yml or eleventy.config.js), or
a folder of Markdown posts.

What it converts:
  - front matter (YAML, TOML, JSON, Eleventy's literal-only ---js): description,
    summary and excerpt become dek; lastmod updated; author and authors (ids of the
    site's author data resolved) authors; tags and categories tags; the lead image
    fields of common themes image {src, alt, caption, credit}; published: false and
    Jekyll's _drafts draft: true; expiryDate is kept as "expires" (Broadsheet does not
    expire stories); every other field is kept under its name
  - addresses: the slug is the last segment of the URL the old site published the post
    at, and that URL (with Hugo aliases and Jekyll redirect_from) becomes an alias
    where the new URL differs, so Broadsheet redirects it
  - Hugo shortcodes figure, youtube, vimeo, tweet/x, instagram, gist, highlight,
    details, param, ref and relref; Liquid and Nunjucks tags raw, comment, highlight,
    link, post_url, include (inlined when the include converts completely), youtube,
    vimeo, tweet, gist, image, and {{ expressions }} whose values are known
Anything else is kept in the article exactly as written and reported as
file:line:column with a hint: nothing is dropped silently.

Options:
  --out DIR          Where to write the articles. Default: the config's articles folder
  --force            Overwrite files that already exist in --out (otherwise a post
                     whose files exist is not written, and reported)
  --dry-run          Convert and report, write nothing
  --drafts           Jekyll: also import _drafts/ (as draft: true). Hugo and Eleventy
                     drafts are always imported, with draft: true
  --section NAME     Hugo: a content section to import; repeat for more. Default: the
                     site's params.mainSections, else its largest section
  --collection NAME  Eleventy: a collection (tag) whose posts to import; repeat for more.
                     Default: posts, post or blog, the first that has posts
  --rename FROM=TO   Read the front-matter field FROM as TO (e.g. newstitle=title);
                     repeat for more
  --config FILE      Broadsheet config whose permalink, timeZone, sections, url and
                     markdown.embedHosts the articles are made for.
                     Default: broadsheet.config.{ts,mjs,js,json}, else the defaults
  --reporter NAME    "human" (code frames and hints) or "github" (GitHub Actions
                     annotations). Default: github when CI=true, else human
  --quiet            Print only errors
  -h, --help         Show this help

Output: problems on stderr, then one summary line on stdout: posts converted, warnings
(by kind), errors, files written.

Exit status: 0 every post converted (warnings allowed), 1 a problem stopped at least one
post (an unreadable date or front matter, no title, a file that exists): that post was
not written, the others were; 2 bad usage or no such folder, 70 an internal error.`;

const importOptions = {
  ...reporterOption,
  out: { type: 'string' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  drafts: { type: 'boolean' },
  section: { type: 'string', multiple: true },
  collection: { type: 'string', multiple: true },
  rename: { type: 'string', multiple: true },
  config: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runImport(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('import', argv, importOptions, IMPORT_HELP, io, 2);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.err(`broadsheet import: ${message}\n\n${shortUsage('import', IMPORT_HELP)}`);
    return 2;
  };
  const [generator, src] = positionals;
  if (generator !== 'hugo' && generator !== 'jekyll' && generator !== 'eleventy')
    return usage(
      generator === undefined
        ? 'name the generator: hugo, jekyll or eleventy'
        : `"${generator}" is not hugo, jekyll or eleventy`,
    );
  if (src === undefined) return usage('name the folder of the site to import (SRC)');
  const root = path.resolve(io.cwd, src);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`broadsheet import: ${src} is not a folder`);
    return 2;
  }
  const reporter = chooseReporter(values.reporter, io);
  if (reporter !== 'human' && reporter !== 'github') return usage(reporter);
  const renames = new Map<string, string>();
  for (const rename of values.rename ?? []) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(rename);
    if (!m) return usage(`--rename "${rename}" must be FROM=TO, e.g. newstitle=title`);
    renames.set(m[1]!, m[2]!);
  }

  const [{ loadConfig }, { importSite }] = await Promise.all([
    import('../config/config.ts'),
    import('../import/import.ts'),
  ]);
  const { config, diagnostics: configProblems } = await loadConfig({ cwd: io.cwd, configFile: values.config });
  if (!config) {
    report(configProblems, io, reporter);
    return 1;
  }
  const out = values.out === undefined ? config.articles : path.resolve(io.cwd, values.out);
  if (out === root || root.startsWith(out + path.sep))
    return usage('--out must not be the site being imported, or a folder that contains it');
  const result = await importSite({
    generator,
    src: root,
    out,
    config,
    cwd: io.cwd,
    force: values.force ?? false,
    dryRun: values['dry-run'] ?? false,
    drafts: values.drafts ?? false,
    renames,
    sections: values.section ?? [],
    collections: values.collection ?? [],
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  report(values.quiet ? errors : result.diagnostics, io, reporter);
  const kinds = new Map<string, number>();
  for (const w of warnings) kinds.set(w.rule, (kinds.get(w.rule) ?? 0) + 1);
  const byKind = [...kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([rule, n]) => `${n} ${rule}`);
  const shownOut = path.relative(io.cwd, out) || '.';
  if (result.chosen && !values.quiet) io.out(`Imported ${result.chosen}.`);
  if (!values.quiet || errors.length)
    io.out(
      `${result.converted}${result.found > result.converted ? ` of ${result.found}` : ''} ${Math.max(result.found, result.converted) === 1 ? 'post' : 'posts'} converted` +
        `${result.drafts ? ` (${plural(result.drafts, 'draft')})` : ''}, ${plural(warnings.length, 'warning')}` +
        `${byKind.length ? ` (${byKind.join(', ')})` : ''}, ${plural(errors.length, 'error')}; ` +
        `${values['dry-run'] ? 'nothing written (dry run)' : `${plural(result.files, 'file')} written into ${shownOut}`}`,
    );
  if (result.kept.length && !values.quiet)
    io.out(
      `The articles keep ${plural(result.kept.length, 'field')} of the old site in story.data (${result.kept.join(', ')}); ` +
        `to build without an unknown-field warning for each, add to the config: customFields: ${JSON.stringify(result.kept)}`,
    );
  return errors.length ? 1 : 0;
}
