import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { article, buildSite, removeDir, sameTrees, selectAll, tempSite } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const NOW = Date.parse('2026-12-07T12:00:00Z');
const LATER = Date.parse('2026-12-21T12:00:00Z');
const PDF = (name: string) => `%PDF-1.4 ${name}\n`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The links of a story page's body. */
const bodyLinks = async (built: Awaited<ReturnType<typeof buildSite>>, rel: string) =>
  selectAll('.story-body a', await built.page(rel)).map((a) => String(a.properties.href));

describe('files stories link to', () => {
  async function project(user: Record<string, unknown> = {}) {
    const dir = await tempSite({
      'articles/2026/festival.md': article(
        { title: 'Festival line-up announced', date: '2026-12-01T10:00:00Z' },
        'The programme: [PDF](programme.pdf), [page 3](programme.pdf#page=3), [rooted](/2026/shared.pdf), [the day](../).',
      ),
      'articles/2026/gala.md': article(
        { title: 'Embargoed gala', date: '2026-12-20T10:00:00Z' },
        'Seating: [plan](seating.pdf). Also [shared](shared.pdf).',
      ),
      'articles/2026/memo.md': article(
        { title: 'Draft memo', date: '2026-12-02T10:00:00Z', draft: 'true' },
        'The [memo](files/memo.txt).',
      ),
      'articles/2026/programme.pdf': PDF('programme'),
      'articles/2026/seating.pdf': PDF('seating'),
      'articles/2026/shared.pdf': PDF('shared'),
      'articles/2026/files/memo.txt': 'confidential\n',
      'articles/2026/unlinked.pdf': PDF('unlinked'),
      ...(Object.keys(user).length ? { 'broadsheet.config.json': JSON.stringify(user) } : {}),
    });
    dirs.push(dir);
    return dir;
  }

  it('should link a file from the story as the article links it, at the path the file is published at', async () => {
    for (const base of ['/', '/news/']) {
      const dir = await project();
      const built = await buildSite(dir, { url: `https://example.org${base}` }, { now: NOW, check: true });
      expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
      expect(await bodyLinks(built, '2026/12/01/festival-line-up-announced/index.html')).toEqual([
        `${base}2026/programme.pdf`,
        `${base}2026/programme.pdf#page=3`,
        `${base}2026/shared.pdf`,
        '../',
      ]);
      expect(await built.text('2026/programme.pdf')).toBe(PDF('programme'));
    }
  });

  it('should publish a file an embargoed story or a draft links only with the story, and any other at once', async () => {
    const dir = await project();
    const built = await buildSite(dir, {}, { now: NOW });
    expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
    const files = await built.files();
    // Linked by a published story too, or by none: copied as they are.
    expect(files).toEqual(expect.arrayContaining(['2026/programme.pdf', '2026/shared.pdf', '2026/unlinked.pdf']));
    expect(files).not.toContain('2026/seating.pdf');
    expect(files).not.toContain('2026/files/memo.txt');

    // The embargo lifts: the story and its file together, as a cold build has them.
    const lifted = await buildSite(dir, {}, { now: LATER });
    expect(lifted.result.ok).toBe(true);
    expect(await lifted.text('2026/seating.pdf')).toBe(PDF('seating'));
    expect(await lifted.files()).not.toContain('2026/files/memo.txt');
    const cold = await mkdtemp(path.join(tmpdir(), 'broadsheet-cold-'));
    dirs.push(cold);
    expect((await buildSite(dir, { out: cold }, { now: LATER, cache: false })).result.ok).toBe(true);
    await sameTrees(lifted.out, cold);

    // The draft published: its file with it.
    const drafts = await buildSite(dir, {}, { now: LATER, drafts: true });
    expect(await drafts.text('2026/files/memo.txt')).toBe('confidential\n');
  });

  it('should find the file a link names however it is written, and hold it back all the same', async () => {
    const dir = await project();
    const written = ['/news/2026/waiting.pdf', 'q%26a.pdf', 'files\\w.pdf'];
    await writeFile(
      path.join(dir, 'articles/2026/gala.md'),
      article(
        { title: 'Embargoed gala', date: '2026-12-20T10:00:00Z' },
        written.map((href, i) => `[file ${i}](${href})`).join(' '),
      ),
    );
    // Front matter that cannot be read: its body's links are found in the whole file.
    await writeFile(
      path.join(dir, 'articles/2026/broken-yaml.md'),
      '---\ntitle: Draft with bad yaml: colon\ndate: 2026-12-02\n---\n\nThe [memo](memo.pdf).\n',
    );
    const files = {
      'articles/2026/waiting.pdf': PDF('waiting'),
      'articles/2026/q&a.pdf': PDF('q&a'),
      'articles/2026/files/w.pdf': PDF('w'),
      'articles/2026/memo.pdf': PDF('memo'),
    };
    for (const [rel, text] of Object.entries(files)) await writeFile(path.join(dir, rel), text);
    const CONFIG = { url: 'https://example.org/news/', holdInvalid: true };
    const built = await buildSite(dir, CONFIG, { now: NOW });
    expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
    const present = await built.files();
    for (const rel of Object.keys(files)) expect(present, rel).not.toContain(rel.slice('articles/'.length));

    const lifted = await buildSite(dir, CONFIG, { now: LATER, check: true });
    expect(lifted.result.ok, JSON.stringify(lifted.result.diagnostics)).toBe(true);
    expect(await bodyLinks(lifted, '2026/12/20/embargoed-gala/index.html')).toEqual([
      '/news/2026/waiting.pdf',
      '/news/2026/q&a.pdf',
      '/news/2026/files/w.pdf',
    ]);
    expect(await lifted.text('2026/q&a.pdf')).toBe(PDF('q&a'));
    expect(await lifted.files()).not.toContain('2026/memo.pdf');
  });

  it('should keep a file online once published when only a draft links it later, by the ledger', async () => {
    const dir = await project();
    const ledger = { ledger: 'published-urls.txt' };
    expect((await buildSite(dir, ledger, { now: NOW })).result.ok).toBe(true);
    const fileLines = async () =>
      (await readFile(path.join(dir, 'published-urls.txt'), 'utf8')).split('\n').filter((l) => l.includes('\tfile\t'));
    // Linked by published stories: recorded, with their content's digest. Linked by none,
    // or by the draft and the embargoed story alone: not.
    expect(await fileLines()).toEqual([
      `/2026/programme.pdf\tfile\t${sha256(PDF('programme'))}`,
      `/2026/shared.pdf\tfile\t${sha256(PDF('shared'))}`,
    ]);

    // The published story drops its link; a new draft links the file alone.
    await writeFile(
      path.join(dir, 'articles/2026/festival.md'),
      article({ title: 'Festival line-up announced', date: '2026-12-01T10:00:00Z' }, 'The programme is out.'),
    );
    await writeFile(
      path.join(dir, 'articles/2026/revised.md'),
      article({ title: 'Revised programme', date: '2026-12-03T10:00:00Z', draft: 'true' }, 'See [it](programme.pdf).'),
    );
    const later = await buildSite(dir, ledger, { now: NOW });
    expect(later.result.ok).toBe(true);
    expect(await later.text('2026/programme.pdf')).toBe(PDF('programme'));
    // From the ledger, not from the last output: a cold build into an empty folder keeps it too.
    const cold = await mkdtemp(path.join(tmpdir(), 'broadsheet-cold-'));
    dirs.push(cold);
    expect((await buildSite(dir, { ...ledger, out: cold }, { now: NOW, cache: false })).result.ok).toBe(true);
    await sameTrees(later.out, cold);
    // A file never published still waits for its draft.
    expect(await later.files()).not.toContain('2026/files/memo.txt');

    // New content under the published name is not what was published: it waits for the draft.
    await writeFile(path.join(dir, 'articles/2026/programme.pdf'), PDF('next year'));
    const changed = await buildSite(dir, ledger, { now: NOW });
    expect(changed.result.ok).toBe(true);
    expect(await changed.files()).not.toContain('2026/programme.pdf');
    // The content published before is again online, deleted and added back or not.
    await writeFile(path.join(dir, 'articles/2026/programme.pdf'), PDF('programme'));
    const back = await buildSite(dir, ledger, { now: NOW });
    expect(await back.text('2026/programme.pdf')).toBe(PDF('programme'));
    expect(await fileLines()).toHaveLength(2);
  });

  it('should keep a file waiting while only an article with errors links it', async () => {
    const dir = await project();
    await writeFile(
      path.join(dir, 'articles/2026/broken.md'),
      article({ title: 'Broken', date: 'not a date' }, 'See [unlinked](unlinked.pdf) and [the plan](seating.pdf).'),
    );
    const built = await buildSite(dir, { holdInvalid: true }, { now: NOW });
    expect(built.result.ok, JSON.stringify(built.result.diagnostics)).toBe(true);
    expect(built.result.held?.length).toBe(1);
    const files = await built.files();
    expect(files).not.toContain('2026/unlinked.pdf');
    expect(files).not.toContain('2026/seating.pdf');
  });
});
