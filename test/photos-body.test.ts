import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { createMarkdownProcessor, renderMarkdown } from '../src/content/markdown/processor.ts';
import type { Picture } from '../src/content/picture.ts';
import { rewriteBody, rewriteParsed } from '../src/photos/article.ts';
import { imgTags } from '../src/photos/body-images.ts';
import { select, selectAll } from './helpers.ts';

const BASE = '/news/';

/** A picture made up from the file's name, as the processor would give it. */
const pictureOf = (file: string): Picture => {
  const name = file.replace(/\W+/g, '-');
  return {
    slot: 'inline',
    sizes: '100vw',
    width: 1200,
    height: 800,
    files: [
      { format: 'avif', width: 600, height: 400, name: `${name}-600.avif` },
      { format: 'jpeg', width: 600, height: 400, name: `${name}-600.jpg` },
      { format: 'jpeg', width: 1200, height: 800, name: `${name}-1200.jpg` },
    ],
  };
};

async function bodyOf(text: string) {
  const { config } = resolveConfig({ url: `https://example.org${BASE}`, markdown: { gfm: true } }, { root: '/tmp' });
  const processor = await createMarkdownProcessor(config!);
  const out = renderMarkdown(processor, {
    text,
    bodyLine: 1,
    file: 'a.md',
    resolveAsset: (src) => (/^https?:/.test(src) ? { url: src } : { url: `${BASE}${src}`, file: src }),
  });
  // Every local picture gets one, except those named "broken" (a picture that failed).
  const inline = out.assets.map(({ file }) => ({
    file,
    picture: file.includes('broken') ? undefined : pictureOf(file),
  }));
  return { html: out.html, inline };
}

/** Bodies as editors write them: the pictures in every place and with every kind of text around them. */
const BODIES = [
  'A lead paragraph.\n\n![A harbour at dawn](images/harbour.jpg)\n\nMore text.',
  '![Quotes "inside" & ampersands < and > signs](images/a.jpg "A title with \\"quotes\\" & more")',
  'Text ![inline one](images/one.jpg) and ![remote](https://cdn.example.com/x.jpg) and ![two](images/two.jpg).',
  '[![linked](images/linked.jpg)](https://example.com/)',
  '- ![in a list](images/list.jpg)\n- plain item\n\n> ![quoted](images/quote.jpg)',
  '| a | b |\n|---|---|\n| ![cell](images/cell.jpg) | x |',
  '![first](images/same.jpg)\n\n![again](images/same.jpg)\n\n![failed](images/broken.jpg)\n\n![after](images/after.jpg)',
  'Code: `<img src="images/fake.jpg">` and\n\n```html\n<img src="images/fence.jpg">\n```\n\n![real](images/real.jpg)',
  '<figure><img src="images/raw.jpg" alt="Raw &amp; ready" width="640" height="480" title="t"><figcaption>A caption with <em>emphasis</em></figcaption></figure>\n\n![after raw](images/md.jpg)',
  '<p title="<img src=images/in-attribute.jpg>">Attribute text</p>\n\n![ü ñ 漢字 🙂 alt](images/unicode.jpg)',
  '![](images/no-alt.jpg)\n\n<img src="images/bare.jpg">',
  '<!-- a comment with <img src="images/comment.jpg"> -->\n\n![kept](images/kept.jpg)',
  '<svg><image href="images/svg.jpg"/></svg>\n\n![after svg](images/svgafter.jpg)',
  'Text with &amp; entities &copy; &#169; and a\\\nbreak ![end](images/end.jpg)',
];

describe('rewriting the pictures of a body without parsing it', () => {
  it.each(BODIES.map((body) => [body]))('should give what parsing it gives: %s', async (text) => {
    const { html, inline } = await bodyOf(text);
    expect(rewriteBody(html, inline, BASE)).toBe(rewriteParsed(html, inline, BASE));
  });

  it('should keep the rest of the body as the Markdown stage wrote it, where parsing again rewrote it', async () => {
    // GFM footnotes: their links carry a data attribute without a value, which HTML written
    // from a parse gives as `=""`; both are the same tree.
    const { html, inline } = await bodyOf(
      'A claim[^1] with a picture ![harbour](images/harbour.jpg) beside it.\n\n[^1]: The source.',
    );
    const ours = rewriteBody(html, inline, BASE);
    const parsed = rewriteParsed(html, inline, BASE);
    const tree = (text: string) =>
      JSON.stringify(fromHtml(text, { fragment: true }), (k, v) => (k === 'position' ? undefined : v));
    expect(tree(ours)).toBe(tree(parsed));
    const reference = html.slice(html.indexOf('<sup>'), html.indexOf('</sup>') + 6);
    expect(reference).toContain('data-footnote-ref');
    expect(ours).toContain(reference);
    expect(selectAll('picture', fromHtml(ours, { fragment: true }))).toHaveLength(1);
  });

  it('should read the tags of every body the Markdown stage wrote here, not leave them to the parser', async () => {
    for (const text of BODIES) {
      const { html } = await bodyOf(text);
      const tags = imgTags(html);
      expect(tags, html).toBeDefined();
      const parsed = selectAll('img', fromHtml(html, { fragment: true }));
      expect(tags!.map((t) => t.attributes.get('src'))).toEqual(parsed.map((img) => img.properties.src));
      expect(tags!.map((t) => t.attributes.get('alt') ?? null)).toEqual(
        parsed.map((img) => img.properties.alt ?? null),
      );
    }
  });

  it('should draw each local picture as a <picture> with its alt and title, and leave the rest', async () => {
    const raw =
      '<p>Before <img src="images/raw.jpg" alt="Raw &amp; &quot;ready&quot; > now" title="A &lt;title&gt; &#x26; more"> after</p>';
    const { html, inline } = await bodyOf(`${raw}\n\n${BODIES[2]!}`);
    const tree = fromHtml(rewriteBody(html, inline, BASE), { fragment: true });
    const pictures = selectAll('picture', tree);
    expect(pictures).toHaveLength(3);
    const first = select('img', pictures[0]!)!;
    expect(first.properties.alt).toBe('Raw & "ready" > now');
    expect(first.properties.title).toBe('A <title> & more');
    expect(first.properties.src).toBe(`${BASE}_photos/images-raw-jpg-1200.jpg`);
    // The remote picture stays an <img> of its own.
    expect(selectAll('img', tree).map((img) => img.properties.src)).toContain('https://cdn.example.com/x.jpg');
  });

  it('should leave to the parser what the Markdown stage does not write', () => {
    for (const html of [
      '<p><img src=images/unquoted.jpg></p>',
      "<p><img src='images/single.jpg'></p>",
      '<p><img src="images/a.jpg" src="images/b.jpg"></p>',
      '<p><img src="images/a.jpg" alt="a &copy b"></p>',
      '<p><img src="images/a.jpg" alt="&#x80;"></p>',
      '<svg><img src="images/a.jpg"></svg>',
      '<script>"<img src=images/a.jpg>"</script>',
      '<!-- <img src="images/a.jpg">',
      '<!--> <img src="images/a.jpg"> -->',
      '<p><img SRC="images/a.jpg"></p>',
      '<p><IMG SRC="images/a.jpg"></p>',
    ])
      expect(imgTags(html), html).toBeUndefined();
    const inline = [{ file: 'images/a.jpg', picture: pictureOf('images/a.jpg') }];
    const html = "<p><img src=images/a.jpg alt='x'></p>";
    expect(rewriteBody(html, inline, '')).toBe(rewriteParsed(html, inline, ''));
    expect(selectAll('picture', fromHtml(rewriteBody(html, inline, ''), { fragment: true }))).toHaveLength(1);
  });
});
