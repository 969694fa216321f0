/// <reference lib="dom" />
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../src/dev/server.ts';
import { parseHeaders } from '../src/publish/headers.ts';
import { CHROMIUM, CHROMIUM_ARGS, cli, REPO, removeDir, tempSite } from './helpers.ts';

/** Screenshots for people to look at (git-ignored); nothing asserts on them. */
const ARTIFACTS = path.join(REPO, 'test/artifacts/theme');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

const PAGES = {
  front: '',
  story: '2021/05/05/russia-ready-to-promote-direct-israeli-palestinian-contacts/',
  rtlStory: '2026/11/26/haifa-photo-exhibition/',
  photoStory: '2026/11/25/volunteers-count-a-record-number-of-swifts-over-the-estuary/',
  listing: 'world/',
  tag: 'tags/floods/',
  search: 'search/',
} as const;

/** A story URL: /yyyy/mm/dd/slug/. */
const STORY_URL = /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/;

/**
 * The default theme as readers see it, in headless Chromium: the sample site built and
 * served with its own headers (Content-Security-Policy included), measured at phone and
 * desktop sizes, in light and dark.
 */
describe('the default theme in a browser', () => {
  let dir: string;
  let server: DevServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    dir = await tempSite();
    const out = path.join(dir, 'dist');
    const built = await cli(['build', '--no-cache', '--now', '2026-11-27T12:00:00Z', '--out', out]);
    expect(built.code, built.stderr).toBe(0);
    const { rules } = parseHeaders(await readFile(path.join(out, '_headers'), 'utf8'));
    server = createDevServer({ root: out, basePath: '/', liveReload: false, headerRules: () => rules });
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeDir(dir);
  });

  /** A browser context at a size and colour scheme, collecting CSP violations. */
  async function context(
    viewport: { width: number; height: number },
    options: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' } = {},
  ): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport, colorScheme: options.colorScheme ?? 'light', ...options });
    await ctx.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    return ctx;
  }

  async function open(ctx: BrowserContext, rel: string): Promise<Page> {
    const page = await ctx.newPage();
    const response = await page.goto(new URL(rel, base).href, { waitUntil: 'load' });
    expect(response?.status(), rel).toBe(200);
    return page;
  }

  const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

  it('should keep the section bar to one row of at most 56 px on a phone, scrolling sideways, Search in view', async () => {
    const ctx = await context(PHONE);
    for (const rel of Object.values(PAGES)) {
      const page = await open(ctx, rel);
      const bar = await page.evaluate(() => {
        const nav = document.querySelector('nav.sections')!;
        const list = nav.querySelector('ul')!;
        return {
          height: nav.getBoundingClientRect().height,
          tops: new Set([...list.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top))).size,
          scrolls: list.scrollWidth > list.clientWidth,
          pageWidth: document.documentElement.scrollWidth,
          search: (() => {
            const r = nav.querySelector('.search-link')!.getBoundingClientRect();
            return { left: r.left, right: r.right, width: r.width };
          })(),
        };
      });
      expect(bar.height, rel).toBeLessThanOrEqual(56);
      expect(bar.tops, `${rel}: links on one row`).toBe(1);
      expect(bar.scrolls, `${rel}: the row scrolls`).toBe(true);
      // The page itself never scrolls sideways.
      expect(bar.pageWidth, rel).toBeLessThanOrEqual(PHONE.width);
      // Search stays in view beside the row, whatever the row holds.
      expect(bar.search.width, rel).toBeGreaterThan(0);
      expect(bar.search.left, rel).toBeGreaterThanOrEqual(0);
      expect(bar.search.right, rel).toBeLessThanOrEqual(PHONE.width);
      expect(await violations(page), rel).toEqual([]);
    }
    await ctx.close();
  });

  it('should scroll a long line of code in its own box on a phone, not the page', async () => {
    const ctx = await context({ width: 375, height: 800 });
    const page = await open(ctx, PAGES.story);
    const widths = await page.evaluate(() => {
      // What Markdown makes of a fenced code block with one long line.
      const pre = document.createElement('pre');
      const code = pre.appendChild(document.createElement('code'));
      code.textContent = `const line = "${'x'.repeat(160)}";`;
      document.querySelector('.story-body')!.append(pre);
      return { page: document.documentElement.scrollWidth, box: pre.clientWidth, code: pre.scrollWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(375);
    expect(widths.code).toBeGreaterThan(widths.box);
    await ctx.close();
  });

  it('should start a story headline within 260 px of the top of a phone screen', async () => {
    const ctx = await context(PHONE);
    for (const rel of [PAGES.story, PAGES.rtlStory]) {
      const page = await open(ctx, rel);
      const top = await page.evaluate(() => document.querySelector('main h1')!.getBoundingClientRect().top);
      expect(top, rel).toBeLessThanOrEqual(260);
    }
    await ctx.close();
  });

  it('should mark the current section in the bar', async () => {
    const ctx = await context(DESKTOP);
    const current = async (rel: string) =>
      (await open(ctx, rel)).evaluate(() =>
        [...document.querySelectorAll('nav.sections a[aria-current]')].map((a) => [
          a.textContent!.trim(),
          a.getAttribute('aria-current'),
        ]),
      );
    expect(await current(PAGES.listing)).toEqual([['World', 'page']]);
    expect(await current(PAGES.story)).toEqual([['World', 'true']]);
    expect(await current(PAGES.search)).toEqual([['Search', 'page']]);
    expect(await current(PAGES.front)).toEqual([]);
    await ctx.close();
  });

  it('should lead the front page with a large picture when a recent story has one', async () => {
    const ctx = await context(PHONE);
    const page = await open(ctx, PAGES.front);
    const lead = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('main .lead-story picture img')!;
      const box = img.getBoundingClientRect();
      return { loaded: img.complete && img.naturalWidth > 0, width: box.width, top: box.top, alt: img.alt };
    });
    expect(lead.loaded).toBe(true);
    expect(lead.width).toBeGreaterThanOrEqual(PHONE.width - 2);
    expect(lead.top).toBeLessThan(PHONE.height / 2);
    expect(lead.alt).not.toBe('');
    await ctx.close();
  });

  it('should link each story once on the front page', async () => {
    const ctx = await context(DESKTOP);
    const page = await open(ctx, PAGES.front);
    const links = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLAnchorElement>('main a[href]')].map((a) => new URL(a.href).pathname),
    );
    const stories = links.filter((href) => STORY_URL.test(href));
    expect(stories.length).toBeGreaterThan(5);
    expect(stories.filter((href, i) => stories.indexOf(href) !== i)).toEqual([]);
    await ctx.close();
  });

  it('should not move anything while pictures arrive', async () => {
    const ctx = await context(PHONE);
    // Pictures arrive late, after the text has been laid out.
    await ctx.route(/\.(svg|png|jpe?g|webp)$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await ctx.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
          if (!entry.hadRecentInput) shifts.push(entry.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    for (const rel of [PAGES.front, PAGES.story, PAGES.listing]) {
      const page = await open(ctx, rel);
      await page.waitForFunction(() => [...document.images].every((img) => img.complete || img.loading === 'lazy'));
      await page.waitForTimeout(100);
      const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
      // A picture given no room moves the text under it, a shift of 0.05 or more at this
      // size. Under load Chromium now and then lays the masthead's search link out once
      // before its row settles (a shift of about 0.001, which no reader sees): not this.
      const total = shifts.reduce((sum, value) => sum + value, 0);
      expect(total, `${rel}: ${JSON.stringify(shifts)}`).toBeLessThan(0.01);
    }
    await ctx.close();
  });

  it("should keep a lead picture's placeholder inside the picture, clear of its caption", async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const ctx = await context(viewport);
      const page = await open(ctx, PAGES.photoStory);
      const boxes = await page.evaluate(() => {
        const figure = document.querySelector('main figure.figure:has(.photo-placeholder)')!;
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { top: Math.round(r.top), bottom: Math.round(r.bottom), width: Math.round(r.width) };
        };
        return {
          placeholder: box(figure.querySelector('.photo-placeholder')!),
          picture: box(figure.querySelector('picture > img')!),
          caption: box(figure.querySelector('figcaption')!),
          captionText: (() => {
            // The caption's own words: the first text node of the figcaption.
            const range = document.createRange();
            range.selectNodeContents(figure.querySelector('figcaption')!.firstChild!);
            const r = range.getBoundingClientRect();
            return { top: Math.round(r.top), bottom: Math.round(r.bottom), width: Math.round(r.width) };
          })(),
          credit: box(figure.querySelector('figcaption .credit')!),
        };
      });
      expect(boxes.placeholder, `${viewport.width} px`).toEqual(boxes.picture);
      expect(boxes.caption.top, `${viewport.width} px`).toBeGreaterThanOrEqual(boxes.picture.bottom);
      // The credit on a line of its own, below the caption's words.
      expect(boxes.credit.top, `${viewport.width} px`).toBeGreaterThanOrEqual(boxes.captionText.bottom);
      await ctx.close();
    }
  });

  it('should run the search given in the address, so that a search can be linked to', async () => {
    const ctx = await context(PHONE);
    const page = await open(ctx, `${PAGES.search}?q=river`);
    await page.locator('.pagefind-ui__result').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.pagefind-ui__search-input').inputValue()).toBe('river');
    const titles = await page.locator('.pagefind-ui__result-title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.join(' ').toLowerCase()).toContain('river');
    expect(await violations(page)).toEqual([]);
    await ctx.close();
  });

  it('should change colours in dark mode and keep text at 4.5:1 contrast in both schemes', async () => {
    const colours: Record<string, { background: string; text: string }> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await context(DESKTOP, { colorScheme: scheme });
      for (const rel of [PAGES.front, PAGES.story, PAGES.listing]) {
        const page = await open(ctx, rel);
        if (rel === PAGES.front)
          colours[scheme] = await page.evaluate(() => ({
            background: getComputedStyle(document.body).backgroundColor,
            text: getComputedStyle(document.body).color,
          }));
        expect(await lowContrast(page), `${scheme} ${rel}`).toEqual([]);
      }
      await ctx.close();
    }
    expect(colours.dark!.background).not.toBe(colours.light!.background);
    expect(colours.dark!.text).not.toBe(colours.light!.text);
  });

  it('should show a skip link on the first Tab, and a visible focus outline', async () => {
    const ctx = await context(PHONE);
    const page = await open(ctx, PAGES.story);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { text: el.textContent, top: box.top, outline: getComputedStyle(el).outlineStyle };
    });
    expect(focused.text).toBe('Skip to content');
    expect(focused.top).toBeGreaterThanOrEqual(0);
    expect(focused.outline).not.toBe('none');
    await ctx.close();
  });

  it('should scroll smoothly only for readers who have not asked for reduced motion, and print without the chrome', async () => {
    const behaviour = async (reducedMotion: 'reduce' | 'no-preference') => {
      const ctx = await context(DESKTOP, { reducedMotion });
      const page = await open(ctx, PAGES.story);
      const value = await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior);
      await ctx.close();
      return value;
    };
    expect(await behaviour('no-preference')).toBe('smooth');
    expect(await behaviour('reduce')).toBe('auto');
    const ctx = await context(DESKTOP);
    const page = await open(ctx, PAGES.story);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() =>
      ['nav.sections', '.site-footer', '.story-more', 'main h1'].map(
        (selector) => getComputedStyle(document.querySelector(selector)!).display !== 'none',
      ),
    );
    expect(shown).toEqual([false, false, false, true]);
    await ctx.close();
  });

  it('should say recent times as "… ago" where scripts run, keeping the absolute time, which prints', async () => {
    const ctx = await context(DESKTOP);
    const page = await ctx.newPage();
    // Two hours and five minutes after the river story's 08:15 UTC.
    await page.clock.setFixedTime(new Date('2026-11-26T10:20:00Z'));
    await page.goto(new URL('2026/11/26/river-level-warning-lifted-after-three-days-of-dry-weather/', base).href);
    const time = page.locator('.timestamps time').first();
    await expect.poll(() => time.textContent()).toBe('2 hours ago');
    expect(await time.getAttribute('datetime')).toBe('2026-11-26T08:15:00Z');
    expect(await time.getAttribute('title')).toBe('November 26, 2026, 8:15 AM GMT');
    // On paper, read later, the time as written.
    await page.emulateMedia({ media: 'print' });
    const printed = await time.evaluate((el) => ({
      text: getComputedStyle(el).fontSize,
      after: getComputedStyle(el, '::after').content,
    }));
    expect(printed).toEqual({ text: '0px', after: '"November 26, 2026, 8:15 AM GMT"' });
    // A day later the absolute time stays.
    const later = await ctx.newPage();
    await later.clock.setFixedTime(new Date('2026-11-28T10:20:00Z'));
    await later.goto(new URL('2026/11/26/river-level-warning-lifted-after-three-days-of-dry-weather/', base).href);
    await later.waitForLoadState('load');
    expect(await later.locator('.timestamps time').first().textContent()).toBe('November 26, 2026, 8:15 AM GMT');
    await ctx.close();
  });

  it('should keep screenshots of the front page, a story, a listing and search at phone and desktop sizes', async () => {
    for (const [size, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
      for (const scheme of ['light', 'dark'] as const) {
        const ctx = await context(viewport, { colorScheme: scheme });
        // Every page in light; the dark scheme on the two pages read most.
        const names =
          scheme === 'light' ? (['front', 'story', 'listing', 'search'] as const) : (['front', 'story'] as const);
        for (const name of names) {
          const page = await open(ctx, PAGES[name]);
          if (name === 'search') {
            const input = page.locator('.pagefind-ui__search-input');
            await input.waitFor({ timeout: 15_000 });
            await input.fill('river');
            await page.locator('.pagefind-ui__result').first().waitFor({ timeout: 15_000 });
          }
          // Lazy pictures below the first screen load before a full-page screenshot.
          await page.evaluate(() => document.querySelectorAll('img').forEach((img) => (img.loading = 'eager')));
          await page.waitForFunction(() => [...document.images].every((img) => img.complete));
          await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${size}-${scheme}.png`), fullPage: true });
        }
        await ctx.close();
      }
    }
  }, 120_000);
});

/** Copy as newsrooms write it, on a phone: results tables, pasted addresses, long compounds. */
describe('wide content on a phone', () => {
  it('should scroll a wide table in its own box and break long words, never the page sideways', async () => {
    const long = `https://www.example.com/${'a-very-long-path-segment/'.repeat(6)}index.html`;
    const word = 'Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung';
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({ title: 'T', url: 'https://example.org/', markdown: { gfm: true } }),
      'articles/results.md': [
        '---',
        `title: Results ${word}`,
        'date: 2026-12-07 10:00',
        '---',
        '',
        `| Ward | Labour | Conservative | Liberal Democrat | Green | Reform | Independent | Turnout | Majority |`,
        '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
        '| Northfield East | 1,204 | 988 | 455 | 301 | 290 | 88 | 34% | 216 |',
        '',
        `Read it at ${long} or ask the ${word}.`,
      ].join('\n'),
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const server = createDevServer({ root: path.join(dir, 'dist'), basePath: '/', liveReload: false });
    try {
      const built = await cli(['build', '--now', '2026-12-07T12:00:00Z'], dir);
      expect(built.code, built.stderr).toBe(0);
      await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/`;
      const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
      for (const rel of [
        '',
        '2026/12/07/results-donaudampfschifffahrtsgesellschaftskapitanswitwenrentenversicherung/',
      ]) {
        expect((await page.goto(new URL(rel, base).href))?.status(), rel).toBe(200);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), rel).toBeLessThanOrEqual(375);
      }
      const table = await page.evaluate(() => {
        const box = document.querySelector('.story-body .table-scroll')!;
        return { scrolls: box.scrollWidth > box.clientWidth, holds: box.querySelector('table') !== null };
      });
      expect(table).toEqual({ scrolls: true, holds: true });
    } finally {
      await browser.close();
      await server.close();
      await removeDir(dir);
    }
  });
});

/**
 * Every piece of visible text whose colour is below 4.5:1 against the background behind
 * it (the nearest ancestor with an opaque background), as "text: ratio".
 */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (colour: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = colour.match(/[\d.]+/g)!.map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element | null): { r: number; g: number; b: number } => {
      for (let el = element; el; el = el.parentElement) {
        const colour = rgb(getComputedStyle(el).backgroundColor);
        if (colour.a >= 1) return colour;
      }
      return { r: 255, g: 255, b: 255 };
    };
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement!;
      const text = node.textContent!.trim();
      if (!text || element.closest('.visually-hidden, noscript')) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      const fg = luminance(rgb(style.color));
      const bg = luminance(backgroundOf(element));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) problems.push(`${text.slice(0, 40)}: ${ratio.toFixed(2)}`);
    }
    return problems;
  });
}
