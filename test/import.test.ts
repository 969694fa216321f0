import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import type { Io } from '../src/commands/shared.ts';
import { resolveConfig } from '../src/config/config.ts';
import { sortDiagnostics, type Diagnostic } from '../src/diagnostics/diagnostics.ts';
import { parseFrontMatter } from '../src/content/frontmatter.ts';
import { readFrontMatter } from '../src/import/front-matter.ts';
import { importSite } from '../src/import/import.ts';
import { normaliseDate } from '../src/import/old-dates.ts';
import type { Generator } from '../src/import/old-site.ts';
import { buildSite, listFiles, REPO, removeDir, select, selectAll, toString } from './helpers.ts';

const FIXTURES = path.join(REPO, 'test/fixtures/import');
const NOW = Date.parse('2026-12-01T00:00:00Z');
const CONFIG = { url: 'https://news.example.org/', timeZone: 'Europe/London', search: false, markdown: { gfm: true } };

// Layouts resolve `broadsheet` from inside the package, so imported sites are built in scratch/.
const dirs: string[] = [];
async function workspace(): Promise<string> {
  await mkdir(path.join(REPO, 'scratch'), { recursive: true });
  const dir = await mkdtemp(path.join(REPO, 'scratch', 'import-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify(CONFIG));
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** Run the CLI in-process, as a user would from `cwd`. */
async function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), cwd, color: false, tty: false, env: {} };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** An imported article's front matter as Broadsheet's build reads it, and its body. */
async function article(dir: string, rel: string) {
  const text = await readFile(path.join(dir, 'articles', rel), 'utf8');
  const parsed = parseFrontMatter({ file: rel, id: rel, text, hash: '' });
  if (Array.isArray(parsed)) throw new Error(JSON.stringify(parsed));
  return { fields: parsed.fields as Record<string, unknown>, body: parsed.body };
}

/** The import's diagnostics, through the API (the CLI prints the same ones). */
async function diagnose(generator: Generator, extra: { drafts?: boolean } = {}): Promise<Diagnostic[]> {
  const { config } = resolveConfig(CONFIG, { root: REPO });
  const result = await importSite({
    generator,
    src: path.join(FIXTURES, generator),
    out: path.join(REPO, 'scratch', 'never-written'),
    config: config!,
    cwd: REPO,
    force: false,
    dryRun: true,
    drafts: extra.drafts ?? false,
    renames: new Map(),
    sections: [],
    collections: [],
  });
  return [...result.diagnostics];
}

/** A Jekyll site of these posts imported into a new workspace's articles/, the import checked to succeed. */
async function importJekyll(config: string, posts: Record<string, string>) {
  const dir = await workspace();
  const src = path.join(dir, 'old');
  await mkdir(path.join(src, '_posts'), { recursive: true });
  await writeFile(path.join(src, '_config.yml'), config);
  for (const [name, text] of Object.entries(posts)) await writeFile(path.join(src, '_posts', name), text);
  const imported = await run(['import', 'jekyll', 'old', '--out', 'articles'], dir);
  expect(imported.code, imported.stderr).toBe(0);
  return { dir, imported };
}

/** A workspace holding an old site's files under old/, by path. */
async function oldSite(files: Record<string, string>): Promise<string> {
  const dir = await workspace();
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'old', rel)), { recursive: true });
    await writeFile(path.join(dir, 'old', rel), text);
  }
  return dir;
}

const at = (list: readonly Diagnostic[], file: string) =>
  sortDiagnostics(list.filter((d) => d.file.endsWith(file))).map((d) => ({
    line: d.line,
    column: d.column,
    rule: d.rule,
    severity: d.severity,
  }));

/** Import a fixture through the CLI and build the result with the repository's layouts. */
async function importAndBuild(generator: Generator, args: string[] = []) {
  const dir = await workspace();
  const imported = await run(['import', generator, path.join(FIXTURES, generator), '--out', 'articles', ...args], dir);
  const built = await buildSite(dir, CONFIG, { now: NOW, drafts: true });
  return { dir, imported, ...built };
}

const textOf = (tree: Root) => toString(select('main', tree) ?? tree);

/** A picture's `<img>` as the photo stage publishes it: its `src` a JPEG of `_photos/` that the site has. */
async function publishedImg(within: Root | Element, site: { files: () => Promise<string[]> }) {
  const img = select('picture > img', within)!;
  const src = String(img.properties.src);
  expect(src.startsWith('/_photos/') && src.endsWith('.jpg')).toBe(true);
  expect(await site.files()).toContain(src.slice(1));
  return img;
}

describe("Hugo's publishDate", () => {
  it('should hold a post back until a later publishDate, and drop one that changes nothing', async () => {
    const src = await workspace();
    await writeFile(path.join(src, 'hugo.toml'), 'baseURL = "https://news.example.org/"\ntitle = "Gazette"\n');
    await mkdir(path.join(src, 'content/posts'), { recursive: true });
    const post = (title: string, dates: string) => `+++\ntitle = "${title}"\n${dates}\n+++\n\nText.\n`;
    await writeFile(
      path.join(src, 'content/posts/later.md'),
      post('Budget day', 'date = 2024-03-01T09:00:00Z\npublishDate = 2024-03-04T06:00:00Z'),
    );
    await writeFile(
      path.join(src, 'content/posts/earlier.md'),
      post('Market day', 'date = 2024-03-02T09:00:00Z\npublishDate = 2024-03-01T09:00:00Z'),
    );
    const dir = await workspace();
    const imported = await run(['import', 'hugo', src, '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 posts converted');
    // Named after the old files, whose names were the old addresses' slugs.
    expect(await listFiles(path.join(dir, 'articles'))).toEqual(['2024/earlier.md', '2024/later.md']);
    const fields = async (rel: string) => (await article(dir, rel)).fields;
    expect(await fields('2024/later.md')).toMatchObject({ date: '2024-03-04T06:00:00Z' });
    const market = await fields('2024/earlier.md');
    expect(market).toMatchObject({ date: '2024-03-02T09:00:00Z' });
    expect(Object.keys(market).some((key) => /publish/i.test(key))).toBe(false);
  });
});

describe('broadsheet import hugo', () => {
  let site: Awaited<ReturnType<typeof importAndBuild>>;
  beforeAll(async () => {
    site = await importAndBuild('hugo');
  });

  it('should convert every post of the main section and say so in one summary line', () => {
    expect(site.imported.code).toBe(0);
    const [summary, kept, ...rest] = site.imported.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(summary).toContain('4 posts converted (1 draft)');
    expect(summary).toContain('6 warnings');
    // Then the old site's own fields, which each build would warn about until declared.
    expect(kept).toBe(
      'The articles keep 4 fields of the old site in story.data (expires, images, params, weight); to build without an unknown-field warning for each, add to the config: customFields: ["expires","images","params","weight"]',
    );
  });

  it('should build without an unknown-field warning once the kept fields are declared', async () => {
    const unknown = (list: readonly Diagnostic[]) =>
      list.filter((d) => d.rule === 'unknown-field').map((d) => /"([^"]+)"/.exec(d.reason)![1]);
    expect(unknown(site.result.diagnostics).sort()).toEqual(['expires', 'images', 'params', 'weight']);
    const declared = await buildSite(
      site.dir,
      { ...CONFIG, customFields: ['expires', 'images', 'params', 'weight'] },
      { now: NOW, drafts: true },
    );
    expect(unknown(declared.result.diagnostics)).toEqual([]);
    const ferry = await declared.page('2024/03/01/ferry-timetable-changes-from-monday/index.html');
    expect(select('main h1', ferry)).toBeDefined();
  });

  it('should map TOML, YAML and JSON front matter to Broadsheet fields', async () => {
    const ferry = await article(site.dir, '2024/ferry-timetable-changes-from-monday/index.md');
    expect(ferry.fields).toMatchObject({
      title: 'Ferry timetable changes from Monday',
      dek: 'Early sailings move forward by twenty minutes.',
      date: '2024-03-01T09:30:00Z',
      updated: '2024-03-02T08:00:00Z',
      authors: [{ name: 'Jane Doe', url: 'https://news.example.org/staff/jane-doe/' }],
      tags: ['ferries', 'transport', 'Local'],
      slug: 'ferry-timetable-changes-from-monday',
      expires: '2025-03-01',
      weight: 3,
    });
    // The permalink pattern's old URL, an absolute alias and one relative to the page's folder.
    expect(ferry.fields.aliases).toEqual([
      '/2024/03/ferry-timetable-changes-from-monday/',
      '/2024/03/timetable/',
      '/news/ferry-changes/',
    ]);
    const bundle = await article(site.dir, '2023/harbour-lights-switched-on-for-winter/index.md');
    expect(bundle.fields).toMatchObject({
      dek: 'Volunteers restored the old lamps along the quay.',
      date: '2023-11-20',
      authors: ['Marcus King'],
      image: { src: 'cover.jpg', alt: 'Lamps along the quay at dusk', caption: 'The restored lamps' },
      // The tag "community" and the category "Community" are one topic, not two tag pages.
      tags: ['harbour', 'volunteers', 'community'],
    });
    const json = await article(site.dir, '2022/market-day/index.md');
    expect(json.fields).toMatchObject({
      date: '2022-06-04T08:00:00+01:00',
      authors: ['Harbour Town Gazette staff'],
      tags: ['markets'],
      image: { src: 'harbour.jpg', alt: 'Market day returns to the square' },
      aliases: ['/2022/market-day.html'],
    });
    expect((await article(site.dir, '2024/new-pier-plans-draft.md')).fields.draft).toBe(true);
  });

  it('should copy a page bundle with its resources, and static images a post uses, beside the article', async () => {
    const files = await listFiles(path.join(site.dir, 'articles'));
    expect(files).toEqual([
      '2022/market-day/harbour.jpg',
      '2022/market-day/index.md',
      '2023/harbour-lights-switched-on-for-winter/chart.png',
      '2023/harbour-lights-switched-on-for-winter/cover.jpg',
      '2023/harbour-lights-switched-on-for-winter/index.md',
      '2024/ferry-timetable-changes-from-monday/harbour.jpg',
      '2024/ferry-timetable-changes-from-monday/index.md',
      '2024/new-pier-plans-draft.md',
    ]);
    const original = await readFile(path.join(FIXTURES, 'hugo/content/posts/harbour-lights/chart.png'));
    expect(
      await readFile(path.join(site.dir, 'articles/2023/harbour-lights-switched-on-for-winter/chart.png')),
    ).toEqual(original);
  });

  it('should build without errors, redirecting every URL the old site published', async () => {
    expect(site.result.ok).toBe(true);
    expect(site.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(site.result.diagnostics.filter((d) => d.rule === 'missing-image' || d.rule === 'markdown-warning')).toEqual(
      [],
    );
    expect(JSON.parse(await site.text('redirects.json'))).toEqual({
      '/2022/market-day.html': '/2022/06/04/market-day/',
      '/2023/11/harbour-lights-switched-on-for-winter/': '/2023/11/20/harbour-lights-switched-on-for-winter/',
      '/2024/03/ferry-timetable-changes-from-monday/': '/2024/03/01/ferry-timetable-changes-from-monday/',
      '/2024/03/timetable/': '/2024/03/01/ferry-timetable-changes-from-monday/',
      '/news/ferry-changes/': '/2024/03/01/ferry-timetable-changes-from-monday/',
    });
  });

  it('should turn figure, youtube, tweet, relref, highlight and escaped shortcodes into Markdown and HTML', async () => {
    const page = await site.page('2024/03/01/ferry-timetable-changes-from-monday/index.html');
    const figure = select('main figure', page)!;
    expect((await publishedImg(figure, site)).properties.alt).toBe('The ferry at the harbour wall');
    expect(toString(select('figcaption', figure)!)).toBe('The 7.10 sailing Gazette photo');
    expect(select('main iframe', page)!.properties.src).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    const hrefs = selectAll('main a', page).map((a) => a.properties.href);
    expect(hrefs).toContain('https://x.com/HarbourTownFerry/status/1453110110599868418');
    expect(hrefs).toContain('/2023/11/20/harbour-lights-switched-on-for-winter/');
    expect(toString(select('main pre code.language-text', page)!)).toBe('Mon-Fri  06:50  07:40  08:30\n');
    expect(textOf(page)).toContain('To embed a figure yourself, write {{< figure src="x.jpg" >}}.');
    const market = await site.page('2022/06/04/market-day/index.html');
    expect(select('main iframe', market)!.properties.src).toBe('https://player.vimeo.com/video/76979871');
    expect(selectAll('main a', market).map((a) => a.properties.href)).toContain(
      'https://gist.github.com/spf13/7896402',
    );
    const lights = await site.page('2023/11/20/harbour-lights-switched-on-for-winter/index.html');
    expect(selectAll('main a', lights).map((a) => a.properties.href)).toContain(
      '/2024/03/01/ferry-timetable-changes-from-monday/',
    );
  });

  it('should keep what it cannot convert visible, and report it at its line and column', async () => {
    const page = await site.page('2024/03/01/ferry-timetable-changes-from-monday/index.html');
    expect(textOf(page)).toContain('{{< notice warning >}}');
    expect(textOf(page)).toContain('Sailings may be cancelled in high winds.');
    expect(textOf(page)).toContain('{{< ref "no-such-post.md" >}}');
    const diagnostics = await diagnose('hugo');
    expect(at(diagnostics, 'ferry-timetable-changes.md')).toEqual([
      { line: 5, column: 1, rule: 'import-expiry', severity: 'warning' },
      { line: 24, column: 81, rule: 'import-link', severity: 'warning' },
      { line: 32, column: 1, rule: 'import-unconverted', severity: 'warning' },
      { line: 36, column: 27, rule: 'import-link', severity: 'warning' },
    ]);
    expect(at(diagnostics, 'ferry-timetable-changes.fr.md')).toEqual([
      { line: 1, column: 1, rule: 'import-skipped', severity: 'warning' },
    ]);
    expect(at(diagnostics, 'market-day.md')).toEqual([
      { line: 6, column: 3, rule: 'import-image-alt', severity: 'warning' },
    ]);
    expect(site.imported.stderr.split('\n')).toContain(
      `${path.relative(site.dir, path.join(FIXTURES, 'hugo/content/posts/ferry-timetable-changes.md'))}:32:1: warning shortcode "notice" is not one the importer converts (the site's or its theme's own), nor its closing tag; kept as written [import-unconverted]`,
    );
  });
});

describe('broadsheet import jekyll', () => {
  let site: Awaited<ReturnType<typeof importAndBuild>>;
  beforeAll(async () => {
    site = await importAndBuild('jekyll', ['--drafts']);
  });

  it('should convert _posts in every folder, and _drafts with --drafts', async () => {
    expect(site.imported.code).toBe(0);
    expect(site.imported.stdout).toContain('4 posts converted (2 drafts)');
    expect(await listFiles(path.join(site.dir, 'articles'))).toEqual([
      '2016/welcome-to-the-courier/index.md',
      '2016/welcome-to-the-courier/logo.png',
      '2016/welcome-to-the-courier/report.pdf',
      '2017/river-levels-rising/index.md',
      '2017/river-levels-rising/release.png',
      '2018/unpublished-notes.md',
      '2019/boat-race-preview.md',
    ]);
  });

  it('should take dates from file names and front matter, categories from folders, and defaults from the config', async () => {
    const welcome = await article(site.dir, '2016/welcome-to-the-courier/index.md');
    expect(welcome.fields).toMatchObject({
      title: 'Welcome to the Courier',
      dek: 'A new paper for the river towns.',
      date: '2016-01-24T10:00:00-05:00',
      updated: '2016-02-01T12:00:00-05:00',
      authors: [{ name: 'Rosa Writer', url: 'https://courier.example.com/rosa/' }],
      tags: ['welcome', 'town', 'update'],
      slug: 'welcome-to-the-courier',
      // permalink: date, with the post's categories in front.
      aliases: ['/town/update/2016/01/24/welcome-to-the-courier.html'],
    });
    const river = await article(site.dir, '2017/river-levels-rising/index.md');
    expect(river.fields).toMatchObject({
      date: '2017-03-02',
      authors: ['Sam Reporter'],
      tags: ['news'],
      image: { src: 'release.png', alt: 'The river at the old bridge' },
      aliases: ['/flood-alert/', '/news/2017/03/02/river-levels-rising.html'],
      layout: 'post',
    });
    // Never published by Jekyll: no old URL to redirect.
    const unpublished = await article(site.dir, '2018/unpublished-notes.md');
    // The singular `category` is one category, as Jekyll reads it (the plural is split into words).
    expect(unpublished.fields).toMatchObject({ draft: true, date: '2018-05-05', tags: ['Field Notes'] });
    expect(unpublished.fields.aliases).toBeUndefined();
  });

  it('should build without errors', () => {
    expect(site.result.ok).toBe(true);
    expect(site.result.diagnostics.filter((d) => d.severity === 'error' || d.rule === 'missing-image')).toEqual([]);
  });

  it('should convert highlight, raw, comment, post_url, link, include, site variables and relative_url', async () => {
    const page = await site.page('2016/01/24/welcome-to-the-courier/index.html');
    expect(toString(select('main pre code.language-ruby', page)!)).toContain('puts "Hot off the press"');
    expect(toString(select('main p code', page)!)).toBe('{{ page.title }}');
    expect(textOf(page)).not.toContain('Remember to thank the printers');
    for (const converted of [
      '{% highlight',
      '{% raw',
      '{% post_url',
      '{% link',
      'note.html',
      '{{ site',
      'relative_url',
    ])
      expect(textOf(page)).not.toContain(converted);
    const hrefs = selectAll('main a', page).map((a) => a.properties.href);
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/2017/03/02/river-levels-rising/',
        '/about/',
        '/guides/flood-safety/',
        '/2016/welcome-to-the-courier/report.pdf',
        // Links to another post by an old URL (a site path, or a whole URL of the old
        // site) go to the story itself, fragment kept; a link to a page that was not
        // imported goes to that page on the old site, which the new one does not have.
        '/2017/03/02/river-levels-rising/#levels',
        '/2017/03/02/river-levels-rising/',
        'https://courier.example.com/shop/',
      ]),
    );
    expect(await site.text('2016/welcome-to-the-courier/report.pdf')).toContain('%PDF');
    expect(textOf(page)).toContain('Subscriptions open on Monday.');
    expect(textOf(page)).toContain('https://github.com/riverside/courier');
    await publishedImg(select('main', page)!, site);
    const river = await site.page('2017/03/02/river-levels-rising/index.html');
    expect(select('main iframe', river)!.properties.src).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  });

  it('should keep includes and tags it cannot convert, and kramdown markup, visible and reported', async () => {
    const page = await site.page('2016/01/24/welcome-to-the-courier/index.html');
    expect(textOf(page)).toContain('{% include related.html %}');
    expect(textOf(page)).toContain('{: .logo}');
    expect(textOf(page)).toContain('{% if page.comments %}Comments are open.{% endif %}');
    const diagnostics = await diagnose('jekyll');
    expect(at(diagnostics, '2016-01-24-welcome-to-the-courier.markdown')).toEqual([
      { line: 20, column: 109, rule: 'import-link', severity: 'warning' },
      { line: 20, column: 149, rule: 'import-link', severity: 'warning' },
      { line: 24, column: 1, rule: 'import-unconverted', severity: 'warning' },
      { line: 29, column: 1, rule: 'import-unconverted', severity: 'warning' },
      { line: 31, column: 1, rule: 'import-unconverted', severity: 'warning' },
      // [the shop](/shop/): not a post, linked at the old site.
      { line: 33, column: 169, rule: 'import-link', severity: 'warning' },
    ]);
    expect(at(diagnostics, 'notes-without-date.md')).toEqual([
      { line: 1, column: 1, rule: 'import-skipped', severity: 'warning' },
    ]);
    expect(at(diagnostics, '2017-03-02-river-levels-rising.md')).toEqual([
      { line: 4, column: 1, rule: 'import-field', severity: 'warning' },
    ]);
    // Without --drafts, _drafts/ is not read at all.
    expect(diagnostics.some((d) => d.file.includes('_drafts'))).toBe(false);
  });
});

describe('broadsheet import eleventy', () => {
  let site: Awaited<ReturnType<typeof importAndBuild>>;
  beforeAll(async () => {
    site = await importAndBuild('eleventy');
  });

  it('should convert the posts collection from the data cascade, dates from front matter, file names or ---js', async () => {
    expect(site.imported.code).toBe(0);
    expect(site.imported.stdout).toContain('5 posts converted (1 draft)');
    expect((await article(site.dir, '2018/firstpost/index.md')).fields).toMatchObject({
      title: 'Valley council approves new library',
      dek: 'The vote passed eight to three.',
      date: '2018-05-01',
      authors: ['Lee Columnist'],
      tags: ['council'],
      aliases: ['/blog/firstpost/'],
    });
    expect((await article(site.dir, '2018/secondpost/index.md')).fields).toMatchObject({
      tags: ['council', 'library'],
      image: { src: 'header.png', alt: 'Plans for the library on the old depot site' },
    });
    expect((await article(site.dir, '2020/school-run.md')).fields).toMatchObject({
      date: '2020-02-02',
      slug: 'school-run',
      aliases: ['/news/school-run/'],
    });
    expect((await article(site.dir, '2023/fifthpost.md')).fields).toMatchObject({
      title: 'Bridge repairs start in spring',
      date: '2023-01-23',
      draft: true,
    });
  });

  it('should build without errors', () => {
    expect(site.result.ok).toBe(true);
    expect(site.result.diagnostics.filter((d) => d.severity === 'error' || d.rule === 'missing-image')).toEqual([]);
  });

  it('should convert Nunjucks highlight, raw, comments, include, image and youtube, and links to posts by input path', async () => {
    const page = await site.page('2018/05/01/firstpost/index.html');
    expect(toString(select('main pre code.language-js', page)!)).toBe('const votes = { yes: 8, no: 3 };\n');
    expect(textOf(page)).toContain('Templates print {{ title }} here.');
    expect(textOf(page)).not.toContain("an editor's note");
    expect((await publishedImg(select('main', page)!, site)).properties.alt).toBe('Council chamber during the vote');
    expect(textOf(page)).toContain('Thanks for reading Valley Ledger.');
    const hrefs = selectAll('main a', page).map((a) => a.properties.href);
    expect(hrefs).toEqual(expect.arrayContaining(['/2018/07/04/secondpost/', '/about/']));
    const second = await site.page('2018/07/04/secondpost/index.html');
    expect(select('main iframe', second)!.properties.src).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    const fourth = await site.page('2018/09/30/fourthpost/index.html');
    await publishedImg(select('main', fourth)!, site);
  });

  it('should keep Nunjucks it cannot run visible, and report it', async () => {
    const page = await site.page('2018/05/01/firstpost/index.html');
    expect(textOf(page)).toContain('{% set total = 11 %}{{ total }} councillors voted.');
    expect(at(await diagnose('eleventy'), 'firstpost.md')).toEqual([
      { line: 18, column: 58, rule: 'import-link', severity: 'warning' },
      { line: 24, column: 1, rule: 'import-unconverted', severity: 'warning' },
      { line: 24, column: 21, rule: 'import-unconverted', severity: 'warning' },
    ]);
  });
});

describe('writing the articles', () => {
  it('should never overwrite a file unless --force, and write the same bytes every time', async () => {
    const dir = await workspace();
    const args = ['import', 'hugo', path.join(FIXTURES, 'hugo'), '--out', 'articles'];
    expect((await run(args, dir)).code).toBe(0);
    const first = await listFiles(path.join(dir, 'articles'));
    const bytes = await Promise.all(first.map((f) => readFile(path.join(dir, 'articles', f))));
    const edited = path.join(dir, 'articles/2024/new-pier-plans-draft.md');
    await writeFile(edited, 'edited by hand\n');

    const again = await run(args, dir);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('0 of 4 posts converted');
    expect(again.stderr).toContain('[import-exists]');
    expect(await readFile(edited, 'utf8')).toBe('edited by hand\n');

    const forced = await run([...args, '--force'], dir);
    expect(forced.code).toBe(0);
    expect(await listFiles(path.join(dir, 'articles'))).toEqual(first);
    expect(await Promise.all(first.map((f) => readFile(path.join(dir, 'articles', f))))).toEqual(bytes);
  });

  it('should write nothing outside --out, even through a link inside it', async () => {
    const dir = await workspace();
    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    await mkdir(path.join(dir, 'articles'));
    await symlink(outside, path.join(dir, 'articles/2024'));
    const result = await run(['import', 'hugo', path.join(FIXTURES, 'hugo'), '--out', 'articles'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[output-unsafe]');
    expect(await listFiles(outside)).toEqual([]);
    expect(await listFiles(path.join(dir, 'articles/2023'))).toContain(
      'harbour-lights-switched-on-for-winter/index.md',
    );
  });

  it('should write nothing on --dry-run', async () => {
    const dir = await workspace();
    const result = await run(
      ['import', 'jekyll', path.join(FIXTURES, 'jekyll'), '--out', 'articles', '--dry-run'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing written (dry run)');
    expect(await listFiles(dir)).toEqual(['broadsheet.config.json']);
  });

  it('should write the other posts when one cannot be converted, and exit 1', async () => {
    const dir = await workspace();
    const src = path.join(dir, 'old');
    await cp(path.join(FIXTURES, 'jekyll'), src, { recursive: true });
    await writeFile(path.join(src, '_posts/2020-01-01-broken.md'), '---\ntitle: [unclosed\n---\nText.\n');
    await writeFile(path.join(src, '_posts/2020-01-02-untitled.md'), '---\nlayout: post\n---\nText.\n');
    await writeFile(path.join(src, '_posts/2020-01-03-code.md'), '---js\nconst title = compute();\n---\nText.\n');
    const result = await run(['import', 'jekyll', 'old', '--out', 'articles'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 of 6 posts converted');
    const lines = result.stderr.split('\n').filter((l) => l.includes(': error '));
    expect(lines.map((l) => l.split(': error ')[0])).toEqual([
      'old/_posts/2020-01-01-broken.md:2:17',
      'old/_posts/2020-01-03-code.md:1:1',
    ]);
    // Jekyll names an untitled post after its file.
    expect((await article(dir, '2020/untitled.md')).fields.title).toBe('Untitled');
  });
});

describe('hostile input', () => {
  it('should convert Markdown nested thousands of levels deep, leaving its file references as written', async () => {
    const dir = await workspace();
    const nested = `${'> '.repeat(3000)}quote\n\n${Array.from({ length: 2000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`;
    await mkdir(path.join(dir, 'old/_posts'), { recursive: true });
    await writeFile(path.join(dir, 'old/_posts/2020-01-01-deep.md'), `---\ntitle: Deep\n---\n${nested}`);
    await writeFile(
      path.join(dir, 'old/_posts/2020-01-02-tags.md'),
      `---\ntitle: Tags\n---\n${'{{ '.repeat(20_000)}\n`,
    );
    const result = await run(['import', 'jekyll', 'old', '--out', 'articles'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 posts converted');
    expect(result.stderr).toContain('old/_posts/2020-01-01-deep.md:4:1: warning Markdown nested 6000 characters deep');
    expect((await article(dir, '2020/deep.md')).body.trim()).toBe(nested.trim());
  });
});

describe('the import command', () => {
  it('should be listed in the main help and explain every option, the field mapping and the exit codes', async () => {
    expect((await run(['--help'], REPO)).stdout).toContain('  import ');
    const help = await run(['import', '--help'], REPO);
    expect(help.code).toBe(0);
    for (const text of [
      '--out',
      '--force',
      '--dry-run',
      '--drafts',
      '--section',
      '--collection',
      '--rename',
      '--config',
      '--reporter',
      '--quiet',
      'Exit status: 0',
    ])
      expect(help.stdout, text).toContain(text);
  });

  it('should exit 2 on bad usage', async () => {
    const dir = await workspace();
    expect((await run(['import'], dir)).code).toBe(2);
    const wordpress = await run(['import', 'wordpress', '.'], dir);
    expect(wordpress.code).toBe(2);
    expect(wordpress.stderr).toContain('"wordpress" is not hugo, jekyll or eleventy');
    expect((await run(['import', 'hugo'], dir)).code).toBe(2);
    expect((await run(['import', 'hugo', 'no-such-folder'], dir)).stderr).toContain('no-such-folder is not a folder');
    expect((await run(['import', 'hugo', '.', '--rename', 'x'], dir)).code).toBe(2);
    expect((await run(['import', 'hugo', '.', '--out', '.'], dir)).code).toBe(2);
  });

  it("should follow a relative link to another post from the post's old page, and send one to a page not imported to the old site", async () => {
    const { dir, imported } = await importJekyll('url: https://old.example.com\npermalink: pretty\n', {
      '2020-01-01-first.md': '---\ntitle: First\n---\nThe first.\n',
      '2020-01-02-second.md':
        '---\ntitle: Second\n---\nAfter [the first](../../01/first/#top) and [our team](../../../../about/).\n',
    });
    expect(imported.stderr).toContain(
      'link to "../../../../about/": not an imported post; linked at the old site, https://old.example.com/about/',
    );
    const { body } = await article(dir, '2020/second.md');
    expect(body).toContain('[the first](/2020/01/01/first/#top)');
    expect(body).toContain('[our team](https://old.example.com/about/)');
  });

  it("should find an image shortcode's picture from the project folder, as eleventy-img does", async () => {
    const dir = await workspace();
    const src = path.join(dir, 'old');
    await mkdir(path.join(src, 'content/posts'), { recursive: true });
    await mkdir(path.join(src, 'assets/blog/eiti'), { recursive: true });
    await writeFile(path.join(src, 'assets/blog/eiti/eiti1.jpg'), 'not decoded by the import');
    await writeFile(path.join(src, 'content/posts/posts.json'), '{ "tags": ["posts"] }');
    await writeFile(
      path.join(src, 'content/posts/2015-03-17-eiti.md'),
      '---\ntitle: EITI\n---\n{% image "assets/blog/eiti/eiti1.jpg", "A chart of payments" %}\n',
    );
    await writeFile(path.join(src, 'eleventy.config.js'), 'export const config = { dir: { input: "content" } };\n');
    const imported = await run(['import', 'eleventy', 'old', '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toContain('import-missing-file');
    expect((await article(dir, '2015/2015-03-17-eiti/index.md')).body).toContain('![A chart of payments](eiti1.jpg)');
    expect(await readFile(path.join(dir, 'articles/2015/2015-03-17-eiti/eiti1.jpg'), 'utf8')).toBe(
      'not decoded by the import',
    );
  });

  it("should read a Hugo site's content from the folder a module mount names", async () => {
    const dir = await workspace();
    const src = path.join(dir, 'old');
    await mkdir(path.join(src, 'content/en/blog'), { recursive: true });
    await mkdir(path.join(src, 'content/en/docs'), { recursive: true });
    await writeFile(
      path.join(src, 'hugo.toml'),
      'baseURL = "https://old.example.com/"\n[[module.mounts]]\nsource = "content/en"\ntarget = "content"\n',
    );
    await writeFile(path.join(src, 'content/en/blog/launch.md'), '---\ntitle: Launch\ndate: 2023-05-01\n---\nText.\n');
    await writeFile(path.join(src, 'content/en/blog/update.md'), '---\ntitle: Update\ndate: 2023-06-01\n---\nText.\n');
    await writeFile(path.join(src, 'content/en/docs/intro.md'), '---\ntitle: Intro\n---\nText.\n');
    const imported = await run(['import', 'hugo', 'old', '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 posts converted');
    expect((await article(dir, '2023/launch.md')).fields.aliases).toEqual(['/blog/launch/']);
  });

  it('should keep the links of a figure caption written in Markdown, and say when a figure has no alt text', async () => {
    const dir = await oldSite({
      'hugo.toml': 'baseURL = "https://old.example.com/"\n',
      'content/blog/chart.png': 'not decoded by the import',
      'content/blog/perf.md':
        '---\ntitle: Perf\ndate: 2023-05-01\n---\n{{< figure src="chart.png" caption="Sample [benchmark results](https://example.com/bench)" >}}\n\n{{< figure src="chart.png" >}}\n',
    });
    const imported = await run(['import', 'hugo', 'old', '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('figure "chart.png" has neither alt text nor a caption: published as decorative');
    const { body } = await article(dir, '2023/perf/index.md');
    const html = fromHtml(body, { fragment: true });
    const figure = select('figure', html)!;
    expect(select('img', figure)?.properties.alt).toBe('Sample benchmark results');
    expect(select('figcaption a', figure)?.properties.href).toBe('https://example.com/bench');
    expect(toString(select('figcaption', figure)!)).toBe('Sample benchmark results');
  });

  it('should import a Hugo site whose baseURL is only a path, keeping its site-rooted links', async () => {
    const dir = await oldSite({
      'hugo.toml': 'baseURL = "/"\ntitle = "x"\n',
      'content/posts/hello.md': '---\ntitle: Hello\ndate: 2024-01-02T10:00:00Z\n---\n\nSee [about](/about/).\n',
    });
    const imported = await run(['import', 'hugo', 'old', '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("the old site's config names no URL to link it at; kept as written");
    expect((await article(dir, '2024/hello.md')).body.trim()).toBe('See [about](/about/).');
  });

  it('should turn emoji shortcodes into emoji where the old site did, outside code', async () => {
    const dir = await oldSite({
      'hugo.toml': 'baseURL = "https://old.example.com/"\nenableEmoji = true\n',
      'content/posts/update.md':
        '---\ntitle: Update\ndate: 2022-01-31T10:00:00Z\n---\n\n#### :lock: Security enhancements\n\nThanks :+1: but not `:lock:` nor :notanemoji:.\n',
    });
    const imported = await run(['import', 'hugo', 'old', '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await article(dir, '2022/update.md')).body.trim()).toBe(
      '#### \u{1F512} Security enhancements\n\nThanks \u{1F44D} but not `:lock:` nor :notanemoji:.',
    );
  });

  it('should say which Hugo section it chose when not told, and how to pick another', async () => {
    const post = (title: string) => `---\ntitle: ${title}\ndate: 2024-01-02T10:00:00Z\n---\nText.\n`;
    const dir = await oldSite({
      'hugo.toml': 'baseURL = "https://old.example.com/"\n',
      'content/docs/a.md': post('A'),
      'content/docs/b.md': post('B'),
      'content/blog/c.md': post('C'),
    });
    const imported = await run(['import', 'hugo', 'old', '--out', 'articles', '--dry-run'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout.split('\n')[0]).toBe(
      'Imported section "docs", the one with the most pages (of docs 2, blog 1); --section picks others.',
    );
    const told = await run(['import', 'hugo', 'old', '--out', 'articles', '--dry-run', '--section', 'blog'], dir);
    expect(told.stdout).not.toContain('Imported section');
  });

  it('should import a date whose offset is past any in use, at the instant Jekyll read', async () => {
    const { dir } = await importJekyll('url: https://old.example.com\n', {
      '2020-05-28-tumbleweed.md': '---\ntitle: Tumbleweed\ndate: 2020-05-28 14:15:14+15:00\n---\nText.\n',
    });
    const { fields } = await article(dir, '2020/tumbleweed.md');
    expect(fields.date).toBe('2020-05-28T13:15:14+14:00');
    expect(Date.parse(String(fields.date))).toBe(Date.parse('2020-05-27T23:15:14Z'));
    const built = await buildSite(dir, CONFIG, { now: NOW });
    expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('should read a locale written as Ruby writes it as a language tag', async () => {
    const { dir } = await importJekyll('url: https://old.example.com\n', {
      '2026-03-05-zlib.md': '---\ntitle: 緩衝區溢位\nlang: zh_tw\n---\nText.\n',
    });
    const [file] = await listFiles(path.join(dir, 'articles'));
    expect((await article(dir, file!)).fields.lang).toBe('zh-TW');
  });

  it("should read the old site's absolute URLs in every form as its pages and files", async () => {
    const dir = await oldSite({
      '_config.yml': 'url: https://news.example.org\n',
      'img/logo.png': 'not decoded by the import',
      '_posts/2020-06-01-second.md': '---\ntitle: Second\n---\nText.\n',
      '_posts/2020-06-02-first.md':
        '---\ntitle: First\n---\n[a](//news.example.org/2020/06/01/second.html) [b](http://news.example.org/about/) [c](//other.example/x/)\n\n![Logo](//news.example.org/img/logo.png)\n\n[![Full](/img/logo.png)](/img/logo.png)\n\n![Upload](//news.example.org/uploads/gone.png)\n',
    });
    const imported = await run(['import', 'jekyll', 'old', '--out', 'articles'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(
      'link to "http://news.example.org/about/": not an imported post; linked at the old site, https://news.example.org/about/',
    );
    expect(imported.stderr).toContain(
      `"//news.example.org/uploads/gone.png" is not among the old site's files; it stays at the old site's address`,
    );
    const { body } = await article(dir, '2020/first/index.md');
    expect(body.trim()).toBe(
      '[a](/2020/06/01/second/) [b](https://news.example.org/about/) [c](//other.example/x/)\n\n![Logo](logo.png)\n\n[![Full](logo.png)](logo.png)\n\n![Upload](//news.example.org/uploads/gone.png)',
    );
    expect(await readFile(path.join(dir, 'articles/2020/first/logo.png'), 'utf8')).toBe('not decoded by the import');
  });

  it('should read bylines written as Markdown links as authors with their URLs', async () => {
    const { dir, imported } = await importJekyll('url: https://old.example.com\n', {
      '2020-01-01-kubecon.md':
        "---\ntitle: KubeCon\nauthor: '[Austin Parker](https://github.com/austinlparker) (Honeycomb), [Jane Doe](https://example.com/jane)'\n---\nText.\n",
    });
    expect(imported.stderr).toContain(
      'read as 2 bylines "Austin Parker", "Jane Doe" with their links; left out: (Honeycomb)',
    );
    expect((await article(dir, '2020/kubecon.md')).fields.authors).toEqual([
      { name: 'Austin Parker', url: 'https://github.com/austinlparker' },
      { name: 'Jane Doe', url: 'https://example.com/jane' },
    ]);
  });

  it('should say what the old site has when nothing is found to import', async () => {
    const dir = await workspace();
    const hugo = path.join(dir, 'hugo');
    await mkdir(path.join(hugo, 'content/blog'), { recursive: true });
    await writeFile(path.join(hugo, 'hugo.toml'), 'baseURL = "https://old.example.com/"\n');
    await writeFile(path.join(hugo, 'content/blog/a.md'), '---\ntitle: A\ndate: 2020-01-01\n---\nA.\n');
    const section = await run(['import', 'hugo', 'hugo', '--section', 'nosuch', '--dry-run'], dir);
    expect(section.code).toBe(1);
    expect(section.stderr).toContain('no pages in section "nosuch" of hugo/content; its sections: blog (1)');
    const eleventy = path.join(dir, 'eleventy');
    await mkdir(path.join(eleventy, 'posts'), { recursive: true });
    await writeFile(path.join(eleventy, 'posts/a.md'), '---\ntitle: A\ndate: 2020-01-01\ntags: [news]\n---\nA.\n');
    const collection = await run(['import', 'eleventy', 'eleventy', '--dry-run'], dir);
    expect(collection.code).toBe(1);
    expect(collection.stderr).toContain(
      'no page is in the collection "posts" (the tags Eleventy makes its collections of); the tags found: news (1)',
    );
    expect((await run(['import', 'eleventy', 'eleventy', '--dry-run', '--collection', 'news'], dir)).code).toBe(0);
  });

  it('should read fields under other names with --rename', async () => {
    const dir = await workspace();
    const src = path.join(dir, 'old');
    await mkdir(path.join(src, 'content/blog'), { recursive: true });
    await writeFile(
      path.join(src, 'content/blog/2021-09-03-news.md'),
      '---\nnewstitle: Two million downloads\n---\nThanks!\n',
    );
    await writeFile(
      path.join(src, 'content/blog/blog.json'),
      '{ "tags": ["blog"], "permalink": "/blog/{{ page.fileSlug }}/" }',
    );
    await writeFile(path.join(src, 'eleventy.config.js'), 'export const config = { dir: { input: "content" } };\n');
    // Without it, the message says which field may be the headline.
    const without = await run(['import', 'eleventy', 'old', '--dry-run'], dir);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('the post has no title (it has "newstitle")');
    expect(without.stderr).toContain('If "newstitle" is the headline, import with --rename newstitle=title.');
    const result = await run(['import', 'eleventy', 'old', '--out', 'articles', '--rename', 'newstitle=title'], dir);
    expect(result.code).toBe(0);
    expect((await article(dir, '2021/news.md')).fields).toMatchObject({
      title: 'Two million downloads',
      date: '2021-09-03',
      aliases: ['/blog/news/'],
    });
  });
});

describe('reading other generators’ front matter', () => {
  it('should read TOML, JSON and literal-only JavaScript, keeping dates as written', () => {
    const toml = readFrontMatter(
      '+++\ntitle = "T"\ndate = 2015-11-09T10:00:00-05:00\nday = 2015-11-09\n+++\nBody',
      'a.md',
    );
    expect(Array.isArray(toml) ? toml : toml.fields).toEqual({
      title: 'T',
      date: '2015-11-09T10:00:00-05:00',
      day: '2015-11-09',
    });
    const json = readFrontMatter('{\n  "title": "J",\n  "tags": ["a"]\n}\n\nBody', 'b.md');
    expect(Array.isArray(json) ? json : [json.fields, json.body, json.bodyLine]).toEqual([
      { title: 'J', tags: ['a'] },
      '\nBody',
      5,
    ]);
    const js = readFrontMatter(
      '---js\nconst title = `Fifth`;\nlet tags = ["a", \'b\'];\nconst draft = true;\n---\nBody',
      'c.md',
    );
    expect(Array.isArray(js) ? js : js.fields).toEqual({ title: 'Fifth', tags: ['a', 'b'], draft: true });
    const code = readFrontMatter('---js\nconst title = makeTitle();\n---\n', 'd.md');
    expect(Array.isArray(code) && code.map((d) => d.rule)).toEqual(['front-matter-language']);
  });

  it('should read YAML as Jekyll and Hugo do, and point at the key a value came from', () => {
    const yaml = readFrontMatter('---\ntitle: T\npublished: no\ndate: 2016-01-24 10:00:00 -0500\n---\nBody', 'e.md');
    if (Array.isArray(yaml)) throw new Error('did not parse');
    expect(yaml.fields).toEqual({ title: 'T', published: false, date: '2016-01-24 10:00:00 -0500' });
    expect(yaml.locate('date')).toEqual({ line: 4, column: 1 });
  });

  it('should read YAML that js-yaml (Eleventy) takes and YAML refuses, with a warning', () => {
    const text =
      '---\ntitle: "How to run your own 3-sprint agile\nworkshop"\ndate: 2014-10-21\ntags: [agile]\n---\nBody';
    const read = readFrontMatter(text, 'f.md');
    if (Array.isArray(read)) throw new Error(JSON.stringify(read));
    expect(read.fields).toEqual({
      title: 'How to run your own 3-sprint agile workshop',
      date: '2014-10-21',
      tags: ['agile'],
    });
    expect(read.locate('date')).toEqual({ line: 4, column: 1 });
    expect(read.warnings?.map((d) => [d.rule, d.severity, d.line])).toEqual([['yaml-syntax', 'warning', 2]]);
    // What neither reads is an error, as before.
    const broken = readFrontMatter('---\ntitle: "never closed\n---\nBody', 'g.md');
    expect(Array.isArray(broken) && broken.map((d) => [d.rule, d.severity])).toEqual([['yaml-syntax', 'error']]);
  });

  it('should rewrite the date formats the generators accept as ISO 8601', () => {
    expect(normaliseDate('2016-1-5 9:30:00 +0100')).toBe('2016-01-05T09:30:00+01:00');
    expect(normaliseDate('2016-01-05T09:30:00.000Z')).toBe('2016-01-05T09:30:00Z');
    // YAML 1.1 allows an offset of hours alone, in one digit.
    expect(normaliseDate('2015-03-17 14:00:00 -4')).toBe('2015-03-17T14:00:00-04:00');
    expect(normaliseDate('2015-03-17 14:00:00 +05')).toBe('2015-03-17T14:00:00+05:00');
    expect(normaliseDate('2015-03-17 14:00:00 +0530')).toBe('2015-03-17T14:00:00+05:30');
    expect(normaliseDate('2016-01-05')).toBe('2016-01-05');
    expect(normaliseDate('2016-01-05 09:30', 'America/New_York')).toBe('2016-01-05T09:30:00-05:00');
    expect(normaliseDate('2016-01-05 09:30')).toBe('2016-01-05T09:30:00');
    expect(normaliseDate('May 5, 2021')).toBe('2021-05-05');
    expect(normaliseDate('yesterday')).toBeUndefined();
    expect(normaliseDate('2016-02-30')).toBeUndefined();
  });
});
