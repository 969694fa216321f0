import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogue } from '../src/diagnostics/errors.ts';
import { article, buildSite, cli, REPO, removeDir, select, selectAll, tempSite, toString } from './helpers.ts';

const dirs: string[] = [];
const site = async (files: Record<string, string | Uint8Array>) => {
  const dir = await tempSite(files);
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const LAYOUTS = path.join(REPO, 'layouts');

describe('invalid articles', () => {
  it('should report every bad article at once as path:line:column with a hint, exit 1, no stack trace', async () => {
    const dir = await site({
      'articles/good.md': article(),
      'articles/yaml.md': '---\ntitle: [oops\ndate: 2024-01-01\n---\nx',
      'articles/no-title.md': '---\ndate: 2024-01-01\n---\nx',
      'articles/bad-date.md': '---\ntitle: T\ndate: yesterday\n---\nx',
      'articles/js.md': '---js\n{ title: "x" }\n---\nx',
      'articles/empty.md': '',
      'articles/utf8.md': Buffer.concat([
        Buffer.from('---\ntitle: '),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('\ndate: 2024-01-01\n---\n'),
      ]),
      'articles/dup-a.md': article({ slug: 'same' }),
      'articles/dup-b.md': article({ slug: 'same', title: 'Other' }),
      'articles/escape.md': article({ slug: '"../../etc"' }),
    });
    const { code, stderr, stdout } = await cli(['build', '--layouts', LAYOUTS, '--now', '2024-06-01T00:00:00Z'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.split('\n');
    const located = lines
      .filter((l) => /^articles\/[\w-]+\.md:\d+:\d+: error /.test(l))
      .map((l) => l.split(': error')[0]);
    expect(located).toEqual([
      'articles/bad-date.md:3:1',
      'articles/dup-a.md:4:1',
      'articles/dup-b.md:4:1',
      'articles/empty.md:1:1',
      'articles/escape.md:4:1',
      'articles/js.md:1:4',
      'articles/no-title.md:2:1',
      'articles/utf8.md:2:8',
      'articles/yaml.md:2:8',
    ]);
    expect(lines.filter((l) => l.startsWith('  hint: '))).toHaveLength(9);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(stderr).toContain('build failed: 9 errors');
  });

  it('should leave the previous output intact when a build fails', async () => {
    const dir = await site({ 'articles/a.md': article() });
    const ok = await cli(['build', '--layouts', LAYOUTS], dir);
    expect(ok.code).toBe(0);
    const before = await readFile(path.join(dir, 'dist/index.html'), 'utf8');
    await writeFile(path.join(dir, 'articles/b.md'), '---\ntitle: [\n---\n');
    expect((await cli(['build', '--layouts', LAYOUTS], dir)).code).toBe(1);
    expect(await readFile(path.join(dir, 'dist/index.html'), 'utf8')).toBe(before);
  });

  it('should refuse to replace a folder it did not write', async () => {
    const dir = await site({ 'articles/a.md': article(), 'precious/notes.txt': 'keep me' });
    const { code, stderr } = await cli(['build', '--layouts', LAYOUTS, '--out', 'precious'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('[output-unsafe]');
    expect(await readFile(path.join(dir, 'precious/notes.txt'), 'utf8')).toBe('keep me');
    // Inside the articles folder, each build would publish the last one's output again, within itself.
    const inside = await cli(['build', '--layouts', LAYOUTS, '--out', 'articles/site'], dir);
    expect([inside.code, inside.stderr]).toEqual([1, expect.stringContaining("whose files are the site's sources")]);
    expect(existsSync(path.join(dir, 'articles/site'))).toBe(false);
    const here = await cli(['build', '--layouts', LAYOUTS, '--out', '.'], dir);
    expect(here.code).toBe(1);
    expect(here.stderr).toContain(
      `the output folder ${dir} is the current folder, which the build would replace whole`,
    );
    const above = await cli(['build', '--layouts', LAYOUTS, '--out', '..'], dir);
    expect(above.code).toBe(1);
    expect(above.stderr).toContain(`the output folder ${path.dirname(dir)} holds the current folder, which the build`);
  });

  // A layout needs no imports: a hast tree is plain data.
  const plainLayout = "export default () => ({ type: 'element', tagName: 'html', properties: {}, children: [] });\n";
  const siteWithStoryLayout = (story: string) =>
    site({
      'articles/a.md': article(),
      'layouts/story.tsx': story,
      'layouts/front.tsx': plainLayout,
      'layouts/404.tsx': plainLayout,
      'layouts/listing.tsx': plainLayout,
      'layouts/search.tsx': plainLayout,
    });

  it('should report a layout that throws as a diagnostic naming the layout and the story', async () => {
    const dir = await siteWithStoryLayout("export default function story() {\n  throw new Error('boom');\n}\n");
    const { result } = await buildSite(dir, {}, { layouts: path.join(dir, 'layouts') });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toMatchObject([
      {
        rule: 'layout-error',
        file: 'layouts/story.tsx',
        line: 2,
        reason: expect.stringContaining('boom (while rendering articles/a.md)'),
      },
    ]);
  });

  it('should report one error thrown on many pages once, with how many more', async () => {
    const dir = await siteWithStoryLayout(
      "export default function story({ story }) {\n  if (story.title !== 'Fine') throw new Error('boom');\n  return <html />;\n}\n",
    );
    for (const n of [2, 3, 4]) await writeFile(path.join(dir, `articles/s${n}.md`), article({ title: `Story ${n}` }));
    await writeFile(path.join(dir, 'articles/fine.md'), article({ title: 'Fine' }));
    const { result } = await buildSite(dir, {}, { layouts: path.join(dir, 'layouts') });
    expect(result.diagnostics.map((d) => [d.rule, d.file, d.line, d.reason])).toEqual([
      ['layout-error', 'layouts/story.tsx', 2, 'boom (while rendering articles/a.md and 3 other pages)'],
    ]);
  });

  it('should report a layout that does not compile at its line and column, and use it once fixed', async () => {
    const dir = await siteWithStoryLayout('export default function story() {\n  return <p>{</p>;\n}\n');
    const broken = await buildSite(dir, {}, { layouts: path.join(dir, 'layouts') });
    expect(broken.result.ok).toBe(false);
    expect(broken.result.diagnostics).toMatchObject([
      { rule: 'layout-error', file: 'layouts/story.tsx', line: 2, column: 15 },
    ]);
    await writeFile(path.join(dir, 'layouts/story.tsx'), plainLayout.replace('html', 'main'));
    const fixed = await buildSite(dir, {}, { layouts: path.join(dir, 'layouts') });
    expect(fixed.result.ok).toBe(true);
    const [story] = (JSON.parse(await fixed.text('stories.json')) as { stories: { path: string }[] }).stories;
    expect(select('main', await fixed.page(`${story!.path.slice(1)}index.html`))).toBeTruthy();
  });
});

describe('untrusted text', () => {
  it('should never turn article text into script', async () => {
    const x = '"<script>alert(1)</script><img src=x onerror=alert(2)>"';
    const dir = await site({
      'articles/a.md': [
        '---',
        `title: ${x}`,
        `dek: ${x}`,
        `kicker: ${x}`,
        `dateline: ${x}`,
        `source: ${x}`,
        `tags: [${x}]`,
        `authors: [{name: ${x}, url: "https://example.org/a\\" onmouseover=\\"alert(3)"}]`,
        `image: {src: "https://example.org/a.jpg\\" onload=\\"alert(4)", alt: ${x}, caption: ${x}, credit: ${x}}`,
        'date: 2024-01-01',
        '---',
        '',
        '<script>alert(5)</script><a href="javascript:alert(6)" onclick="alert(7)">x</a>',
        '',
        '[y](javascript:alert(8)) <iframe src="javascript:alert(9)"></iframe> <object data="x"></object>',
      ].join('\n'),
    });
    const { result, page, files } = await buildSite(dir);
    expect(result.ok).toBe(true);
    const all = await files();
    for (const rel of all.filter((k) => k.endsWith('.html'))) {
      const tree = await page(rel);
      // JSON-LD and the layouts' own files in assets/ only.
      const scripts = selectAll('script', tree).filter(
        (s) => s.properties.type !== 'application/ld+json' && !String(s.properties.src ?? '').startsWith('/assets/'),
      );
      expect(scripts).toEqual([]);
      expect(selectAll('object, embed, iframe', tree)).toEqual([]);
      for (const el of selectAll('*', tree) as Element[]) {
        for (const [key, value] of Object.entries(el.properties)) {
          expect(key.toLowerCase().startsWith('on'), `${rel}: ${el.tagName} ${key}`).toBe(false);
          expect(String(value).replace(/\s/g, '').toLowerCase()).not.toContain('javascript:');
        }
      }
    }
    const story = await page(all.find((k) => /^2024\/01\/01\/[^/]+\/index\.html$/.test(k))!);
    expect(toString(select('h1', story)!)).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });
});

describe('the error catalogue', () => {
  it('should be documented in docs/errors.md, every id under a heading of its own', async () => {
    const doc = await readFile(path.join(REPO, 'docs/errors.md'), 'utf8');
    const headings = new Set(
      doc.split('\n').flatMap((line) => (line.startsWith('### ') ? [line.slice(4).trim()] : [])),
    );
    for (const id of Object.keys(catalogue)) expect(headings, id).toContain(`\`${id}\``);
    // Each with the hint the tool prints, word for word.
    for (const section of doc.split('\n### ').slice(1)) {
      const id = section.slice(1, section.indexOf('`', 1)) as keyof typeof catalogue;
      expect(/\nHint: (.*)\n/.exec(section)?.[1], id).toBe(catalogue[id].hint);
    }
  });
});
