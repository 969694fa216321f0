/// <reference lib="dom" />
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevSession } from '../src/dev/dev.ts';
import { article, CHROMIUM, CHROMIUM_ARGS, devSite, removeDir } from './helpers.ts';

/** Live reload as an editor sees it, in headless Chromium (Debian's, driven by playwright-core). */
describe('live reload in a browser', () => {
  let dir: string;
  let session: DevSession;
  let browser: Browser;
  let page: Page;
  const story = (title: string) => article({ title, slug: 'live', date: '2025-01-02T10:00:00Z' }, 'Text.');

  beforeAll(async () => {
    ({ dir, session } = await devSite({ 'articles/live.md': story('Before the edit') }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage();
    await page.goto(new URL('2025/01/02/live/', session.url).href);
  });
  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await removeDir(dir);
  });

  it('should reload the page when its story is saved', async () => {
    expect(await page.textContent('h1')).toBe('Before the edit');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await writeFile(path.join(dir, 'articles/live.md'), story('After the edit'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'After the edit', null, {
      timeout: 15_000,
    });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
  });

  it('should swap the stylesheet without reloading when only CSS changed', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 2));
    const before = await page.getAttribute('link[rel=stylesheet]', 'href');
    const css = path.join(dir, 'layouts/assets/style.css');
    await writeFile(css, `${await readFile(css, 'utf8')}\nh1 { color: rgb(1, 2, 3); }\n`);
    await page.waitForFunction(
      (old) => document.querySelector('link[rel=stylesheet]')?.getAttribute('href') !== old,
      before,
      { timeout: 15_000 },
    );
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1')!).color === 'rgb(1, 2, 3)', null, {
      timeout: 15_000,
    });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(2);
  });

  it('should show an error overlay naming the file, and clear it when the file is fixed', async () => {
    await writeFile(path.join(dir, 'articles/live.md'), '---\ntitle: [broken\n---\n');
    const overlay = page.locator('#broadsheet-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await overlay.locator('.broadsheet-error-file').first().textContent()).toMatch(
      /^articles\/live\.md:\d+:\d+$/,
    );
    expect(await page.textContent('h1')).toBe('After the edit');
    await writeFile(path.join(dir, 'articles/live.md'), story('Fixed again'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Fixed again', null, {
      timeout: 15_000,
    });
    expect(await page.locator('#broadsheet-error-overlay').count()).toBe(0);
  });
});
