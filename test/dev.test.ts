import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../src/diagnostics/diagnostics.ts';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/pipeline/builder.ts';
import type { DevSession } from '../src/dev/dev.ts';
import { TEMPLATE_PLACEHOLDER } from '../src/content/template.ts';
import {
  article,
  buildSite,
  cli,
  DEV_NOW,
  devProject,
  devSite,
  removeDir,
  serveCli,
  sameTrees,
  select,
  selectAll,
  startDevIn,
  toString,
} from './helpers.ts';

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

/** What `broadsheet serve` says on stderr before it serves a project's output, once it is serving. */
async function serveWarning(project: string): Promise<string> {
  const served = await serveCli(project);
  const said = served.stderr();
  await served.stop();
  return said;
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

  it('should answer localhost and IP addresses only, not a name another site points at it', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL('/news/', session.url);
        request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end();
      });
    const port = new URL(session.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`])
      expect(await status(host), host).toBe(200);
    // DNS rebinding: a page on attacker.example resolving its name to this machine.
    for (const host of [`attacker.example:${port}`, 'attacker.example', `localhost.attacker.example:${port}`])
      expect(await status(host), host).toBe(403);
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

describe('broadsheet dev: previews of drafts and embargoed stories', () => {
  const files = {
    'articles/live.md': article({ title: 'A published story', date: '2025-06-01T10:00:00Z', section: 'world' }),
    'articles/draft.md': article(
      {
        title: 'A zebra draft',
        date: '2025-06-02T10:00:00Z',
        section: 'world',
        tags: '[zebras]',
        aliases: '[/old-zebra/]',
        draft: 'true',
      },
      'Zebra text, not ready.',
    ),
    'articles/scheduled.md': article(
      { title: 'A quokka scoop', date: '2026-03-01T09:00:00Z', section: 'world', pin: 'lead' },
      'Quokka text, embargoed.',
    ),
  };
  const config = { search: true };
  let dir: string;
  beforeAll(async () => {
    dir = await devProject(files, config);
  });
  afterAll(() => removeDir(dir));
  const build = () =>
    buildSite(
      dir,
      { url: 'https://example.org/news/', ...config },
      { now: DEV_NOW, layouts: path.join(dir, 'layouts') },
    );

  it('should show them marked, list them at __broadsheet/, and leave the next build without them', async () => {
    // A build first, whose up-to-date state the dev server's output must not pass for.
    expect((await build()).result.ok).toBe(true);
    const { session } = await startDevIn(dir);
    try {
      const page = async (p: string) => fromHtml(await (await fetch(new URL(p, session.url))).text());
      const draft = await page('/news/2025/06/02/a-zebra-draft/');
      expect(toString(select('.preview-notice strong', draft)!)).toBe('DRAFT');
      expect(toString(select('h1', draft)!)).toBe('A zebra draft');
      const scheduled = await page('/news/2026/03/01/a-quokka-scoop/');
      const notice = select('.preview-notice', scheduled)!;
      expect(toString(notice)).toMatch(/^EMBARGOED until March 1, 2026, 9:00 AM UTC/);
      expect(select('time', notice)!.properties.dateTime).toBe('2026-03-01T09:00:00Z');
      // The preview shows the front page as it will be: the scheduled story leads, as pinned.
      const front = await page('/news/');
      expect(toString(select('.lead-story h2', front)!)).toBe('A quokka scoop');
      expect(toString(select('.lead-story .preview-label', front)!)).toBe('Embargoed');
      expect(select('.preview-notice', await page('/news/2025/06/01/a-published-story/'))).toBeUndefined();

      const overview = await page('/news/__broadsheet/');
      const rows = (caption: string) => {
        const table = selectAll('table', overview).find((t) => toString(select('caption', t)!).startsWith(caption))!;
        return selectAll('tbody tr', table).map((tr) => [
          select('time', tr)!.properties.dateTime,
          select('a', tr)!.properties.href,
          toString(select('code', tr)!),
        ]);
      };
      expect(rows('Scheduled')).toEqual([
        ['2026-03-01T09:00:00Z', '/news/2026/03/01/a-quokka-scoop/', path.join('articles', 'scheduled.md')],
      ]);
      expect(rows('Drafts')).toEqual([
        ['2025-06-02T10:00:00Z', '/news/2025/06/02/a-zebra-draft/', path.join('articles', 'draft.md')],
      ]);
    } finally {
      await session.close();
    }

    const after = await build();
    expect(after.result.ok).toBe(true);
    expect(after.result.timings.map(([stage]) => stage)).toContain('render');
    // Not a page, a feed, a redirect or an index that names them or marks a story a preview
    // (the stylesheet alone has those class names).
    for (const rel of (await after.files()).filter((f) => !f.startsWith('assets/'))) {
      const text = await after.text(rel);
      expect(text, rel).not.toMatch(/zebra|quokka|preview-notice|preview-label/i);
    }
    // The same bytes as a build that never saw the dev server, search index included.
    const cold = await devProject(files, config);
    try {
      const fresh = await buildSite(
        cold,
        { url: 'https://example.org/news/', ...config },
        { now: DEV_NOW, layouts: path.join(cold, 'layouts'), cache: false },
      );
      await sameTrees(after.out, fresh.out);
    } finally {
      await removeDir(cold);
    }
  });

  it('should keep them out of the search index that a later build keeps', async () => {
    // Six stories newer than a draft no page of a build would list: a build after the dev
    // server renders no page, so it keeps the search index the dev server made.
    const stories: Record<string, string> = {
      'articles/draft.md': article(
        { title: 'An old zebra draft', date: '2020-01-01T10:00:00Z', draft: 'true' },
        'Zebra.',
      ),
    };
    for (let n = 1; n <= 6; n++)
      stories[`articles/s${n}.md`] = article({ title: `Story ${n}`, date: `2025-06-0${n}T10:00:00Z` }, `Text ${n}.`);
    const user = { search: true, frontPage: { leadCandidates: 1, secondary: 0, perSection: 0, latest: 0 } };
    const project = await devProject(stories, user);
    const cold = await devProject(stories, user);
    try {
      const { session } = await startDevIn(project);
      expect((await fetch(new URL('/news/2020/01/01/an-old-zebra-draft/', session.url))).status).toBe(200);
      await session.close();
      const options = (dir: string, cache: boolean) => ({ now: DEV_NOW, layouts: path.join(dir, 'layouts'), cache });
      const after = await buildSite(project, { url: 'https://example.org/news/', ...user }, options(project, true));
      expect(after.result.stats.rendered).toBe(0);
      const fresh = await buildSite(cold, { url: 'https://example.org/news/', ...user }, options(cold, false));
      await sameTrees(after.out, fresh.out);
    } finally {
      await removeDir(project);
      await removeDir(cold);
    }
  });

  it('should leave an output that check refuses to pass for publishing until a build replaces it', async () => {
    const project = await devProject({
      'articles/draft.md': article({ title: 'A zebra draft', date: '2025-06-02T10:00:00Z', draft: 'true' }, 'Zebra.'),
      'articles/later.md': article({ title: 'An embargoed story', date: '2030-01-01T10:00:00Z' }, 'Later.'),
      'articles/s1.md': article({ title: 'Story 1', date: '2025-06-01T10:00:00Z' }, 'Text.'),
    });
    try {
      const { session } = await startDevIn(project);
      await session.close();
      const manifest = JSON.parse(await readFile(path.join(project, 'dist/.broadsheet/manifest.json'), 'utf8')) as {
        preview?: number;
      };
      expect(manifest.preview).toBe(2);
      const refused = await cli(['check'], project);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('it shows 2 draft or embargoed stories [preview-output]');
      const listed = await cli(['changes', '--since', path.join(project, 'dist/.broadsheet/manifest.json')], project);
      expect(listed.code).toBe(1);
      expect(listed.stdout).toBe('');
      expect(listed.stderr).toContain('dist is a preview by broadsheet dev (it shows 2 draft or embargoed stories)');
      expect(await serveWarning(project)).toContain(
        'dist is a preview by broadsheet dev: it shows 2 draft or embargoed',
      );

      const built = await cli(['build', '--now', new Date(DEV_NOW).toISOString()], project);
      expect(built.code, built.stderr).toBe(0);
      const passed = await cli(['check'], project);
      expect(await serveWarning(project)).toBe('');
      expect(passed.stderr).not.toContain('preview-output');
      expect(passed.code, passed.stderr).toBe(0);
    } finally {
      await removeDir(project);
    }
  });

  it('should leave them out with preview off, as a build does', async () => {
    const { session } = await startDevIn(dir, { preview: false });
    try {
      expect((await fetch(new URL('/news/2025/06/02/a-zebra-draft/', session.url))).status).toBe(404);
      const overview = await (await fetch(new URL('/news/__broadsheet/', session.url))).text();
      expect(overview).toContain('Preview is off');
    } finally {
      await session.close();
    }
  });
});

describe('broadsheet dev: starting', () => {
  it('should serve a save made before the watcher saw the files, once it says it is serving', async () => {
    const dir = await devProject({
      'articles/a.md': article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z' }, 'Original text.'),
    });
    let edited = false;
    // Saves made the moment the first build is done, before the watcher has started or looked
    // at the files: to it they are how the files always were, not changes.
    const log = (line: string) => {
      if (edited || !line.startsWith('built in')) return;
      edited = true;
      writeFileSync(
        path.join(dir, 'articles/a.md'),
        article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z' }, 'Saved while starting.'),
      );
      writeFileSync(
        path.join(dir, 'articles/b.md'),
        article({ title: 'Second story', slug: 'second', date: '2025-01-03T10:00:00Z' }, 'Added while starting.'),
      );
    };
    const { session } = await startDevIn(dir, { log });
    try {
      expect(edited).toBe(true);
      const text = async (p: string) => toString(fromHtml(await (await fetch(new URL(p, session.url))).text()));
      expect(await text('/news/2025/01/02/first/')).toContain('Saved while starting.');
      expect(await text('/news/2025/01/03/second/')).toContain('Added while starting.');
      // And a save from now on is a rebuild like any other. The watcher may still report the
      // saves above (a rebuild that changes nothing): builds are awaited until one serves it.
      let next = session.nextBuild();
      writeFileSync(
        path.join(dir, 'articles/a.md'),
        article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z' }, 'Saved once serving.'),
      );
      for (let builds = 0; builds < 5; builds++) {
        expect((await next)?.ok).toBe(true);
        next = session.nextBuild();
        if ((await text('/news/2025/01/02/first/')).includes('Saved once serving.')) break;
      }
      expect(await text('/news/2025/01/02/first/')).toContain('Saved once serving.');
    } finally {
      await session.close();
      await removeDir(dir);
    }
  });

  it('should print a warning once a session, and the new one on the save that made it', async () => {
    const dir = await devProject({
      'articles/a.md': article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z', colour: 'red' }),
    });
    const lines: string[] = [];
    const { session, problems } = await startDevIn(dir, { log: (line) => lines.push(line) });
    try {
      const rules = (list: readonly Diagnostic[]) => list.map((d) => d.rule).sort();
      expect(rules(problems.flat())).toContain('unknown-field');
      problems.length = 0;
      const next = session.nextBuild();
      await writeFile(
        path.join(dir, 'articles/a.md'),
        article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z', colour: 'red', size: 'big' }),
      );
      expect((await next)?.ok).toBe(true);
      // The new warning alone, and a word for the ones already told.
      expect(problems.flat().map((d) => [d.rule, d.reason])).toEqual([
        ['unknown-field', expect.stringContaining('size')],
      ]);
      // The unknown field "colour" again, among them.
      expect(lines).toContainEqual(expect.stringMatching(/^\(\d+ warnings? as before, not shown again\)$/));
      // A warning that goes and comes back is told again. The watcher may report a save
      // twice: builds are awaited until one shows the save.
      const save = async (fields: Record<string, string>, shows: (list: Diagnostic[]) => boolean) => {
        problems.length = 0;
        let next = session.nextBuild();
        await writeFile(
          path.join(dir, 'articles/a.md'),
          article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z', ...fields }),
        );
        for (let builds = 0; builds < 5 && !shows(problems.flat()); builds++) {
          expect((await next)?.ok).toBe(true);
          next = session.nextBuild();
        }
        return problems.flat();
      };
      // A build that loaded the saved article (a second report of a save loads none).
      const loadedSince = (n: number) => () => lines.slice(n).some((l) => /: 1 article loaded/.test(l));
      const gone = await save({}, loadedSince(lines.length));
      expect(gone.filter((d) => d.rule === 'unknown-field')).toEqual([]);
      const back = await save({ colour: 'red' }, (list) => list.some((d) => d.rule === 'unknown-field'));
      expect(back.map((d) => [d.rule, d.reason])).toEqual([['unknown-field', expect.stringContaining('colour')]]);
    } finally {
      await session.close();
      await removeDir(dir);
    }
  });

  it('should start on a story `new` just wrote, leaving it out of the preview until it is written', async () => {
    const dir = await devProject({
      'articles/a.md': article({ title: 'First story', slug: 'first', date: '2025-01-02T10:00:00Z' }, 'Text.'),
      'articles/b.md': article(
        { title: 'Being written', slug: 'written', date: '2025-01-03T10:00:00Z' },
        `${TEMPLATE_PLACEHOLDER} More of new's text.`,
      ),
    });
    const { session, problems } = await startDevIn(dir);
    try {
      const told = problems.flat().filter((d) => d.rule !== 'search-off');
      expect(told.map((d) => [d.rule, d.severity, d.file])).toEqual([['template-text', 'warning', 'articles/b.md']]);
      expect((await fetch(new URL('/news/2025/01/02/first/', session.url))).status).toBe(200);
      expect((await fetch(new URL('/news/2025/01/03/written/', session.url))).status).toBe(404);
      let next = session.nextBuild();
      await writeFile(
        path.join(dir, 'articles/b.md'),
        article({ title: 'Being written', slug: 'written', date: '2025-01-03T10:00:00Z' }, 'The story.'),
      );
      // Builds are awaited until one serves it: the watcher may report a save twice.
      const status = async () => (await fetch(new URL('/news/2025/01/03/written/', session.url))).status;
      for (let builds = 0; builds < 5; builds++) {
        expect((await next)?.ok).toBe(true);
        next = session.nextBuild();
        if ((await status()) === 200) break;
      }
      expect(await status()).toBe(200);
      await writeFile(
        path.join(dir, 'articles/c.md'),
        article({ title: 'Next one', slug: 'next', date: '2025-01-04T10:00:00Z' }, TEMPLATE_PLACEHOLDER),
      );
      await session.close();
      // A build publishes for real: there the placeholder is an error, as before.
      const built = await cli(['build'], dir);
      expect([built.code, built.stderr]).toEqual([1, expect.stringContaining('articles/c.md:')]);
      expect(built.stderr).toContain('[template-text]');
    } finally {
      await session.close();
      await removeDir(dir);
    }
  });
});
