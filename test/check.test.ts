import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSite } from '../src/check/check.ts';
import { folderFiles } from '../src/check/site-files.ts';
import type { UserConfig } from '../src/config/config.ts';
import { article, buildSite, cli, listFiles, removeDir, selectAll, tempSite } from './helpers.ts';

const URL_NEWS = 'https://example.org/news/';
const PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><title>pixel</title></svg>';

/** Three linked stories, one with an image and a heading to link to. */
const FIXTURE = {
  'articles/first.md': article(
    {
      title: 'First story',
      slug: 'first',
      section: 'world',
      tags: '[Rivers]',
      image: '{ src: images/pic.svg, alt: A pixel }',
    },
    '## Background\n\nSee [the second](/news/2024/01/02/second/#details) and [below](#background).',
  ),
  'articles/second.md': article(
    { title: 'Second story', slug: 'second', date: '2024-01-02T11:00:00Z' },
    '## Details\n\nText.',
  ),
  'articles/third.md': article(
    { title: 'Third story', slug: 'third', date: '2024-01-02T12:00:00Z' },
    'Back to [the first](/news/2024/01/02/first/).',
  ),
  'articles/images/pic.svg': PIXEL,
};

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function site(
  files: Record<string, string> = FIXTURE,
  config: UserConfig = { url: URL_NEWS },
  options: { compress?: boolean } = {},
) {
  const dir = await tempSite(files);
  dirs.push(dir);
  const built = await buildSite(dir, config, options);
  expect(built.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return built;
}

const check = async (out: string, siteUrl = URL_NEWS) => checkSite({ siteUrl, files: await folderFiles(out, out) });
const rules = (report: Awaited<ReturnType<typeof check>>) => [...new Set(report.diagnostics.map((d) => d.rule))].sort();
/** The one photo file of the fixture's picture (pictures are published under _photos/, as the photo stage made them). */
const photoFile = async (out: string) => {
  const [name, ...more] = await readdir(path.join(out, '_photos'));
  expect(more).toEqual([]);
  return `_photos/${name}`;
};
const edit = async (file: string, change: (text: string) => string) =>
  writeFile(file, change(await readFile(file, 'utf8')));

describe('broadsheet check', () => {
  it('should pass a freshly built site and say what it looked at', async () => {
    const { out } = await site();
    const report = await check(out);
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary.stories).toBe(3);
    expect(report.summary.feeds).toBeGreaterThanOrEqual(3);
    expect(report.summary.sitemaps).toBeGreaterThanOrEqual(2);
    expect(report.summary.links).toBeGreaterThan(50);
  });

  it('should find a missing file wherever it is linked from', async () => {
    const { out } = await site();
    const picture = await photoFile(out);
    await rm(path.join(out, picture));
    await rm(path.join(out, '2024/01/02/second'), { recursive: true });
    const report = await check(out);
    expect(report.ok).toBe(false);
    const broken = report.diagnostics.filter((d) => d.rule === 'broken-link');
    const where = new Set(broken.map((d) => d.file.replace(/^.*?dist\//, '')));
    expect(where).toContain('2024/01/02/first/index.html');
    expect(where).toContain('sitemap-1.xml');
    expect(where).toContain('feed.xml');
    expect(broken.some((d) => d.reason.includes(picture))).toBe(true);
    expect(rules(report)).toContain('manifest-mismatch');
    for (const d of broken) expect(d.line).toBeGreaterThan(0);
  });

  it('should report a broken link shared by many pages five times, by file name, the last with a count of the rest', async () => {
    const { out, files } = await site();
    const html = (await files()).filter((rel) => rel.endsWith('.html')).sort();
    expect(html.length).toBeGreaterThan(8);
    for (const rel of html)
      await edit(path.join(out, rel), (text) => text.replace('</body>', '<a href="/news/gone/">gone</a></body>'));
    const broken = (await check(out)).diagnostics.filter((d) => d.rule === 'broken-link');
    expect(broken.map((d) => d.file)).toEqual(html.slice(0, 5));
    expect(broken.map((d) => d.reason.includes('more files'))).toEqual([false, false, false, false, true]);
    expect(broken[4]!.reason).toBe(`${broken[0]!.reason}; the same in ${html.length - 5} more files (not listed)`);
  });

  it('should find a link to an anchor the target page does not have', async () => {
    const files = {
      ...FIXTURE,
      'articles/third.md': article(
        { title: 'Third story', slug: 'third', date: '2024-01-02T12:00:00Z' },
        'See [this](#nowhere) and [that](/news/2024/01/02/second/#missing).',
      ),
    };
    const { out } = await site(files);
    const report = await check(out);
    const anchors = report.diagnostics.filter((d) => d.rule === 'broken-anchor');
    expect(anchors.map((d) => d.reason).sort()).toEqual([
      '"#nowhere": 2024/01/02/third/index.html has no element with id "nowhere"',
      '"/news/2024/01/02/second/#missing": 2024/01/02/second/index.html has no element with id "missing"',
    ]);
    expect(anchors.every((d) => d.file.endsWith('2024/01/02/third/index.html'))).toBe(true);
  });

  it('should find feeds that do not parse or lack what readers need', async () => {
    const { out } = await site();
    await edit(path.join(out, 'feed.xml'), (xml) => xml.slice(0, xml.length / 2));
    await edit(path.join(out, 'atom.xml'), (xml) => xml.replace(/<id>[^<]*<\/id>/, ''));
    await edit(path.join(out, 'feed.json'), (json) => json.replace('"items"', '"items" "oops"'));
    const report = await check(out);
    const byFile = (name: string) => report.diagnostics.filter((d) => d.file === name).map((d) => d.rule);
    expect(byFile('feed.xml')).toContain('invalid-xml');
    expect(byFile('atom.xml')).toContain('invalid-feed');
    expect(byFile('feed.json')).toContain('invalid-json');
    const xml = report.diagnostics.find((d) => d.rule === 'invalid-xml')!;
    expect(xml.line).toBeGreaterThan(1);
  });

  it('should find sitemap entries that are not absolute URLs, and dates in the wrong format', async () => {
    const { out } = await site();
    await edit(path.join(out, 'sitemap-1.xml'), (xml) =>
      xml.replace('<loc>https://example.org/news/', '<loc>/news/').replace(/<lastmod>[^<]*</, '<lastmod>yesterday<'),
    );
    await edit(path.join(out, 'world/feed.xml'), (xml) => xml.replace(/<pubDate>[^<]*</, '<pubDate>2024-01-02<'));
    await edit(path.join(out, 'world/atom.xml'), (xml) =>
      xml.replace(/<updated>[^<]*</, '<updated>Tue, 02 Jan 2024 10:00:00 GMT<'),
    );
    const report = await check(out);
    const reasons = (file: string) =>
      report.diagnostics.filter((d) => d.file === file).map((d) => `${d.rule}: ${d.reason}`);
    expect(reasons('sitemap-1.xml')).toContain('invalid-sitemap: <lastmod> "yesterday" is not a W3C Datetime');
    expect(reasons('sitemap-1.xml').some((r) => r.includes('is not an absolute URL'))).toBe(true);
    expect(reasons('world/feed.xml')).toContain('invalid-feed: <pubDate> "2024-01-02" is not an RFC 822 date');
    expect(reasons('world/atom.xml')).toContain(
      'invalid-feed: <updated> "Tue, 02 Jan 2024 10:00:00 GMT" is not an RFC 3339 date',
    );
  });

  it('should find a site built for another base URL', async () => {
    // Stories without links of their own: every link is made by Broadsheet for the URL it builds for.
    const plain = {
      'articles/a.md': article({ title: 'A story', slug: 'a', section: 'world' }),
      'articles/b.md': article({ title: 'B story', slug: 'b', tags: '[Rivers]' }),
    };
    // Built for the root of the host, published under /news/.
    const atRoot = await site(plain, { url: 'https://example.org/' });
    const report = await check(atRoot.out, URL_NEWS);
    expect(rules(report)).toContain('outside-base-path');
    // Built without a URL at all (localhost), published at example.org.
    const local = await site(plain, {});
    const foreign = await check(local.out, 'https://example.org/');
    expect(rules(foreign)).toContain('foreign-site-url');
    // Checked for the URL it was built for, both pass.
    expect((await check(atRoot.out, 'https://example.org/')).ok).toBe(true);
  });

  it('should find story pages without canonical link or structured data, and empty pages', async () => {
    const { out } = await site();
    await edit(path.join(out, '2024/01/02/first/index.html'), (html) =>
      html
        .replace(/<link rel="canonical"[^>]*>/, '')
        .replace(/<script type="application\/ld\+json">.*?<\/script>/g, ''),
    );
    await writeFile(path.join(out, '2024/01/02/second/index.html'), '');
    await edit(path.join(out, '2024/01/02/third/index.html'), (html) =>
      html.replace(/<body>.*<\/body>/s, '<body></body>'),
    );
    const report = await check(out);
    const at = (rel: string) => report.diagnostics.filter((d) => d.file.endsWith(rel)).map((d) => d.rule);
    expect(at('first/index.html')).toEqual(expect.arrayContaining(['missing-canonical', 'missing-structured-data']));
    expect(at('second/index.html')).toContain('empty-page');
    expect(at('third/index.html')).toContain('empty-page');
  });

  it('should list, as warnings, every picture of a story page published without alt text (altText: "warn")', async () => {
    const built = await site(
      {
        'articles/a.md': article(
          { title: 'Archive story', image: '{ src: images/pic.svg, alt: "" }' },
          'Text.\n\n![](images/pic.svg)\n\n![A pixel](images/pic.svg)',
        ),
        'articles/images/pic.svg': PIXEL,
      },
      { url: URL_NEWS, altText: 'warn' },
    );
    expect(built.result.ok).toBe(true);
    expect(built.result.diagnostics.filter((d) => d.rule === 'missing-alt')).toMatchObject([
      { severity: 'warning', file: 'articles/a.md', line: 4 },
      { severity: 'warning', file: 'articles/a.md', line: 9 },
    ]);
    const page = await built.page('2024/01/02/archive-story/index.html');
    expect(selectAll('img', page).map((img) => img.properties.alt)).toEqual(['', '', 'A pixel']);
    const report = await check(built.out);
    expect(report.ok).toBe(true);
    const listed = report.diagnostics.filter((d) => d.rule === 'missing-alt');
    expect(listed.map((d) => [d.file, d.severity])).toEqual([
      ['2024/01/02/archive-story/index.html', 'warning'],
      ['2024/01/02/archive-story/index.html', 'warning'],
    ]);
    expect(listed[0]!.reason).toContain(`/news/${await photoFile(built.out)}`);
  });

  it('should find dev-server code in the output', async () => {
    const { out } = await site();
    await edit(path.join(out, 'index.html'), (html) =>
      html.replace('</body>', '<script src="/news/__broadsheet/client.js"></script></body>'),
    );
    expect(rules(await check(out))).toContain('dev-code');
  });

  it("should find inline code the site's Content-Security-Policy blocks, and accept it when the policy allows its hash", async () => {
    const inject = (html: string) =>
      html.replace('</body>', '<script>document.title = "x"</script><p style="color: red">Hi</p></body>');
    const strict = await site();
    await edit(path.join(strict.out, 'index.html'), inject);
    const blocked = (await check(strict.out)).diagnostics.filter((d) => d.rule === 'csp-violation');
    expect(blocked.map((d) => d.reason).sort()).toEqual([
      'a style attribute is blocked by the Content-Security-Policy (style-src)',
      'an inline <script> is blocked by the Content-Security-Policy (script-src)',
    ]);

    const hash = createHash('sha256').update('document.title = "x"').digest('base64');
    const allowing = await site(FIXTURE, {
      url: URL_NEWS,
      headers: {
        contentSecurityPolicy: `default-src 'self'; script-src 'self' 'sha256-${hash}'; style-src 'self' 'unsafe-inline'`,
      },
    });
    await edit(path.join(allowing.out, 'index.html'), inject);
    expect(rules(await check(allowing.out))).not.toContain('csp-violation');
  });

  it('should find files that do not match the manifest or their compressed copies', async () => {
    const { out } = await site(FIXTURE, { url: URL_NEWS }, { compress: true });
    expect((await check(out)).diagnostics).toEqual([]);
    await writeFile(path.join(out, 'stray.txt'), 'left over');
    await writeFile(path.join(out, 'index.html.gz'), gzipSync('something else'));
    const report = await check(out);
    expect(report.diagnostics.filter((d) => d.rule === 'manifest-mismatch').map((d) => d.reason)).toEqual([
      'index.html.gz differs from its manifest entry',
      'stray.txt is not listed',
    ]);
    expect(
      report.diagnostics.filter((d) => d.rule === 'compressed-mismatch').map((d) => path.basename(d.file)),
    ).toEqual(['index.html.gz']);
  });

  it('should fail `build --check` on a broken link and leave the output as it was', async () => {
    const { out } = await site();
    const before = await listFiles(out);
    const dir = path.dirname(out);
    await writeFile(
      path.join(dir, 'articles/fourth.md'),
      article(
        { title: 'Fourth story', slug: 'fourth', date: '2024-01-03T10:00:00Z' },
        'A [dead link](/news/nothing-here/).',
      ),
    );
    const again = await buildSite(dir, { url: URL_NEWS }, { check: true });
    expect(again.result.ok).toBe(false);
    const broken = again.result.diagnostics.find((d) => d.rule === 'broken-link')!;
    expect(broken.file).toBe('dist/2024/01/03/fourth/index.html');
    // The page is named, and the article it is made from, where the link is to fix.
    expect(broken.reason).toMatch(/ \(the page of articles\/fourth\.md\)$/);
    expect(await listFiles(out)).toEqual(before);
    // Fixed, the checked build goes through.
    await writeFile(
      path.join(dir, 'articles/fourth.md'),
      article(
        { title: 'Fourth story', slug: 'fourth', date: '2024-01-03T10:00:00Z' },
        'A [live link](/news/2024/01/02/first/).',
      ),
    );
    const fixed = await buildSite(dir, { url: URL_NEWS }, { check: true });
    expect(fixed.result.ok).toBe(true);
    // A rebuild checks the files it wrote: the new story's page among them, not every page.
    const pages = (await listFiles(out)).filter((f) => f.endsWith('.html')).length;
    expect(fixed.result.checked?.stories).toBeGreaterThanOrEqual(1);
    expect(fixed.result.checked?.pages).toBeLessThan(pages);
    expect(await listFiles(out)).toContain('2024/01/03/fourth/index.html');

    // A link from a written page to an anchor of an unchanged one is still followed.
    await writeFile(
      path.join(dir, 'articles/fourth.md'),
      article(
        { title: 'Fourth story', slug: 'fourth', date: '2024-01-03T10:00:00Z' },
        'A [link to nowhere in a page](/news/2024/01/02/first/#no-such-heading).',
      ),
    );
    const anchored = await buildSite(dir, { url: URL_NEWS }, { check: true });
    expect(anchored.result.ok).toBe(false);
    expect(anchored.result.diagnostics.map((d) => d.rule)).toContain('broken-anchor');
  });
});

describe('broadsheet check on the command line', () => {
  it('should print a JSON report and exit 1 when there are problems', async () => {
    const { out } = await site();
    const dir = path.dirname(out);
    await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ url: URL_NEWS }));
    const clean = await cli(['check', '--json'], dir);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({
      ok: true,
      dir: 'dist',
      siteUrl: URL_NEWS,
      summary: { stories: 3, errors: 0 },
    });

    await rm(path.join(out, await photoFile(out)));
    const broken = await cli(['check', 'dist', '--json'], dir);
    expect(broken.code).toBe(1);
    const json = JSON.parse(broken.stdout) as {
      ok: boolean;
      problems: { file: string; line: number; rule: string; hint: string }[];
    };
    expect(json.ok).toBe(false);
    const problem = json.problems.find((p) => p.rule === 'broken-link')!;
    expect(problem.file).toBe('dist/2024/01/02/first/index.html');
    expect(problem.hint).not.toBe('');
  });

  it('should say once that a site was built for another URL, instead of calling every link broken', async () => {
    const { out } = await site();
    const dir = path.dirname(out);
    const other = await cli(['check', '--base-url', 'https://example.org/'], dir);
    expect(other.code).toBe(2);
    expect(other.stderr.trim()).toBe(
      `broadsheet check: dist was built for ${URL_NEWS}, not https://example.org/: check it with --base-url ${URL_NEWS}, or build it for https://example.org/`,
    );
    expect(other.stdout).toBe('');
    expect((await cli(['check', '--base-url', URL_NEWS], dir)).code).toBe(0);
  });

  it('should print GitHub annotations with --reporter github and under CI=true', async () => {
    const { out } = await site();
    const dir = path.dirname(out);
    await rm(path.join(out, await photoFile(out)));
    for (const [args, env] of [
      [['--reporter', 'github'], {}],
      [[], { CI: 'true' }],
    ] as const) {
      const result = await cli(['check', '--base-url', URL_NEWS, ...args], dir, env);
      expect(result.code).toBe(1);
      const annotations = result.stderr.split('\n').filter((line) => line.startsWith('::'));
      expect(annotations.length).toBeGreaterThan(0);
      const parsed = annotations.map(parseAnnotation);
      const link = parsed.find((a) => a.properties.title === 'Error [broken-link]')!;
      expect(link.command).toBe('error');
      expect(link.properties.file).toBe('dist/2024/01/02/first/index.html');
      expect(Number(link.properties.line)).toBeGreaterThan(0);
      expect(Number(link.properties.col)).toBeGreaterThan(0);
      expect(link.message).toMatch(/_photos\/[0-9a-f]+\.svg[\s\S]*\nhint: /);
      // No human report (code frames) in between.
      expect(result.stderr).not.toContain(' | ');
    }
  });

  it('should annotate article errors of a build on the line they are on', async () => {
    const dir = await tempSite({ 'articles/bad.md': '---\ntitle: Fine\ndate: not a date\n---\n\nText.\n' });
    dirs.push(dir);
    const result = await cli(['build', '--reporter', 'github', '--no-cache'], dir);
    expect(result.code).toBe(1);
    const annotation = parseAnnotation(result.stderr.split('\n').find((line) => line.startsWith('::error'))!);
    expect(annotation.properties).toMatchObject({ file: 'articles/bad.md', line: '3', title: 'Error [invalid-date]' });
  });
});

/** Read a GitHub workflow command: `::error file=a,line=1::message`, unescaping as GitHub does. */
function parseAnnotation(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not an annotation: ${line}`);
  const unescape = (text: string) =>
    text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    match[2]!.split(',').map((pair) => {
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), unescape(pair.slice(eq + 1))];
    }),
  );
  return { command: match[1]!, properties, message: unescape(match[3]!) };
}
