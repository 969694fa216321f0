import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/pipeline/builder.ts';
import type { DevSession } from '../src/dev/dev.ts';
import { article, devSite, removeDir, select, toString } from './helpers.ts';

/**
 * Do something to the sources and wait for the rebuild it causes. Rebuilds still coming
 * from the last change (the watcher looks at changed files again 80 ms later) are let
 * through first, so that the build waited for is this change's.
 */
async function change(session: DevSession, edit: () => Promise<void>): Promise<BuildResult | undefined> {
  const quiet = () => new Promise((resolve) => setTimeout(() => resolve('quiet'), 200));
  while ((await Promise.race([session.nextBuild().then(() => 'built'), quiet()])) === 'built');
  const next = session.nextBuild();
  await edit();
  return next;
}

describe('broadsheet dev', () => {
  let dir: string;
  let session: DevSession;
  const get = (p: string) => fetch(new URL(p, session.url));
  const page = async (p: string) => fromHtml(await (await get(p)).text());

  beforeAll(async () => {
    ({ dir, session } = await devSite({
      'articles/a.md': article(
        { title: 'First story', slug: 'first-story', date: '2025-01-02T10:00:00Z', section: 'world' },
        'Original text.',
      ),
      'articles/b.md': article({ title: 'Second story', date: '2025-01-01T10:00:00Z', section: 'world' }, 'More text.'),
    }));
  });
  afterAll(async () => {
    await session.close();
    await removeDir(dir);
  });

  it('should serve the site under its base path with content types, directory index and 404 page', async () => {
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\/$/);
    const front = await get('/news/');
    expect(front.status).toBe(200);
    expect(front.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await get('/news/feed.xml')).headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const redirect = await fetch(new URL('/news/world', session.url), { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/news/world/');
    const missing = await get('/news/no/such/page/');
    expect(missing.status).toBe(404);
    expect(toString(select('h1', fromHtml(await missing.text()))!)).toBe('Page not found');
  });

  it('should add the live-reload client to served pages only, never to files on disk', async () => {
    const served = await page('/news/');
    expect(select('script[src="/news/__broadsheet/client.js"]', served)).toBeDefined();
    const onDisk = await readFile(path.join(dir, 'dist/index.html'), 'utf8');
    expect(onDisk).not.toContain('__broadsheet');
    const client = await get('/news/__broadsheet/client.js');
    expect(client.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('should rebuild an edited story and the listings that include it', async () => {
    const result = await change(session, () =>
      writeFile(
        path.join(dir, 'articles/a.md'),
        article(
          { title: 'First story, updated', slug: 'first-story', date: '2025-01-02T10:00:00Z', section: 'world' },
          'New text.',
        ),
      ),
    );
    expect(result?.ok).toBe(true);
    expect(result?.stats.loaded).toBe(1);
    const story = await page('/news/2025/01/02/first-story/');
    expect(toString(select('h1', story)!)).toBe('First story, updated');
    expect(toString(select('.story-body', story)!)).toContain('New text.');
    expect(toString(select('.lead-story h2', await page('/news/'))!)).toBe('First story, updated');
    expect(await (await get('/news/world/')).text()).toContain('First story, updated');
  });

  it('should add and remove pages when stories are added and deleted', async () => {
    await change(session, () =>
      writeFile(path.join(dir, 'articles/c.md'), article({ title: 'Third story', date: '2025-01-03T10:00:00Z' })),
    );
    expect((await get('/news/2025/01/03/third-story/')).status).toBe(200);
    expect(toString(select('.lead-story h2', await page('/news/'))!)).toBe('Third story');
    await change(session, () => rm(path.join(dir, 'articles/c.md')));
    expect((await get('/news/2025/01/03/third-story/')).status).toBe(404);
    expect(await (await get('/news/')).text()).not.toContain('Third story');
  });

  it('should keep serving the last good site while an article is broken, and recover when it is fixed', async () => {
    const broken = await change(session, () => writeFile(path.join(dir, 'articles/a.md'), '---\ntitle: [oops\n---\nx'));
    expect(broken?.ok).toBe(false);
    expect((await get('/news/2025/01/02/first-story/')).status).toBe(200);
    const events = await fetch(new URL('__broadsheet/events', session.url));
    const reader = events.body!.getReader();
    let text = '';
    while (!text.includes('event: problems')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain('articles/a.md');
    const fixed = await change(session, () =>
      writeFile(
        path.join(dir, 'articles/a.md'),
        article({ title: 'First story, fixed', slug: 'first-story', date: '2025-01-02T10:00:00Z', section: 'world' }),
      ),
    );
    expect(fixed?.ok).toBe(true);
    expect(toString(select('h1', await page('/news/2025/01/02/first-story/'))!)).toBe('First story, fixed');
  });

  it('should pick up a changed layout without a restart, and report a layout that throws', async () => {
    const file = path.join(dir, 'layouts/story.tsx');
    const original = await readFile(file, 'utf8');
    await change(session, () =>
      writeFile(file, original.replace('<h1>{story.title}</h1>', '<h1 class="changed">{story.title}</h1>')),
    );
    expect(select('h1.changed', await page('/news/2025/01/02/first-story/'))).toBeDefined();
    const failing = await change(session, () =>
      writeFile(
        file,
        original.replace('<h1>{story.title}</h1>', "<h1>{(() => { throw new Error('layout boom'); })()}</h1>"),
      ),
    );
    expect(failing?.ok).toBe(false);
    expect(failing?.diagnostics[0]).toMatchObject({
      rule: 'layout-error',
      file: 'layouts/story.tsx',
      reason: expect.stringContaining('layout boom'),
    });
    expect((await get('/news/2025/01/02/first-story/')).status).toBe(200);
    const restored = await change(session, () => writeFile(file, original));
    expect(restored?.ok).toBe(true);
    expect(select('h1.changed', await page('/news/2025/01/02/first-story/'))).toBeUndefined();
  });

  it('should treat a burst of changes as one rebuild', async () => {
    let builds = 0;
    const counting = (async () => {
      // The first rebuild may be slow to come on a busy machine (other test files run at
      // once); after it, a quiet second and a half means the burst is over.
      const first = await Promise.race([
        session.nextBuild(),
        new Promise((res) => setTimeout(() => res('idle'), 30_000)),
      ]);
      if (first === 'idle') return;
      builds++;
      for (;;) {
        const r = await Promise.race([session.nextBuild(), new Promise((res) => setTimeout(() => res('idle'), 1500))]);
        if (r === 'idle') return;
        builds++;
      }
    })();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        writeFile(
          path.join(dir, `articles/burst-${i}.md`),
          article({ title: `Burst ${i}`, date: '2024-06-01T00:00:00Z' }),
        ),
      ),
    );
    await counting;
    expect(builds).toBeGreaterThanOrEqual(1);
    // 60 files written at once: coalesced into a handful of builds at most, not one per file.
    expect(builds).toBeLessThanOrEqual(5);
    expect((await get('/news/2024/06/01/burst-59/')).status).toBe(200);
  });
});
