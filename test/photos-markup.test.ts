import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { pageFacts } from '../src/check/html-facts.ts';
import { resolveConfig } from '../src/config/config.ts';
import {
  figureElement,
  galleryElement,
  pictureElement,
  remoteImageElement,
  socialImages,
} from '../src/photos/markup.ts';
import type { Picture, PictureFile } from '../src/photos/processor.ts';
import { allowsUrl, defaultPolicy, parsePolicy } from '../src/publish/csp.ts';

const file = (format: PictureFile['format'], width: number, height: number): PictureFile => ({
  format,
  width,
  height,
  name: `${format}${width}-${width}.${format === 'jpeg' ? 'jpg' : format}`,
});
const sizes = [480, 800, 1200, 1600];
const picture: Picture = {
  slot: 'lead',
  sizes: '(min-width: 42rem) 40rem, 100vw',
  width: 1600,
  height: 1067,
  files: (['avif', 'webp', 'jpeg'] as const).flatMap((f) => sizes.map((w) => file(f, w, Math.round(w / 1.5)))),
  placeholder: { color: '#336699', thumbhash: 'AAAA', dataUrl: 'data:image/webp;base64,UklGRg==' },
  social: { openGraph: file('jpeg', 1200, 630), structuredData: [file('jpeg', 1200, 675)] },
};

/** Markup as a page would carry it: serialized, then parsed back by a standards-compliant parser. */
const page = (element: Element): Root => fromHtml(`<!doctype html><title>t</title><body>${toHtml(element)}`);
const attr = (el: Element | undefined, name: string) => el?.properties[name];
const srcset = (el: Element | undefined) => {
  const value = attr(el, 'srcSet');
  return (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/,\s*/)).map((c) => c.split(' '));
};

describe('picture markup', () => {
  it('should offer AVIF and WebP sources and a JPEG img with srcset, sizes, width and height', () => {
    const tree = page(pictureElement(picture, 'Boats in the harbour', { base: '/news/', priority: true }));
    const avif = select('picture > source[type="image/avif"]', tree);
    const webp = select('picture > source[type="image/webp"]', tree);
    const img = select('picture > img', tree);
    expect(selectAll('picture > *', tree).map((e) => (e as Element).tagName)).toEqual(['source', 'source', 'img']);
    expect(srcset(avif)).toEqual(sizes.map((w) => [`/news/_photos/avif${w}-${w}.avif`, `${w}w`]));
    expect(srcset(webp).map((c) => c[1])).toEqual(sizes.map((w) => `${w}w`));
    expect(srcset(img).map((c) => c[0]!.endsWith('.jpg'))).toEqual([true, true, true, true]);
    for (const el of [avif, webp, img]) expect(attr(el, 'sizes')).toBe(picture.sizes);
    expect(attr(img, 'src')).toBe('/news/_photos/jpeg1200-1200.jpg');
    expect([attr(img, 'width'), attr(img, 'height')]).toEqual([1600, 1067]);
    expect(attr(img, 'alt')).toBe('Boats in the harbour');
  });

  it('should load the lead eagerly with high priority, and every other picture lazily', () => {
    const lead = select('picture > img', page(pictureElement(picture, 'x', { base: '/', priority: true })));
    expect([attr(lead, 'loading'), attr(lead, 'fetchPriority'), attr(lead, 'decoding')]).toEqual([
      'eager',
      'high',
      'async',
    ]);
    const other = select('picture > img', page(pictureElement(picture, 'x', { base: '/' })));
    expect([attr(other, 'loading'), attr(other, 'fetchPriority'), attr(other, 'decoding')]).toEqual([
      'lazy',
      undefined,
      'async',
    ]);
  });

  it('should put the placeholder under the picture as a hidden decorative data: image, no inline style', () => {
    const tree = page(pictureElement(picture, 'x', { base: '/' }));
    const placeholder = select('span.photo > img.photo-placeholder', tree);
    expect(attr(placeholder, 'src')).toBe(picture.placeholder!.dataUrl);
    expect([attr(placeholder, 'alt'), attr(placeholder, 'hidden')]).toEqual(['', true]);
    expect([attr(placeholder, 'width'), attr(placeholder, 'height')]).toEqual([1600, 1067]);
    expect(select('span.photo > picture', tree)).toBeTruthy();
    const without = page(pictureElement({ ...picture, placeholder: undefined }, 'x', { base: '/' }));
    expect(select('.photo-placeholder', without)).toBeUndefined();
  });

  it('should put no placeholder under a picture with transparent pixels, which it would show through', async () => {
    const { makePlaceholder } = await import('../src/photos/placeholder.ts');
    // 32×24 RGBA: a red field, then the same with a clear border around a red square.
    const opaque = new Uint8Array(32 * 24 * 4).map((_, i) => (i % 4 === 0 || i % 4 === 3 ? 255 : 60));
    const clear = opaque.map((v, i) => {
      const x = (i >> 2) % 32;
      const y = Math.floor((i >> 2) / 32);
      return i % 4 === 3 && (x < 8 || x >= 24 || y < 6 || y >= 18) ? 0 : v;
    });
    const drawn = async (rgba: Uint8Array) => {
      const placeholder = await makePlaceholder(rgba, 32, 24);
      return select('.photo-placeholder', page(pictureElement({ ...picture, placeholder }, 'x', { base: '/' })));
    };
    expect(await drawn(opaque)).toBeTruthy();
    expect(await drawn(clear)).toBeUndefined();
  });

  it("should pass the site's default Content-Security-Policy", async () => {
    const { config } = resolveConfig({ url: 'https://news.example/' }, { root: '/site' });
    const policy = parsePolicy(defaultPolicy(config!));
    const html = toHtml(
      fromHtml(
        `<!doctype html><title>t</title><body>${toHtml(galleryElement([{ picture, text: { alt: 'a' } }], { base: '/' }))}${toHtml(figureElement(picture, { alt: 'b', caption: 'c' }, { base: '/', priority: true }))}`,
      ),
    );
    const facts = pageFacts(html);
    expect(facts.inline).toEqual([]);
    const pageUrl = new URL('https://news.example/2026/story/');
    const images = facts.refs.filter((r) => r.directive === 'img-src');
    expect(images.some((r) => r.url.startsWith('data:'))).toBe(true);
    for (const ref of images)
      expect(allowsUrl(policy, 'img-src', new URL(ref.url, pageUrl), pageUrl), ref.url).toBe(true);
  });

  it('should caption a figure with its credit, and leave out an empty caption', () => {
    const tree = page(
      figureElement(picture, { alt: 'x', caption: 'Boats at dawn.', credit: 'Jane Doe' }, { base: '/' }),
    );
    expect(toString(select('figure > figcaption', tree)!)).toBe('Boats at dawn. Jane Doe');
    expect(toString(select('figcaption > .credit', tree)!)).toBe('Jane Doe');
    expect(select('figcaption', page(figureElement(picture, { alt: 'x' }, { base: '/' })))).toBeUndefined();
  });

  it('should make a gallery a list of captioned figures, lazy, without script', () => {
    const items = ['One', 'Two', 'Three'].map((caption) => ({
      picture: { ...picture, slot: 'gallery' as const },
      text: { alt: `${caption} alt`, caption, credit: 'Agency' },
    }));
    const tree = page(galleryElement(items, { base: '/', label: 'Photos', priority: true }));
    const list = select('ul.gallery', tree)!;
    expect(attr(list, 'ariaLabel')).toBe('Photos');
    const figures = selectAll('ul.gallery > li > figure', tree);
    expect(figures).toHaveLength(3);
    expect(figures.map((f) => toString(select('figcaption', f)!))).toEqual([
      'One Agency',
      'Two Agency',
      'Three Agency',
    ]);
    expect(selectAll('picture > img', tree).map((img) => attr(img as Element, 'loading'))).toEqual([
      'lazy',
      'lazy',
      'lazy',
    ]);
    expect(selectAll('script', tree)).toEqual([]);
  });

  it('should draw an SVG as a plain img, and a remote picture with the size the article gives', () => {
    const svg: Picture = { slot: 'inline', sizes: '100vw', width: 300, height: 150, files: [file('svg', 300, 150)] };
    const img = select('img', page(pictureElement(svg, 'Chart', { base: '/' })));
    expect([attr(img, 'src'), attr(img, 'width'), attr(img, 'height')]).toEqual(['/_photos/svg300-300.svg', 300, 150]);
    expect(select('picture', page(pictureElement(svg, 'Chart', { base: '/' })))).toBeUndefined();
    const remote = select(
      'img',
      page(remoteImageElement('https://cdn.example/a.jpg', { alt: 'A', width: 800, height: 600 }, {})),
    );
    expect([attr(remote, 'src'), attr(remote, 'width'), attr(remote, 'height'), attr(remote, 'loading')]).toEqual([
      'https://cdn.example/a.jpg',
      800,
      600,
      'lazy',
    ]);
  });

  it('should give the social crops as site paths', () => {
    expect(socialImages(picture, '/news/')).toEqual({
      openGraph: { url: '/news/_photos/jpeg1200-1200.jpg', width: 1200, height: 630 },
      structuredData: ['/news/_photos/jpeg1200-1200.jpg'],
    });
    expect(socialImages({ ...picture, social: undefined }, '/')).toBeUndefined();
  });
});
