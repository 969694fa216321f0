import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { loadArticle } from '../src/content/load.ts';
import { createMarkdownProcessor } from '../src/content/markdown/processor.ts';
import { gatherArticles } from '../src/site/gather.ts';
import { sha256 } from '../src/util/hash.ts';
import { article, select, selectAll } from './helpers.ts';
import { fromHtml } from 'hast-util-from-html';

/** One article loaded as a build loads it, from a project whose articles folder is `folder`. */
async function load(id: string, body: string, folder = 'articles') {
  const { config } = resolveConfig({ url: 'https://example.org/news/', articles: folder }, { root: '/site' });
  const processor = await createMarkdownProcessor(config!);
  const text = article({ title: 'Bus' }, body);
  return loadArticle(
    { id, file: `${folder}/${id}`, text, hash: sha256(text) },
    { config: config!, processor, key: 't' },
  );
}

describe('pictures in a story body', () => {
  it('should warn, at its line, about a picture written without alt text, and keep it as decorative', async () => {
    const loaded = await load(
      'a.md',
      ['![](bus.jpg)', '<img src="raw.jpg">', '<img src="rule.jpg" alt="">', '![A bus](bus.jpg)'].join('\n\n'),
    );
    const warned = loaded.diagnostics.filter((d) => d.rule === 'missing-alt');
    expect(warned.map((d) => [d.severity, d.line, d.column])).toEqual([
      ['warning', 6, 1],
      ['warning', 8, 1],
    ]);
    expect(warned.map((d) => d.reason)).toEqual([
      'image "bus.jpg" has no alt text: published as decorative (alt="")',
      'image "raw.jpg" has no alt text: published as decorative (alt="")',
    ]);
    const images = selectAll('img', fromHtml(loaded.body!, { fragment: true }));
    expect(images.map((img) => img.properties.alt ?? null)).toEqual(['', '', '', 'A bus']);
  });

  it("should report the body's problems of an article whose front matter is wrong, in the same round", async () => {
    const { config } = resolveConfig({ url: 'https://example.org/news/' }, { root: '/site' });
    const processor = await createMarkdownProcessor(config!);
    const text = '---\ntitle: Bus\ndate: 2024-05-05\ndraft: maybe\n---\n\n![](bus.jpg)\n';
    const loaded = loadArticle(
      { id: 'a.md', file: 'articles/a.md', text, hash: sha256(text) },
      {
        config: config!,
        processor,
        key: 't',
      },
    );
    expect(loaded.summary).toBeUndefined();
    expect(loaded.diagnostics.map((d) => [d.rule, d.line])).toEqual([
      ['invalid-field', 4],
      ['missing-alt', 7],
    ]);
    const { diagnostics } = gatherArticles(['a.md'], { 'a.md': { loaded } }, new Set(), (id) => `articles/${id}`);
    expect(diagnostics.filter((d) => d.rule === 'missing-image').map((d) => d.line)).toEqual([7]);
  });

  it('should take a site-rooted picture that public/ has as found, served as it is', async () => {
    const loaded = await load('a.md', '![Chart](/chart.png)\n\n![Map](/map.png)\n\n![Up](/../secret.png)');
    const inPublic = new Set(['chart.png', '../secret.png']);
    const { diagnostics } = gatherArticles(
      ['a.md'],
      { 'a.md': { loaded } },
      new Set(),
      (id) => `articles/${id}`,
      (rel) => inPublic.has(rel),
    );
    expect(diagnostics.filter((d) => d.rule === 'missing-image').map((d) => d.reason)).toEqual([
      'image "/map.png" not found',
      'image "/../secret.png" is outside the articles folder, where the pictures of stories are published from',
    ]);
  });

  it('should take a path out of the articles folder and back in by its name as the file it names', async () => {
    for (const folder of ['articles', 'content/posts']) {
      const name = folder.split('/').pop();
      const loaded = await load('a.md', `![A bus](../${name}/photos/bus.jpg)`, folder);
      expect(loaded.assets.map((a) => a.file)).toEqual(['photos/bus.jpg']);
      expect(select('img', fromHtml(loaded.body!, { fragment: true }))!.properties.src).toBe('/news/photos/bus.jpg');
    }
    const nested = await load('2024/a.md', '![A bus](../../articles/bus.jpg)');
    expect(nested.assets.map((a) => a.file)).toEqual(['bus.jpg']);
  });

  it('should say a path that leaves the articles folder is outside it, not that the file is missing', async () => {
    const loaded = await load('a.md', '![A bus](../photos/bus.jpg)\n\n![A car](car.jpg)');
    expect(loaded.assets.map((a) => a.file)).toEqual(['../photos/bus.jpg', 'car.jpg']);
    const { diagnostics } = gatherArticles(['a.md'], { 'a.md': { loaded } }, new Set(), (id) => `articles/${id}`);
    expect(diagnostics.filter((d) => d.rule === 'missing-image').map((d) => [d.line, d.reason])).toEqual([
      [6, 'image "../photos/bus.jpg" is outside the articles folder, where the pictures of stories are published from'],
      [8, 'image "car.jpg" not found'],
    ]);
  });
});
