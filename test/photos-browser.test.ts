/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { imagesSchema } from '../src/config/images.ts';
import { figureElement, PHOTO_CSS } from '../src/photos/markup.ts';
import { processPhotos, type Picture } from '../src/photos/processor.ts';
import { PHOTO_DIR, PhotoStore } from '../src/photos/store.ts';
import { defaultPolicy } from '../src/publish/csp.ts';
import { CHROMIUM, CHROMIUM_ARGS, removeDir, tempSite } from './helpers.ts';
import { photo } from './photo-images.ts';

/**
 * A picture as a reader's browser gets it, under the site's default Content-Security-Policy:
 * the placeholder fills the picture's box until the picture arrives, nothing moves when it
 * does, the browser picks the width the slot needs in the best format, and nothing is blocked.
 */
describe('a picture in a browser', () => {
  const ORIGIN = 'https://news.example';
  let dir: string;
  let store: PhotoStore;
  let picture: Picture;
  /** A picture narrower than any width of its slot. */
  let small: Picture;
  let browser: Browser;
  let csp: string;

  beforeAll(async () => {
    dir = await tempSite({ 'harbour.jpg': await photo(1600, 1000), 'icon.jpg': await photo(40, 30) });
    const config = imagesSchema.parse({ slots: { inline: { widths: [400, 800, 1600], sizes: '100vw' } } });
    const [result, icon] = await processPhotos(
      ['harbour.jpg', 'icon.jpg'].map((src) => ({
        path: path.join(dir, src),
        src,
        uses: [{ slot: 'inline' as const, place: { file: 'a.md' } }],
      })),
      { config, dir: path.join(dir, 'store') },
    );
    picture = result!.pictures[0]!;
    small = icon!.pictures[0]!;
    store = new PhotoStore(path.join(dir, 'store'));
    csp = defaultPolicy(resolveConfig({ url: `${ORIGIN}/` }, { root: dir }).config!);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await removeDir(dir);
  });

  /** Serve the page, the stylesheet and the photos; photo responses wait until `release()`. */
  async function open(stylesheet: boolean, shown: Picture = picture) {
    const page: Page = await browser.newPage({ viewport: { width: 400, height: 800 }, deviceScaleFactor: 1 });
    const held: (() => Promise<void>)[] = [];
    let released = false;
    const html =
      `<!doctype html><html lang="en"><head><title>t</title>${stylesheet ? '<link rel="stylesheet" href="/photo.css">' : ''}` +
      `<link rel="stylesheet" href="/page.css"></head><body>${toHtml(figureElement(shown, { alt: 'Harbour', caption: 'Boats' }, { base: '/' }))}</body></html>`;
    await page.route(`${ORIGIN}/**`, async (route: Route) => {
      const url = new URL(route.request().url());
      const headers = { 'content-security-policy': csp };
      if (url.pathname === '/') return route.fulfill({ body: html, headers, contentType: 'text/html' });
      if (url.pathname === '/photo.css') return route.fulfill({ body: PHOTO_CSS, contentType: 'text/css' });
      if (url.pathname === '/page.css')
        return route.fulfill({ body: 'body, figure { margin: 0 }', contentType: 'text/css' });
      const name = url.pathname.slice(`/${PHOTO_DIR}/`.length);
      const send = async () => route.fulfill({ body: await readFile(store.file(name)), headers });
      if (released) return send();
      held.push(send);
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${ORIGIN}/`, { waitUntil: 'domcontentloaded' });
    // DOMContentLoaded does not wait for stylesheets: the boxes are measured once it applies.
    if (stylesheet)
      await page.waitForFunction(() => document.querySelector<HTMLLinkElement>('link[rel=stylesheet]')?.sheet != null);
    const boxes = () =>
      page.evaluate(() => {
        const rect = (selector: string) => {
          const el = document.querySelector(selector) as HTMLElement;
          const r = el.getBoundingClientRect();
          return { w: Math.round(r.width), h: Math.round(r.height), visible: getComputedStyle(el).display !== 'none' };
        };
        const img = document.querySelector('picture > img') as HTMLImageElement;
        return {
          placeholder: rect('.photo-placeholder'),
          img: rect('picture > img'),
          loaded: img.complete && img.naturalWidth > 0,
          src: img.currentSrc,
        };
      });
    const release = async () => {
      released = true;
      await Promise.all(held.splice(0).map((send) => send()));
      await page.waitForFunction(() => {
        const img = document.querySelector('picture > img') as HTMLImageElement;
        return img.complete && img.naturalWidth > 0;
      });
    };
    return { page, boxes, release, violations };
  }

  it('should show the placeholder in the picture’s box until it loads, then the right file, without a shift', async () => {
    const { page, boxes, release, violations } = await open(true);
    const before = await boxes();
    expect(before.loaded).toBe(false);
    expect(before.placeholder.visible).toBe(true);
    // The width and height attributes give the box its shape before a byte of the picture arrives.
    expect(before.img.w).toBeGreaterThan(350);
    expect(before.img.h).toBe(Math.round((before.img.w * 1000) / 1600));
    expect(before.placeholder).toEqual(before.img);
    await release();
    const after = await boxes();
    expect(after.img).toEqual(before.img);
    // 400 CSS px at 1x: the 400 px AVIF.
    expect(after.src).toMatch(new RegExp(`/${PHOTO_DIR}/[0-9a-f]{16}-400\\.avif$`));
    expect(violations).toEqual([]);
    await page.close();
  });

  it('should draw a picture narrower than its slot at its own width, never enlarged, without a shift', async () => {
    expect(small.natural).toBe(true);
    expect(picture.natural).toBeUndefined();
    const { page, boxes, release, violations } = await open(true, small);
    const before = await boxes();
    expect(before.img).toEqual({ w: 40, h: 30, visible: true });
    expect(before.placeholder).toEqual(before.img);
    await release();
    expect((await boxes()).img).toEqual(before.img);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('should keep the placeholder hidden when the site has not got the stylesheet', async () => {
    const { page, boxes, release } = await open(false);
    expect((await boxes()).placeholder.visible).toBe(false);
    await release();
    await page.close();
  });
});
