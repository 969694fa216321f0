import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILES } from '../config/config.ts';
import { parseCommand, type Io } from './shared.ts';

export const INIT_HELP = `Usage: broadsheet init [DIR] [options]

Start a project in DIR (default: the current folder; made if missing): write
broadsheet.config.ts, an example story in articles/ and a .gitignore, and nothing
else. Layouts are not copied: every layout and asset the project does not define comes
from Broadsheet's own. To change one, put a file of the same name in layouts/
(layouts/story.tsx, layouts/assets/style.css).

Nothing is ever overwritten: a folder that has a Broadsheet config already is left
as it is; an existing .gitignore is kept; no example story is added to an articles/
folder that has Markdown in it.

Options:
  -h, --help        Show this help

Then: broadsheet build (or broadsheet dev to preview while writing).

Exit status: 0 the project was started, 1 DIR has a Broadsheet config already,
2 bad usage.`;

const initOptions = { help: { type: 'boolean', short: 'h' } } as const;

/** What `init` writes, path → contents, for a project named `title` in `timeZone`, at `now`. */
export function projectFiles(options: {
  title: string;
  timeZone: string;
  now: number;
}): Record<'config' | 'article' | 'gitignore', { path: string; text: string }> {
  return {
    config: { path: 'broadsheet.config.ts', text: configText(options.title, options.timeZone) },
    article: { path: 'articles/welcome.md', text: articleText(localMinute(options.now, options.timeZone)) },
    gitignore: { path: '.gitignore', text: GITIGNORE },
  };
}

/** A string as a single-quoted JavaScript literal. */
const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const configText = (title: string, timeZone: string) => `import { defineConfig } from 'broadsheet';

// Every option, with its default: "Site configuration" in Broadsheet's README.
export default defineConfig({
  title: ${quoted(title)},
  // The address the site will be published at (a sub-path such as /news/ works too).
  url: 'https://example.org/',
  // Dates written without an offset ("2024-05-05 15:20") are read in this zone.
  timeZone: ${quoted(timeZone)},
  // The picture link previews show for a story without one of its own (a file in public/).
  // social: { image: '/social.png' },
});
`;

const articleText = (date: string) => `---
title: Welcome to your news site
dek: This story shows the front matter Broadsheet reads. Edit it, or delete it once you have written your own.
date: ${date}
authors: [The Newsroom]
section: News
tags: [Broadsheet, getting started]
# A lead picture: put the file beside this one, and say what it shows in alt.
# image:
#   src: harbour.jpg
#   alt: Fishing boats moored in the harbour at dawn
#   caption: The harbour on Monday morning.
#   credit: Jane Doe
---

Every story is a Markdown file in \`articles/\`: front matter between the two \`---\`
lines, then the text. \`title\` and \`date\` are required; the file name does not matter,
and the story's address is made from its date and title.

## What to do next

- Run \`broadsheet dev\` and open the address it prints: the site rebuilds when you save.
- Run \`broadsheet build\` to write the site into \`dist/\`, ready for any static host.
- To change how pages look, copy a layout from Broadsheet's \`layouts/\` folder into yours.
`;

const GITIGNORE = `# The built site: made again by every build.
dist/
.*.staging-*/
.*.old-*/

# Broadsheet's cache (.broadsheet/cache/) makes rebuilds incremental. Do not commit it:
# a CI workflow that wants fast builds saves and restores it between runs instead (the
# cache knows which Broadsheet and which settings made it, and starts over when they change).
.broadsheet/

node_modules/
`;

/** The current minute in a time zone, as front matter writes it: "2024-05-05 15:20". */
function localMinute(now: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "my-paper" → "My Paper": a first title for the site, from its folder's name. */
export function titleFromFolder(dir: string): string {
  const words = path
    .basename(path.resolve(dir))
    .split(/[-_\s.]+/)
    .filter(Boolean);
  const title = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return title || 'My News Site';
}

const hasMarkdown = (dir: string): boolean => {
  try {
    return readdirSync(dir, { recursive: true }).some((name) => /\.(md|markdown)$/i.test(String(name)));
  } catch {
    return false;
  }
};

export async function runInit(argv: readonly string[], io: Io, now: number = Date.now()): Promise<number> {
  const parsed = parseCommand('init', argv, initOptions, INIT_HELP, io, 1);
  if (typeof parsed === 'number') return parsed;
  const dir = path.resolve(io.cwd, parsed.positionals[0] ?? '.');
  const shown = (rel: string) => path.relative(io.cwd, path.join(dir, rel)) || '.';

  const existing = CONFIG_FILES.find((name) => existsSync(path.join(dir, name)));
  if (existing) {
    io.err(`broadsheet init: ${shown(existing)} exists already; nothing was written`);
    return 1;
  }
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const files = projectFiles({ title: titleFromFolder(dir), timeZone, now });
  const written: string[] = [];
  const skipped: string[] = [];
  const write = async (file: { path: string; text: string }) => {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    // "wx": never replace a file, even one made since the checks above.
    await writeFile(target, file.text, { flag: 'wx' });
    written.push(shown(file.path));
  };
  await write(files.config);
  if (hasMarkdown(path.join(dir, 'articles')))
    skipped.push(`no example story: ${shown('articles')} has Markdown files already`);
  else await write(files.article);
  if (existsSync(path.join(dir, '.gitignore')))
    skipped.push(`${shown('.gitignore')} kept as it is (Broadsheet's output is dist/, its cache .broadsheet/)`);
  else await write(files.gitignore);

  io.out(`Started a Broadsheet project in ${path.relative(io.cwd, dir) || 'the current folder'}:`);
  for (const file of written) io.out(`  wrote ${file}`);
  for (const note of skipped) io.out(`  ${note}`);
  const cd = path.relative(io.cwd, dir) ? `cd ${path.relative(io.cwd, dir)} && ` : '';
  io.out(`\nNext: ${cd}broadsheet dev   (preview while writing), or broadsheet build`);
  return 0;
}
