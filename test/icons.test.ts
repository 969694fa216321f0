import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config/config.ts';
import { ico, logoFile, renderIcons, siteIcons } from '../src/render/icons.ts';
import { buildSite, removeDir, selectAll, tempSite } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const SQUARE_SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#a4161a"/></svg>',
);
const WIDE_SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="60"><rect width="600" height="60" fill="#00f"/></svg>',
);

/** The images in an ICO file: size from its directory entry, and the PNG's own size. */
async function icoImages(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([view.getUint16(0, true), view.getUint16(2, true)]).toEqual([0, 1]);
  const images = [];
  for (let i = 0; i < view.getUint16(4, true); i++) {
    const entry = 6 + 16 * i;
    const size = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    const meta = await sharp(bytes.subarray(offset, offset + size)).metadata();
    images.push({ entry: view.getUint8(entry), format: meta.format, width: meta.width, height: meta.height });
  }
  return images;
}

const file = (icons: Awaited<ReturnType<typeof renderIcons>>, name: string) =>
  icons.files.find((f) => f.path === name)!.bytes;

/** The colour of one pixel, as [r, g, b]. */
async function pixel(png: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

describe('renderIcons', () => {
  it('should make a favicon.ico of 16, 32 and 48 px PNGs and square PNG icons from an SVG logo', async () => {
    const icons = await renderIcons(SQUARE_SVG, { name: 'The Daily', basePath: '/news/' });
    expect(icons.files.map((f) => f.path)).toEqual([
      'favicon.ico',
      'apple-touch-icon.png',
      'icon-192.png',
      'icon-512.png',
      'site.webmanifest',
    ]);
    expect(await icoImages(file(icons, 'favicon.ico'))).toEqual([
      { entry: 16, format: 'png', width: 16, height: 16 },
      { entry: 32, format: 'png', width: 32, height: 32 },
      { entry: 48, format: 'png', width: 48, height: 48 },
    ]);
    for (const [name, size] of [
      ['apple-touch-icon.png', 180],
      ['icon-192.png', 192],
      ['icon-512.png', 512],
    ] as const) {
      const meta = await sharp(file(icons, name)).metadata();
      expect([name, meta.format, meta.width, meta.height]).toEqual([name, 'png', size, size]);
    }
    // The logo drawn in the middle, on the background at the edges (touch icons are opaque).
    const touch = file(icons, 'apple-touch-icon.png');
    expect(await pixel(touch, 90, 90)).toEqual([0xa4, 0x16, 0x1a]);
    expect(await pixel(touch, 1, 1)).toEqual([255, 255, 255]);
    const manifest = JSON.parse(new TextDecoder().decode(file(icons, 'site.webmanifest')));
    expect(manifest).toMatchObject({ name: 'The Daily', start_url: '/news/', scope: '/news/' });
    expect(manifest.icons.map((i: { src: string }) => i.src)).toEqual(['icon-192.png', 'icon-512.png']);
    expect(icons.links.map((l) => [l.rel, l.href])).toEqual([
      ['icon', '/favicon.ico'],
      ['icon', '/icon-192.png'],
      ['apple-touch-icon', '/apple-touch-icon.png'],
      ['manifest', '/site.webmanifest'],
    ]);
  });

  it('should read raster logos too', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const icons = await renderIcons(png, { name: 'Green', basePath: '/' });
    expect(await pixel(file(icons, 'icon-512.png'), 256, 256)).toEqual([0, 255, 0]);
  });

  it('should draw a monogram in the site colours for a wordmark too wide to shrink into a square', async () => {
    const icons = await renderIcons(WIDE_SVG, { name: 'The Broadsheet Sample', basePath: '/' });
    const touch = file(icons, 'apple-touch-icon.png');
    // Paper at the corner, not the logo's blue; ink somewhere in the middle (the letter).
    expect(await pixel(touch, 2, 2)).toEqual([0x1a, 0x1a, 0x1a]);
    const { data } = await sharp(touch).raw().toBuffer({ resolveWithObject: true });
    let light = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 2]! > 200) light++;
    expect(light).toBeGreaterThan(180 * 180 * 0.05);
  });

  it('should refuse bytes that are not an image', async () => {
    await expect(renderIcons(new TextEncoder().encode('not an image'), { name: 'X', basePath: '/' })).rejects.toThrow();
  });

  it('should write sizes of 256 px as 0 in the ICO directory', async () => {
    const png = await sharp({ create: { width: 256, height: 256, channels: 4, background: '#000' } })
      .png()
      .toBuffer();
    expect((await icoImages(ico([{ size: 256, bytes: png }])))[0]!.entry).toBe(0);
  });
});

describe('siteIcons', () => {
  const config = (dir: string, user: UserConfig) =>
    resolveConfig({ url: 'https://example.org/news/', ...user }, { root: dir }).config!;

  it('should find the logo in public/, and make icons of it', async () => {
    const dir = await tempSite({ 'public/brand/logo.svg': SQUARE_SVG });
    dirs.push(dir);
    const resolved = config(dir, { publisher: { logo: '/brand/logo.svg' } });
    expect(logoFile(resolved)).toBe(path.join(dir, 'public/brand/logo.svg'));
    const { icons, diagnostics } = await siteIcons(resolved, dir);
    expect(diagnostics).toEqual([]);
    expect(icons?.files).toHaveLength(5);
  });

  it("should draw the site's initial without a logo, and say nothing", async () => {
    const dir = await tempSite();
    dirs.push(dir);
    const { icons, diagnostics } = await siteIcons(config(dir, { title: 'The Daily Planet' }), dir);
    expect(diagnostics).toEqual([]);
    expect(icons.files.map((f) => f.path)).toEqual([
      'favicon.ico',
      'apple-touch-icon.png',
      'icon-192.png',
      'icon-512.png',
      'site.webmanifest',
    ]);
    expect((await icoImages(file(icons, 'favicon.ico'))).map((i) => i.width)).toEqual([16, 32, 48]);
    // The monogram's paper at the corner, its ink in the letter.
    const touch = file(icons, 'apple-touch-icon.png');
    expect(await pixel(touch, 2, 2)).toEqual([0x1a, 0x1a, 0x1a]);
    const { data } = await sharp(touch).raw().toBuffer({ resolveWithObject: true });
    let light = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 2]! > 200) light++;
    expect(light).toBeGreaterThan(180 * 180 * 0.05);
    const manifest = JSON.parse(new TextDecoder().decode(file(icons, 'site.webmanifest')));
    expect(manifest.name).toBe('The Daily Planet');
  });

  it('should warn when the logo is a URL, missing, or not an image', async () => {
    const dir = await tempSite({ 'public/logo.png': 'not a png' });
    dirs.push(dir);
    for (const logo of ['https://cdn.example/logo.svg', '/missing.svg', '/logo.png', '/../outside.svg']) {
      const { icons, diagnostics } = await siteIcons(config(dir, { publisher: { logo } }), dir);
      // Still a favicon, of the site's initial.
      expect(icons.files.map((f) => f.path)).toContain('favicon.ico');
      expect(diagnostics.map((d) => [d.rule, d.severity])).toEqual([['logo-unreadable', 'warning']]);
    }
  });
});

/**
 * Two builds of a site, a story added before each: the second is not the first repeated
 * (the up-to-date shortcut would repeat its result) and takes the icons the first kept.
 */
async function* twoBuilds(dir: string, user: UserConfig) {
  for (let build = 0; build < 2; build++) {
    await writeFile(
      path.join(dir, `articles/b${build}.md`),
      `---\ntitle: Another story ${build}\ndate: 2026-11-21T10:00:00Z\n---\nText.\n`,
    );
    yield await buildSite(dir, user);
  }
}

describe('the icons of a built site', () => {
  it('should give a site without a logo a favicon, linked from its pages, made once and kept', async () => {
    const dir = await tempSite({ 'articles/a.md': '---\ntitle: A story\ndate: 2026-11-20T10:00:00Z\n---\nText.\n' });
    dirs.push(dir);
    const favicons: Buffer[] = [];
    for await (const site of twoBuilds(dir, { title: 'The Daily Planet' })) {
      expect(site.result.ok).toBe(true);
      expect(site.result.diagnostics.map((d) => d.rule)).not.toContain('logo-unreadable');
      const files = await site.files();
      for (const name of ['favicon.ico', 'apple-touch-icon.png', 'site.webmanifest']) expect(files).toContain(name);
      const hrefs = selectAll('link[rel~=icon]', await site.page('index.html')).map((link) =>
        String(link.properties.href),
      );
      expect(hrefs).toContain('/favicon.ico');
      favicons.push(await readFile(path.join(site.out, 'favicon.ico')));
    }
    expect(favicons[1]).toEqual(favicons[0]);
    expect((await icoImages(favicons[0]!)).map((i) => i.width)).toEqual([16, 32, 48]);
  });

  it('should leave a site without a logo its own favicon, and link no icons of its initial', async () => {
    const own = await sharp({ create: { width: 32, height: 32, channels: 4, background: '#0a0' } })
      .png()
      .toBuffer();
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: A story\ndate: 2026-11-20T10:00:00Z\n---\nText.\n',
      'public/favicon.ico': own,
    });
    dirs.push(dir);
    const site = await buildSite(dir, {});
    expect(site.result.ok).toBe(true);
    expect(await readFile(path.join(site.out, 'favicon.ico'))).toEqual(own);
    const files = await site.files();
    for (const name of ['apple-touch-icon.png', 'icon-192.png', 'site.webmanifest']) expect(files).not.toContain(name);
    expect(selectAll('link[rel~=icon], link[rel=manifest]', await site.page('index.html'))).toEqual([]);
  });

  it('should warn of a logo given as an address at every build, and keep the icons of the initial', async () => {
    const dir = await tempSite({ 'articles/a.md': '---\ntitle: A story\ndate: 2026-11-20T10:00:00Z\n---\nText.\n' });
    dirs.push(dir);
    for await (const site of twoBuilds(dir, { publisher: { logo: 'https://cdn.example/logo.svg' } })) {
      expect(site.result.ok).toBe(true);
      expect(site.result.diagnostics.map((d) => d.rule)).toContain('logo-unreadable');
      expect(await site.files()).toContain('favicon.ico');
    }
  });

  it('should warn of a logo that is not an image at every build, and write the icons of the initial', async () => {
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: A story\ndate: 2026-11-20T10:00:00Z\n---\nText.\n',
      'public/logo.png': 'not a png',
    });
    dirs.push(dir);
    for await (const site of twoBuilds(dir, { publisher: { logo: '/logo.png' } })) {
      expect(site.result.ok).toBe(true);
      expect(site.result.diagnostics.map((d) => d.rule)).toContain('logo-unreadable');
      expect(await site.files()).toContain('favicon.ico');
    }
  });

  it('should write the icons from the logo, link them from every page, and leave a favicon of the site its own', async () => {
    const dir = await tempSite({
      'articles/a.md': '---\ntitle: A story\ndate: 2026-11-20T10:00:00Z\n---\nText.\n',
      'public/logo.svg': new TextDecoder().decode(SQUARE_SVG),
    });
    dirs.push(dir);
    const site = await buildSite(dir, { publisher: { logo: '/logo.svg' } });
    expect(site.result.ok).toBe(true);
    const files = await site.files();
    for (const name of ['favicon.ico', 'apple-touch-icon.png', 'icon-192.png', 'icon-512.png', 'site.webmanifest'])
      expect(files).toContain(name);
    for (const page of ['index.html', '2026/11/20/a-story/index.html']) {
      const hrefs = selectAll(
        'link[rel~=icon], link[rel=apple-touch-icon], link[rel=manifest]',
        await site.page(page),
      ).map((link) => String(link.properties.href));
      expect(hrefs.sort()).toEqual(['/apple-touch-icon.png', '/favicon.ico', '/icon-192.png', '/site.webmanifest']);
    }

    // A favicon of the site's own wins over the one made from the logo.
    const own = await readFile(path.join(dir, 'public/logo.svg'));
    await writeFile(path.join(dir, 'public/favicon.ico'), own);
    const again = await buildSite(dir, { publisher: { logo: '/logo.svg' } });
    expect(again.result.ok).toBe(true);
    expect(await readFile(path.join(again.out, 'favicon.ico'))).toEqual(own);
  });
});
