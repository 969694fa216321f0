import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { createMarkdownProcessor, renderMarkdown } from '../src/content/markdown/processor.ts';
import { select, selectAll, toString } from './helpers.ts';

async function render(text: string, markdown: Record<string, unknown> = {}) {
  const { config } = resolveConfig(
    { url: 'https://example.org/news/', markdown: { gfm: true, ...markdown } },
    { root: '/tmp' },
  );
  const processor = await createMarkdownProcessor(config!);
  const out = renderMarkdown(processor, {
    text,
    bodyLine: 10,
    file: 'a.md',
    resolveAsset: (src) => (/^https?:/.test(src) ? { url: src } : { url: `/news/${src}`, file: src }),
  });
  return { ...out, tree: fromHtml(out.html, { fragment: true }) };
}

describe('renderMarkdown', () => {
  it('should put site-rooted links under the base path, as site-rooted pictures are', async () => {
    const { tree } = await render(
      '[tag](/tags/floods/) [given](/news/world/) [base](/news) [other host](//cdn.example/x) [away](https://example.com/a) [near](story/) [anchor](#x)',
    );
    expect(selectAll('a', tree).map((a) => a.properties.href)).toEqual([
      '/news/tags/floods/',
      '/news/world/',
      '/news',
      '//cdn.example/x',
      'https://example.com/a',
      'story/',
      '#x',
    ]);
  });

  it('should say a link or picture with a space in its path is shown as text, and how to write it', async () => {
    const { diagnostics, tree } = await render(
      'A crowd:\n\n![Crowd](photo with spaces.jpg "Crowd | Staff")\n\nSee [the report](annual report.pdf).\n\n`![code](a b.jpg)` and ![fine](<a b.jpg>) and [kept]({{< ref "a.md" >}})',
    );
    expect(diagnostics.map((d) => [d.rule, d.line, d.reason])).toEqual([
      [
        'markdown-warning',
        12,
        '"![Crowd](photo with spaces.jpg "Crowd | Staff")" is shown as text, not as a picture: a path with spaces is written in angle brackets, <photo with spaces.jpg>, or with %20 for each space',
      ],
      [
        'markdown-warning',
        14,
        '"[the report](annual report.pdf)" is shown as text, not as a link: a path with spaces is written in angle brackets, <annual report.pdf>, or with %20 for each space',
      ],
    ]);
    expect(selectAll('img', tree).map((img) => img.properties.src)).toEqual(['/news/a%20b.jpg']);
  });

  it('should drop scripts, event handlers and javascript: links from raw HTML and Markdown', async () => {
    const { tree, html } = await render(
      '<script>alert(1)</script>\n\n<img src="x.jpg" alt="x" onerror="alert(1)">\n\n[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">b</a>\n\n<svg><script>alert(3)</script></svg><style>*{}</style>',
    );
    expect(selectAll('script, style, svg', tree)).toEqual([]);
    for (const el of selectAll('*', tree)) {
      for (const [key, value] of Object.entries(el.properties)) {
        expect(key.toLowerCase().startsWith('on')).toBe(false);
        expect(String(value).toLowerCase()).not.toContain('javascript:');
      }
    }
    expect(html).not.toContain('alert(1)</script>');
  });

  it("should name what it removes that an editor pasted on purpose: an embed's script, a style, a handler", async () => {
    const { tree, diagnostics } = await render(
      'Text.\n\n<blockquote class="social-post"><p>A post</p></blockquote>\n<script async src="https://social.example/widgets.js"></script>\n\n<p onclick="track()">Click</p>\n\n<style>p { color: red }</style>',
    );
    expect(toString(select('blockquote', tree)!)).toContain('A post');
    expect(diagnostics.map(({ rule, severity, line, reason }) => ({ rule, severity, line, reason }))).toEqual([
      {
        rule: 'markdown-warning',
        severity: 'warning',
        line: 13,
        reason: 'a <script> in the story was removed: it is never published',
      },
      {
        rule: 'markdown-warning',
        severity: 'warning',
        line: 15,
        reason: 'onclick on <p> removed: scripts are never published',
      },
      {
        rule: 'markdown-warning',
        severity: 'warning',
        line: 17,
        reason: 'a <style> in the story was removed: it is never published',
      },
    ]);
    // Ordinary copy is not walked for them, and says nothing.
    expect((await render('Plain text about the onset of winter = cold.')).diagnostics).toEqual([]);
  });

  it('should keep only the attributes HTML allows where they stand, so pasted HTML stays valid', async () => {
    const { tree, html, diagnostics } = await render(
      [
        '<p name="x" align="center">Named <strike>old</strike> <tt>mono</tt></p>',
        '<table border="1" cellpadding="2"><tr><td align="left" width="3" colspan="2">x</td></tr></table>',
        '<img src="https://example.com/a.jpg" align="left" hspace="4" width="40">',
        '![js image](javascript:alert(1))',
        '<style>body{display:none}</style>',
        'Read the <a href="javascript:alert(2)">statement</a> and <a href="/x" name="y">this</a>.',
        '- [ ] a task\n- [x] done',
      ].join('\n\n'),
    );
    expect(select('p', tree)!.properties).toEqual({});
    expect(selectAll('s, code', tree).map((el) => [el.tagName, toString(el)])).toEqual([
      ['s', 'old'],
      ['code', 'mono'],
    ]);
    expect(select('table', tree)!.properties).toEqual({});
    expect(select('td', tree)!.properties).toEqual({ className: ['align-left'], colSpan: 2 });
    const images = selectAll('img', tree);
    expect(images.map((img) => [img.properties.src, img.properties.alt, img.properties.width])).toEqual([
      ['https://example.com/a.jpg', '', 40],
    ]);
    expect(html).not.toContain('display:none');
    expect(selectAll('a', tree).map((a) => [a.properties.href, a.properties.name])).toEqual([['/news/x', undefined]]);
    expect(toString(select('span', tree)!)).toBe('statement');
    expect(selectAll('input', tree)).toEqual([]);
    expect(selectAll('li', tree).map((li) => toString(li).trim())).toEqual(['\u2610 a task', '\u2611 done']);
    expect(diagnostics.map((d) => [d.line, d.rule, d.reason]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [14, 'missing-alt', 'image "https://example.com/a.jpg" has no alt text: published as decorative (alt="")'],
      [16, 'markdown-warning', 'image "js image" removed: its source is not an http(s) URL or a path'],
      [18, 'markdown-warning', 'a <style> in the story was removed: it is never published'],
      [20, 'markdown-warning', 'a javascript: link was removed, its text kept: such links are never published'],
    ]);
  });

  it('should keep no link to a picture beside the article, which is never published as its file', async () => {
    const { tree, diagnostics } = await render(
      'The [full-resolution photo](photo.jpg), [![A crowd](crowd.jpg)](crowd.jpg), [the plan](plan.pdf) and [a chart](/chart.png).',
    );
    expect(selectAll('a', tree).map((a) => a.properties.href)).toEqual(['/news/plan.pdf', '/news/chart.png']);
    expect(selectAll('img', tree).map((img) => img.properties.alt)).toEqual(['A crowd']);
    expect(toString(tree)).toContain('The full-resolution photo, ');
    expect(diagnostics.map((d) => [d.column, d.rule, d.reason])).toEqual([
      [
        5,
        'markdown-warning',
        'the link to the picture "photo.jpg" was removed, its content kept: pictures are published only as stories show them',
      ],
      [
        41,
        'markdown-warning',
        'the link to the picture "crowd.jpg" was removed, its content kept: pictures are published only as stories show them',
      ],
    ]);
  });

  it("should keep what news copy needs of HTML: table captions, tip-line links, old anchors, spacers, the footnotes' label", async () => {
    const { tree, diagnostics } = await render(
      [
        '<table><caption>Results</caption><colgroup><col span="2"></colgroup><tr><td>A</td><td>B</td></tr></table>',
        'Call [the tip line](tel:+15551234) or [text us](sms:+15551234).',
        '<a name="top"></a>Back [up](#top).',
        '<p>&nbsp;</p>',
        '# Heading',
        'Note[^1].',
        '[^1]: A note.',
        '<picture><source srcset="http://cdn.example.org/d.webp 1x, https://cdn.example.org/e.webp 2x"><img src="https://cdn.example.org/d.jpg" alt="D"></picture>',
      ].join('\n\n'),
    );
    expect(toString(select('table > caption', tree)!)).toBe('Results');
    expect(select('colgroup > col', tree)!.properties.span).toBe(2);
    expect(selectAll('a[href^="tel:"], a[href^="sms:"]', tree)).toHaveLength(2);
    const anchor = select('span[id]', tree)!.properties.id;
    expect(select(`a[href="#${String(anchor)}"]`, tree)).toBeTruthy();
    expect(selectAll('p', tree).some((p) => toString(p) === '\u00a0')).toBe(true);
    expect(selectAll('h2', tree).map((h) => toString(h))).toEqual(['Heading', 'Footnotes']);
    expect(String(select('source', tree)!.properties.srcSet).split(/,\s*/)).toEqual([
      'https://cdn.example.org/d.webp 1x',
      'https://cdn.example.org/e.webp 2x',
    ]);
    expect(diagnostics.map((d) => d.rule)).toEqual(['image-http']);
  });

  it('should publish an http picture at its https address, and say so', async () => {
    const { tree, diagnostics } = await render('![Chart](http://images.example.com/chart.png)');
    expect(select('img', tree)!.properties.src).toBe('https://images.example.com/chart.png');
    expect(diagnostics.map((d) => [d.line, d.rule, d.severity, d.reason])).toEqual([
      [
        10,
        'image-http',
        'warning',
        'picture "http://images.example.com/chart.png" is published as https://images.example.com/chart.png: pages served over https load no http pictures',
      ],
    ]);
  });

  it("should nest the body's headings under the headline, with no level skipped", async () => {
    const levels = async (text: string) =>
      selectAll('h1, h2, h3, h4, h5, h6', (await render(text)).tree).map((h) => h.tagName);
    expect(await levels('## A\n\n### B\n\n## C')).toEqual(['h2', 'h3', 'h2']);
    expect(await levels('### Only')).toEqual(['h2']);
    expect(await levels('# Top\n\n##### Deep\n\n### Middle')).toEqual(['h2', 'h3', 'h3']);
    expect(await levels('#### First\n\n# Then')).toEqual(['h2', 'h2']);
  });

  it('should keep iframes only from allowlisted hosts, lazy and titled', async () => {
    const { tree, diagnostics } = await render(
      '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>\n\n<iframe src="https://evil.example/x"></iframe>\n\n<iframe src="http://www.youtube-nocookie.com/embed/y"></iframe>',
    );
    const frames = selectAll('iframe', tree);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.properties).toMatchObject({
      src: 'https://www.youtube-nocookie.com/embed/x',
      loading: 'lazy',
      title: expect.stringContaining('youtube'),
    });
    expect(diagnostics.map((d) => [d.rule, d.severity])).toEqual([
      ['markdown-warning', 'warning'],
      ['markdown-warning', 'warning'],
    ]);
    expect(diagnostics[0]!.line).toBe(12);
  });

  it('should turn an image with a title into a figure with caption and credit', async () => {
    const { tree } = await render('![Alt text](photo.jpg "A caption here | AP Photo/Jane Doe")');
    const figure = select('figure', tree)!;
    expect(select('img', figure)!.properties).toMatchObject({ src: '/news/photo.jpg', alt: 'Alt text' });
    expect(select('img', figure)!.properties.title).toBeUndefined();
    expect(toString(select('figcaption', figure)!)).toBe('A caption here AP Photo/Jane Doe');
    expect(toString(select('figcaption .credit', figure)!)).toBe('AP Photo/Jane Doe');
  });

  it('should leave an image without a title inline', async () => {
    const { tree } = await render('![Alt](photo.jpg)');
    expect(select('figure', tree)).toBeUndefined();
    expect(select('p > img', tree)).toBeDefined();
  });

  it('should record local images with their line, for the build to check', async () => {
    const { assets } = await render('Text\n\n![A](photo.jpg)');
    expect(assets).toEqual([{ file: 'photo.jpg', src: 'photo.jpg', line: 12, column: 1 }]);
  });

  it('should add rel=noopener to external links only', async () => {
    const { tree } = await render('[ext](https://other.example/) [own](https://example.org/news/x/) [rel](/x/)');
    const links = selectAll('a', tree);
    expect(links.map((a) => a.properties.rel ?? null)).toEqual([['noopener'], null, null]);
  });

  it('should keep what a link says of itself to search engines, and no other rel word', async () => {
    const { tree } = await render(
      '<a href="https://shop.example/x" rel="sponsored nofollow me">Buy</a> <a href="/x/" rel="ugc">local</a> <a href="https://other.example/" rel="author">other</a>',
    );
    expect(selectAll('a', tree).map((a) => a.properties.rel ?? null)).toEqual([
      ['sponsored', 'nofollow', 'noopener'],
      ['ugc'],
      ['noopener'],
    ]);
  });

  it('should give headings ids and keep footnote links working', async () => {
    const { tree } = await render('## What happens next\n\nText[^1]\n\n[^1]: A note.');
    expect(select('h2', tree)!.properties.id).toBe('what-happens-next');
    const ref = select('a[data-footnote-ref]', tree)!;
    const target = String(ref.properties.href).slice(1);
    expect(select(`[id="${target}"]`, tree)).toBeDefined();
    const back = select('a[data-footnote-backref]', tree)!;
    expect(select(`[id="${String(back.properties.href).slice(1)}"]`, tree)).toBeDefined();
  });

  it('should support GFM tables only when enabled', async () => {
    const table = '| a | b |\n|---|--:|\n| 1 | 2 |';
    expect(select('table', (await render(table)).tree)).toBeDefined();
    expect(select('td.align-right', (await render(table)).tree)).toBeDefined();
    expect(select('table', (await render(table, { gfm: false })).tree)).toBeUndefined();
  });

  it('should use typographic quotes but keep wire-copy ellipses', async () => {
    expect(toString((await render('"Quartet....We" it\'s', { smartypants: true })).tree)).toBe('“Quartet....We” it’s');
  });

  it('should count words outside captions and find the lead paragraph', async () => {
    const out = await render('One two three.\n\n![A](a.jpg "Caption words here")\n\nFour five.');
    expect(out.wordCount).toBe(5);
    expect(out.lead).toBe('One two three.');
  });
});

describe('renderMarkdown and hostile nesting', () => {
  const intro = 'Intro paragraph.\n\n';
  const deep = {
    'block quotes': '>'.repeat(3000) + ' a\n',
    'spaced block quotes': '> '.repeat(3000) + 'a\n',
    'lists on one line': '- '.repeat(3000) + 'a\n',
    'lists nested by indentation': Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- a\n`).join(''),
    'ordered lists': Array.from({ length: 300 }, (_, i) => `${'   '.repeat(i)}1. a\n`).join(''),
    'quotes in lists': '> - '.repeat(3000) + 'a\n',
  };
  for (const [shape, body] of Object.entries(deep)) {
    it(`should refuse ${shape} thousands deep before parsing, as an error at the line`, async () => {
      const started = performance.now();
      const out = await render(intro + body);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(out.html).toBe('');
      expect(out.diagnostics).toMatchObject([{ rule: 'nesting-too-deep', severity: 'error', file: 'a.md' }]);
      // The body starts on line 10 of the file; the deep part on the body's third line.
      expect(out.diagnostics[0]!.line).toBeGreaterThanOrEqual(12);
    });
  }

  it('should refuse HTML elements nested too deeply, as an error and not a stack overflow', async () => {
    const capped = await render(`${intro}${'<div>'.repeat(500)}a${'</div>'.repeat(500)}\n`);
    expect(capped.diagnostics).toMatchObject([{ rule: 'nesting-too-deep', severity: 'error', line: 12 }]);
    const lines = `${intro}<div>\n${'<div>\n'.repeat(3000)}a\n${'</div>\n'.repeat(3000)}</div>\n`;
    const overflow = await render(lines);
    expect(overflow.diagnostics).toMatchObject([{ rule: 'nesting-too-deep', severity: 'error', file: 'a.md' }]);
    expect(overflow.diagnostics[0]!.line).toBeGreaterThan(3000);
  });

  it('should render what people write: nested lists and quotes, markers inside code, thematic breaks', async () => {
    const list = Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}\n`).join('');
    const text = `${list}\n> quote\n> > nested\n\n\`\`\`\n${'- '.repeat(100)}x\n${'> '.repeat(100)}\n\`\`\`\n\n- - -\n\n* * *\n\n${'> '.repeat(30)}deep but allowed\n`;
    const out = await render(text);
    expect(out.diagnostics).toEqual([]);
    expect(selectAll('li', out.tree)).toHaveLength(20);
    expect(selectAll('hr', out.tree)).toHaveLength(2);
    expect(toString(select('pre', out.tree)!)).toContain('- - - -');
  });
});

describe('renderMarkdown and URLs', () => {
  it('should percent-encode links and sources of raw HTML that are not valid URLs', async () => {
    const { tree } = await render(
      '<a href="files/annual report.pdf">report</a> <a href="https://example.com/a b?q=&quot;x&quot;">x</a> <a href="caf%C3%A9/">ok</a>\n\n<img src="photos/my photo.jpg" alt="A">',
    );
    // A link to a file is relative to the article, as a picture is: published under the site.
    expect(selectAll('a', tree).map((a) => a.properties.href)).toEqual([
      '/news/files/annual%20report.pdf',
      'https://example.com/a%20b?q=%22x%22',
      'caf%C3%A9/',
    ]);
    expect(select('img', tree)?.properties.src).toBe('/news/photos/my%20photo.jpg');
  });

  it('should remember the first picture of the body', async () => {
    expect((await render('Text.\n\n![First](a.jpg)\n\n![Second](b.jpg)')).firstImage).toEqual({
      src: '/news/a.jpg',
      alt: 'First',
    });
    expect((await render('No pictures.')).firstImage).toBeUndefined();
  });
});
