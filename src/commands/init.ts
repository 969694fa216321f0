import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILES } from '../config/config.ts';
import { isArticleName } from '../content/discover.ts';
import { packageRoot } from '../util/package-root.ts';
import { packBroadsheet, placePack } from './pack-broadsheet.ts';
import { parseCommand, type Io } from './shared.ts';

export const INIT_HELP = `Usage: broadsheet init [DIR] [options]

Start a project in DIR (default: the current folder; made if missing): write
broadsheet.config.ts, an example story in articles/, a .gitignore, a .gitattributes
(the URL ledger merges by keeping both sides' lines), a package.json that installs
Broadsheet, and a GitHub Actions workflow that publishes the site to GitHub Pages
(.github/workflows/publish.yml: restore the cache, build with --check, record the
URLs published, deploy; on every push to main and every 15 minutes, for embargoes),
and nothing else. Layouts are not copied: every layout and asset the project does
not define comes from Broadsheet's own. To change one, put a file of the same name
in layouts/ (layouts/story.tsx, layouts/assets/style.css).

Nothing is ever overwritten: a folder that has a Broadsheet config already is left
as it is; an existing .gitignore, .gitattributes, package.json or workflow is kept;
no example story is added to an articles/ folder that has Markdown in it.

Options:
  --broadsheet SPEC What package.json installs Broadsheet from: a version range or
                    any npm install spec (a git URL, a tarball, file:PATH), or "pack":
                    this checkout packed (npm pack) into DIR/vendor/ and installed from
                    there, which the publishing workflow can install too once it is
                    committed. Default: this Broadsheet: its version when it was
                    installed as a package, its folder (file:PATH) when it runs from a
                    checkout, which only this machine has
  -h, --help        Show this help

Then, in DIR: npm install, and npx broadsheet build (or npx broadsheet dev to
preview while writing).

Exit status: 0 the project was started, 1 DIR has a Broadsheet config already, or
"--broadsheet pack" cannot pack Broadsheet for it, 2 bad usage.`;

const initOptions = { broadsheet: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** What `init` writes, path → contents, for a project named `title` in `timeZone`, at `now`. */
export function projectFiles(options: {
  title: string;
  timeZone: string;
  now: number;
  /** The npm install spec of Broadsheet for the project's package.json. */
  broadsheet: string;
}): Record<
  'config' | 'article' | 'gitignore' | 'gitattributes' | 'package' | 'workflow',
  { path: string; text: string }
> {
  return {
    config: { path: 'broadsheet.config.ts', text: configText(options.title, options.timeZone) },
    article: { path: 'articles/welcome.md', text: articleText(localMinute(options.now, options.timeZone)) },
    gitignore: { path: '.gitignore', text: GITIGNORE },
    gitattributes: { path: '.gitattributes', text: GITATTRIBUTES },
    package: { path: 'package.json', text: packageText(options.title, options.broadsheet) },
    workflow: { path: '.github/workflows/publish.yml', text: WORKFLOW },
  };
}

const packageText = (title: string, broadsheet: string) =>
  `${JSON.stringify(
    {
      name:
        title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'news-site',
      private: true,
      type: 'module',
      scripts: { build: 'broadsheet build', dev: 'broadsheet dev', check: 'broadsheet check' },
      devDependencies: { broadsheet: broadsheet },
    },
    null,
    2,
  )}\n`;

/**
 * The site's own publishing workflow: nothing but what it takes to put a story live
 * (Broadsheet's own test suite is for Broadsheet's repository): install, restore the
 * cache, build with --check (a story with errors is held back, not the news), record the
 * URLs published, deploy. Every push, and every 15 minutes for embargoes; new stories join
 * the search index once an hour.
 */
const WORKFLOW = `# Publish the site to GitHub Pages: on every push to main, and every 15 minutes so that
# embargoed stories go live after their time (docs/publishing.md in Broadsheet: "Embargoes
# need a clock"). Settings → Pages → Source: GitHub Actions. Commit package-lock.json.
name: Publish

on:
  push:
    branches: [main]
  schedule:
    # At 2, 17, 32 and 47 past the hour: GitHub delays scheduled runs at the top of the
    # hour, when most are due, and drops some under load. The run at 47 past also brings
    # the search index up to date (see the build step).
    - cron: '2,17,32 * * * *'
    - cron: '47 * * * *'
  workflow_dispatch:

permissions:
  contents: write # to commit the URL ledger (published-urls.txt)
  pages: write
  id-token: write

concurrency:
  group: publish
  cancel-in-progress: false

jobs:
  publish:
    runs-on: ubuntu-latest
    # A run that hangs would hold the publish group, and every story behind it, for
    # GitHub's default of six hours.
    timeout-minutes: 30
    environment:
      name: github-pages
      url: \${{ steps.deploy.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci --no-audit --no-fund
      # The build cache and the last output: a rebuild loads, renders, writes and checks
      # only what changed (without dist/ every page would be rendered again).
      - uses: actions/cache/restore@v4
        with:
          path: |
            .broadsheet/cache
            dist
          key: broadsheet-\${{ github.run_id }}
          restore-keys: broadsheet-
      - id: pages
        uses: actions/configure-pages@v5
      # Pushes and the runs at 2, 17 and 32 past publish new stories without indexing every
      # story page for search again (a minute or more for a large archive): the run at 47
      # past, or one started by hand, adds them (and any build once one has waited 2
      # hours). A story edited or removed is indexed again at once, so search never shows
      # what a story no longer says. The cron line named here must match the first above.
      - id: build
        env:
          DEFER_SEARCH: \${{ (github.event_name == 'push' || github.event.schedule == '2,17,32 * * * *') && '--defer-search' || '' }}
        run: npx broadsheet build --check --hold-invalid $DEFER_SEARCH --base-url "\${{ steps.pages.outputs.base_url }}/"
      # Before the deploy, so that a URL goes live only once the ledger promises it. A story
      # pushed meanwhile is pulled in first; if the ledger still cannot be pushed (an edit of
      # it that conflicts, a protected branch), nothing is deployed and the run fails.
      # published-urls.txt is the config's \`ledger\` file: change it here and in
      # .gitattributes if the config names another.
      - name: Record the URLs published
        run: |
          [ -f published-urls.txt ] || exit 0
          git config user.name broadsheet
          git config user.email broadsheet@users.noreply.github.com
          git add published-urls.txt
          git diff --cached --quiet && exit 0
          git commit --quiet -m "Record published URLs"
          for attempt in 1 2 3; do
            if git pull --rebase --autostash --quiet; then
              git push --quiet && exit 0
            else
              git rebase --abort || true
            fi
            sleep 5
          done
          echo "::error file=published-urls.txt::the URL ledger could not be pushed, so nothing was deployed"
          exit 1
      # Deployed only when the build changed the site: most scheduled runs find nothing
      # to publish, and the site would be uploaded whole for nothing.
      # v3: v4 leaves out files whose names start with a dot, dist/.broadsheet/manifest.json among them.
      - if: steps.build.outputs.changed == 'true'
        uses: actions/upload-pages-artifact@v3
        with:
          path: dist/
      - if: steps.build.outputs.changed == 'true'
        id: deploy
        uses: actions/deploy-pages@v4
      # Only a build that changed the site leaves a cache worth keeping: a run that found
      # nothing to publish (most scheduled runs) saves nothing, and older caches are kept.
      - if: steps.build.outputs.changed == 'true'
        uses: actions/cache/save@v4
        with:
          path: |
            .broadsheet/cache
            dist
          key: broadsheet-\${{ github.run_id }}
`;

/** A string as a single-quoted JavaScript literal. */
const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const configText = (title: string, timeZone: string) => `import { defineConfig } from 'broadsheet';

// Every option, with its default: docs/configuration.md in Broadsheet.
export default defineConfig({
  title: ${quoted(title)},
  // The address the site will be published at (a sub-path such as /news/ works too).
  url: 'https://example.org/',
  // Dates written without an offset ("2024-05-05 15:20") are read in this zone.
  timeZone: ${quoted(timeZone)},
  // Tables, footnotes, strikethrough and bare web addresses as links (GitHub's Markdown).
  markdown: { gfm: true },
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

- Run \`npm run dev\` and open the address it prints: the site rebuilds when you save.
- Run \`npm run build\` to write the site into \`dist/\`, ready for any static host.
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

/**
 * The URL ledger is one sorted line per URL, and both the publishing workflow and a build
 * on a reporter's machine add lines to it: two stories of one day sit on neighbouring
 * lines, which git's own merge takes for a conflict.
 */
const GITATTRIBUTES = `# The URL ledger: when two builds each added URLs, keep the lines of both (the next build
# sorts it again).
published-urls.txt merge=union
`;

/** The version of the Broadsheet that runs. */
const ownVersion = (): string =>
  (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Where a new project installs Broadsheet from by default: the running one. Installed as
 * a package (inside a node_modules folder), that is its version; run from a checkout,
 * which no registry serves under that version, it is the checkout's folder.
 */
export function ownInstallSpec(root: string = packageRoot): { spec: string; checkout: boolean } {
  const installed = root.split(path.sep).includes('node_modules');
  return installed ? { spec: `^${ownVersion()}`, checkout: false } : { spec: `file:${root}`, checkout: true };
}

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
    return readdirSync(dir, { recursive: true }).some((name) => isArticleName(String(name)));
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
    io.err(`broadsheet init: ${path.join(dir, existing)} exists already; nothing was written`);
    return 1;
  }
  if (parsed.values.broadsheet?.trim() === '') {
    io.err('broadsheet init: --broadsheet needs a value: a version range, an npm install spec, or "pack"');
    return 2;
  }
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const own = ownInstallSpec();
  const packed = parsed.values.broadsheet === 'pack' ? await packBroadsheet(dir) : undefined;
  if (typeof packed === 'string') {
    io.err(`broadsheet init: ${packed}; nothing was written`);
    return 1;
  }
  const broadsheet = packed?.spec ?? parsed.values.broadsheet ?? own.spec;
  const files = projectFiles({ title: titleFromFolder(dir), timeZone, now, broadsheet });
  const written: string[] = [];
  const skipped: string[] = [];
  const write = async (file: { path: string; text: string }) => {
    const target = path.join(dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    // "wx": never replace a file, even one made since the checks above.
    await writeFile(target, file.text, { flag: 'wx' });
    written.push(shown(file.path));
  };
  // The tarball first: were it taken meanwhile, init stops before writing anything else.
  if (packed) {
    await placePack(dir, packed);
    written.push(shown(packed.file));
  }
  await write(files.config);
  if (hasMarkdown(path.join(dir, 'articles')))
    skipped.push(`no example story: ${shown('articles')} has Markdown files already`);
  else await write(files.article);
  if (existsSync(path.join(dir, '.gitignore')))
    skipped.push(`${shown('.gitignore')} kept as it is (Broadsheet's output is dist/, its cache .broadsheet/)`);
  else await write(files.gitignore);
  for (const file of [files.gitattributes, files.package, files.workflow]) {
    if (existsSync(path.join(dir, file.path))) skipped.push(`${shown(file.path)} kept as it is`);
    else await write(file);
  }
  // A package.json of the folder's own, kept, may not install Broadsheet: npx would not find it.
  const install = listsBroadsheet(path.join(dir, 'package.json'))
    ? 'npm install'
    : `npm install --save-dev ${shellWord(/^[\w.-]+:|\//.test(broadsheet) ? broadsheet : `broadsheet@${broadsheet}`)}`;

  io.out(`Started a Broadsheet project in ${path.relative(io.cwd, dir) || 'the current folder'}:`);
  for (const file of written) io.out(`  wrote ${file}`);
  for (const note of skipped) io.out(`  ${note}`);
  if (parsed.values.broadsheet === undefined && own.checkout)
    io.out(
      `\npackage.json installs Broadsheet from this checkout (${broadsheet}), which only this\n` +
        'machine has: the publishing workflow cannot install it. To publish, start with\n' +
        '--broadsheet pack (a packed copy in vendor/, committed with the site) or a git URL.',
    );
  const cd = path.relative(io.cwd, dir) ? `cd ${shellWord(path.relative(io.cwd, dir))} && ` : '';
  io.out(`\nNext: ${cd}${install} && npx broadsheet dev   (preview while writing), or npx broadsheet build`);
  if (packed)
    io.out(
      '\nTo publish from GitHub: commit everything, vendor/ and package-lock.json included, on a\n' +
        'branch named main (git init -b main); push it; then Settings → Pages → Source: GitHub Actions.',
    );
  return 0;
}

/** Whether a package.json installs Broadsheet (as a dependency of either kind). */
function listsBroadsheet(file: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies'].some((field) => pkg[field]?.broadsheet !== undefined);
  } catch {
    return false;
  }
}

/** A word to paste into a shell as it is: quoted when it holds a space or another special character. */
const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
