import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ElementContent, Nodes, Properties, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { h, s } from 'hastscript';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { hastToHtml } from '../src/render/hast-to-html.ts';
import { createMarkdownProcessor } from '../src/content/markdown/processor.ts';
import { cli, listFiles, prng, REPO, removeDir, tempSite } from './helpers.ts';

/** Both serializers, with and without raw HTML passing through. */
function expectSame(tree: Nodes): void {
  for (const allowDangerousHtml of [true, false])
    expect(hastToHtml(tree, { allowDangerousHtml })).toBe(toHtml(tree, { allowDangerousHtml }));
}

describe('hastToHtml', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await tempSite();
    expect(
      (await cli(['build', '--no-cache', '--out', path.join(tmp, 'dist'), '--drafts', '--now', '2030-01-02T00:00:00Z']))
        .code,
    ).toBe(0);
  });
  afterAll(() => removeDir(tmp));

  it('should write every page of the sample site as hast-util-to-html does', async () => {
    const pages = (await listFiles(path.join(tmp, 'dist'))).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) expectSame(fromHtml(await readFile(path.join(tmp, 'dist', page), 'utf8')));
  });

  it('should write story bodies as hast-util-to-html does, with GFM and raw HTML', async () => {
    const articles = (await readdir(path.join(REPO, 'articles'))).filter((f) => f.endsWith('.md'));
    const texts = await Promise.all(articles.map((f) => readFile(path.join(REPO, 'articles', f), 'utf8')));
    texts.push(
      [
        '| left | centre | right |\n|:--|:-:|--:|\n| a & b | <c> | "d" |',
        '- [x] done\n- [ ] not yet',
        'A note[^1] and ~~struck~~ text, www.example.org and <https://example.org/?a=1&b=2>.\n\n[^1]: The note, with `code <b>`.',
        '<figure><img src="a.jpg" alt="it\'s &quot;quoted&quot;"><figcaption>Caption &amp; credit</figcaption></figure>',
        '<details open><summary>More</summary>\n\nHidden <kbd>text</kbd>\n\n</details>',
        '```js\nif (a < b && c > d) {}\n```\n\n    indented <code>\n\n![an image](b.png "Title: credit")',
        '<iframe src="https://www.youtube-nocookie.com/embed/x" allowfullscreen></iframe>\n\n<ol start="3" reversed><li>three</li></ol>',
      ].join('\n\n'),
    );
    for (const gfm of [true, false]) {
      const { config } = resolveConfig(
        { url: 'https://example.org/', markdown: { gfm, smartypants: gfm, embedHosts: ['www.youtube-nocookie.com'] } },
        { root: '/tmp' },
      );
      const processor = await createMarkdownProcessor(config!);
      for (const text of texts) {
        const file = new VFile({
          value: text,
          data: { resolveAsset: (src: string) => ({ url: `/${src}`, file: undefined }) },
        });
        expectSame(processor.runSync(processor.parse(file), file));
      }
    }
  });

  it('should escape and lay out generated trees exactly as hast-util-to-html does', () => {
    const random = prng(20261203);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const texts = [
      '',
      ' ',
      'plain',
      'a < b & c > d',
      '"double" \'single\' `tick`',
      '&amp; &#x3C; &lt;',
      'Ünïcødé — “quotes” 😀',
      '</script><script>alert(1)</script>',
      '\t\n\f\r\0',
      '=/>',
    ];
    const values: unknown[] = [
      ...texts,
      true,
      false,
      0,
      1.5,
      -2,
      Number.NaN,
      null,
      undefined,
      [],
      ['a', 'b'],
      ['x y', '"', ''],
      ['', 'z'],
    ];
    const keys = [
      'className',
      'id',
      'hidden',
      'download',
      'href',
      'rel',
      'accept',
      'srcSet',
      'sizes',
      'ariaLabel',
      'ariaHidden',
      'dataPagefindFilter',
      'data-x',
      'dataFoo',
      'style',
      'title',
      'width',
      'tabIndex',
      'checked',
      'disabled',
      'open',
      'async',
      'type',
      'content',
      'lang',
      'dir',
      'value',
      'coords',
      'httpEquiv',
      'xLinkHref',
      'unknownThing',
      'with space',
      'quo"te',
    ];
    const tags = [
      'div',
      'p',
      'a',
      'span',
      'ul',
      'li',
      'article',
      'img',
      'br',
      'meta',
      'link',
      'input',
      'hr',
      'source',
      'script',
      'style',
      'title',
      'textarea',
      'pre',
      'DIV',
      'Img',
      'my-element',
    ];
    const properties = (): Properties => {
      const props: Properties = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) props[pick(keys)] = pick(values) as Properties[string];
      return props;
    };
    const node = (depth: number): ElementContent => {
      const r = random();
      if (r < 0.25 || depth > 4) return { type: 'text', value: pick(texts) };
      if (r < 0.3) return { type: 'raw', value: pick(texts) } as unknown as ElementContent;
      if (r < 0.33) return { type: 'comment', value: pick([...texts, '-->', '<!-', '>']) };
      if (r < 0.36)
        return s('svg', { viewBox: '0 0 10 10', ...properties() }, [
          s('title', pick(texts)),
          s('path', { d: 'M0 0', ...properties() }),
          node(depth + 1),
        ]) as ElementContent;
      if (r < 0.38) return h('template', [h('p', pick(texts))]) as ElementContent;
      return h(
        pick(tags),
        properties(),
        Array.from({ length: Math.floor(random() * 4) }, () => node(depth + 1)),
      ) as ElementContent;
    };
    for (let i = 0; i < 2000; i++) {
      const tree: Root = {
        type: 'root',
        children: [
          ...(random() < 0.5 ? [{ type: 'doctype' as const }] : []),
          ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => node(0)),
        ],
      };
      expectSame(tree);
      // An element on its own, as site.reuse serializes a part.
      if (tree.children[0]?.type === 'element') expectSame(tree.children[0]);
    }
  });

  it('should never let a text or attribute value open a tag or end its quotes', () => {
    const html = hastToHtml(
      h('p', { title: '"><script>x()</script>' }, [
        '</p><script>y()</script>',
        { type: 'raw', value: '<b>z</b>' } as unknown as ElementContent,
      ]),
    );
    expect(html).toBe(
      '<p title="&#x22;><script>x()</script>">&#x3C;/p>&#x3C;script>y()&#x3C;/script>&#x3C;b>z&#x3C;/b></p>',
    );
  });
});
