/// <reference lib="dom" />
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../src/dev/server.ts';
import { parseHeaders } from '../src/publish/headers.ts';
import { CHROMIUM, CHROMIUM_ARGS, cli, removeDir, tempSite } from './helpers.ts';

/**
 * The sample site as a host with `_headers` support serves it (under /news/), in headless
 * Chromium: its Content-Security-Policy must block nothing the pages need, search included.
 */
describe('the published site in a browser', () => {
  let dir: string;
  let server: DevServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    dir = await tempSite();
    const out = path.join(dir, 'dist');
    const built = await cli([
      'build',
      '--no-cache',
      '--now',
      '2026-11-27T12:00:00Z',
      '--base-url',
      'https://example.org/news/',
      '--out',
      out,
    ]);
    expect(built.code, built.stderr).toBe(0);
    // A control page with inline script, which the policy must block.
    await mkdir(path.join(out, 'probe'));
    await writeFile(
      path.join(out, 'probe/index.html'),
      '<!doctype html><title>probe</title><script>document.title = "ran"</script><p>probe</p>',
    );
    const { rules } = parseHeaders(await readFile(path.join(out, '_headers'), 'utf8'));
    server = createDevServer({ root: out, basePath: '/news/', liveReload: false, headerRules: () => rules });
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/news/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await removeDir(dir);
  });

  /** Open a page and collect every CSP violation it reports. */
  async function open(rel: string): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(new URL(rel, base).href);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    return { page, violations: () => page.evaluate(() => (window as unknown as { violations: string[] }).violations) };
  }

  it('should block inline script on a page that has it (the control)', async () => {
    const { page, violations } = await open('probe/');
    await page.waitForTimeout(100);
    expect(await page.title()).toBe('probe');
    expect(await violations()).toEqual(['script-src-elem inline']);
    await page.close();
  });

  it('should load the front page and a story page with no violation', async () => {
    for (const rel of ['', '2021/05/05/russia-ready-to-promote-direct-israeli-palestinian-contacts/']) {
      const { page, violations } = await open(rel);
      await page.waitForLoadState('load');
      // The stylesheet applied: the skip link is moved off screen by it.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')!).position)).toBe(
        'absolute',
      );
      expect(await violations()).toEqual([]);
      await page.close();
    }
  });

  it('should search with Pagefind (scripts, WebAssembly, fetches) with no violation', async () => {
    const { page, violations } = await open('search/');
    const input = page.locator('.pagefind-ui__search-input');
    await input.waitFor({ timeout: 15_000 });
    // Named before anything is searched, not only once results change the page.
    expect(await input.getAttribute('aria-label')).toBe('Search stories');
    await input.fill('Lavrov');
    await page.locator('.pagefind-ui__result').first().waitFor({ timeout: 15_000 });
    const link = await page.locator('.pagefind-ui__result-link').first().getAttribute('href');
    expect(link).toMatch(/^\/news\/2021\/05\/05\//);
    expect((await page.request.get(new URL(link!, base).href)).status()).toBe(200);
    const image = await page.locator('.pagefind-ui__result-image').first().getAttribute('src');
    expect((await page.request.get(new URL(image!, base).href)).status()).toBe(200);
    // That story is in the 2021 volume, merged into the newest one the page runs on; this one is in it.
    await input.fill('swifts');
    await page.locator('.pagefind-ui__result-link[href^="/news/2026/"]').first().waitFor({ timeout: 15_000 });
    // Screen readers hear what was found, and the box has a name of its own, not a title only.
    await page.locator('#search-status', { hasText: 'swifts' }).waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.locator('#search-status').getAttribute('role')).toBe('status');
    expect(await page.locator('#search-status').textContent()).toMatch(/\bresults? for swifts\b/);
    expect(await input.getAttribute('aria-label')).toBe('Search stories');
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
