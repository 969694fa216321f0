import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCommand, report, type Io } from './shared.ts';

export const NEW_HELP = `Usage: broadsheet new "HEADLINE" [options]

Start a story: write articles/YYYY-MM-DD-slug.md, dated now in the site's time zone
(the config's timeZone), with the headline and every common field, the optional ones
commented out with an example. An existing file is never overwritten. Prints the path
of the new file. Its body is a placeholder: a build refuses to publish the story
until the story is written in its place (template-text), unless it is a draft.

Options:
  --section ID      The story's section; when the config lists sections, one of their
                    ids or names
  --author NAME     The byline; repeat for several authors
  --draft           Mark the story a draft (draft: true): builds leave it out until the
                    line is removed, and "broadsheet dev" shows it marked as a draft
  --now ISO-DATE    The story's date and time instead of now (a value without offset
                    is UTC)
  --articles DIR    Article sources. Default: articles
  --config FILE     Site config file. Default: broadsheet.config.{ts,mjs,js,json}
  -h, --help        Show this help

Example:
  broadsheet new "Council approves night bus pilot" --section politics --author "Maya Okonkwo" --draft

Exit status: 0 written, 1 the file exists or the config has errors, 2 bad usage (no
headline, an unknown section).`;

const newOptions = {
  section: { type: 'string' },
  author: { type: 'string', multiple: true },
  draft: { type: 'boolean' },
  now: { type: 'string' },
  articles: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runNew(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand('new', argv, newOptions, NEW_HELP, io, 1);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.err(`broadsheet new: ${message}`);
    return 2;
  };
  const title = (positionals[0] ?? '').replace(/\s+/g, ' ').trim();
  if (!title) return usage(`give the headline, in quotes: broadsheet new "Council approves night bus pilot"`);
  const authors = (values.author ?? []).map((a) => a.trim());
  if (authors.some((a) => !a)) return usage('--author needs a name');
  const section = values.section?.trim();
  if (section === '') return usage('--section needs a section id');

  const [{ loadConfig }, { parseNow }, { newArticle }, { closestName }] = await Promise.all([
    import('../config/config.ts'),
    import('../content/dates.ts'),
    import('../content/template.ts'),
    import('../util/closest-name.ts'),
  ]);
  const now = values.now === undefined ? undefined : parseNow(values.now);
  if (values.now !== undefined && now === undefined)
    return usage(`--now "${values.now}" is not an ISO 8601 date (e.g. 2026-11-27T14:05:00Z)`);
  const { config, diagnostics } = await loadConfig({
    cwd: io.cwd,
    configFile: values.config,
    overrides: { articles: values.articles, now },
  });
  if (!config) {
    report(diagnostics, io);
    return 1;
  }
  const ids = config.sections.map((s) => s.id);
  // A section's name is as good as its id, as in front matter ("Sport" for sport).
  const chosen =
    section === undefined || ids.length === 0 || ids.includes(section)
      ? section
      : config.sections.find((s) => s.name.toLowerCase() === section.toLowerCase())?.id;
  if (section !== undefined && chosen === undefined) {
    const guess = closestName(section, ids);
    return usage(
      `unknown section "${section}"${guess ? `; did you mean "${guess}"?` : '.'} The sections are: ${ids.join(', ')}.`,
    );
  }

  const story = newArticle({
    title,
    now: config.now,
    zone: config.timeZone,
    section: chosen,
    authors,
    draft: values.draft ?? false,
    sections: ids,
  });
  if (!story) return usage(`"${title}" has no letters or digits to make a file name of; reword the headline`);
  const file = path.join(config.articles, story.file);
  const shown = path.relative(io.cwd, file);
  await mkdir(config.articles, { recursive: true });
  try {
    // "wx": never replace a story that is there, even one written a moment ago.
    await writeFile(file, story.text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    io.err(`broadsheet new: ${shown} already exists; edit it, or give the new story another headline`);
    return 1;
  }
  io.out(shown);
  return 0;
}
