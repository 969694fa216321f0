import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../src/content/discover.ts';
import { classify } from '../src/dev/watch.ts';
import { article, buildSite, cli, removeDir, tempSite } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** What editors, sync tools and notes apps leave in an articles folder, beside one story. */
const CLUTTER = {
  'articles/story.md': article({ title: 'The story' }),
  'articles/.notes.md': article({ title: 'Private notes' }),
  'articles/.story.md.swp': 'swap',
  'articles/.#story.md': 'lock',
  'articles/._story.md': 'AppleDouble',
  'articles/.syncthing.story.md.tmp': 'partial',
  'articles/.obsidian/workspace.md': article({ title: 'Obsidian' }),
  'articles/2024/.drafts/secret.md': article({ title: 'Hidden draft' }),
  'articles/_drafts/idea.md': article({ title: 'Underscored draft' }),
  'articles/2024/.DS_Store': 'x',
  'articles/images/photo.jpg': 'jpeg',
  'articles/images/.thumb.jpg': 'jpeg',
  'articles/files/report.pdf': 'pdf',
  // Editors' backup copies of a draft: named otherwise than .md, they would be copied, text and all.
  'articles/investigation.md~': article({ title: 'Secret draft backup', draft: 'true' }),
  'articles/#investigation.md#': article({ title: 'Secret draft autosave', draft: 'true' }),
  'articles/investigation.md.bak': article({ title: 'Secret draft bak', draft: 'true' }),
  'articles/investigation.md.orig': article({ title: 'Secret draft orig', draft: 'true' }),
};

describe('discover', () => {
  it('should skip dotfiles, dot-folders and "_" names at any depth, and nothing else', async () => {
    const dir = await tempSite(CLUTTER);
    dirs.push(dir);
    expect(await discover(path.join(dir, 'articles'))).toEqual({
      articles: ['story.md'],
      files: ['files/report.pdf', 'images/photo.jpg'],
    });
    // The articles folder itself may sit in a dot-folder, given as a relative path or with a trailing "/".
    const hidden = await tempSite({ '.content/articles/a.md': article() });
    dirs.push(hidden);
    expect((await discover(path.join(hidden, '.content/articles/'))).articles).toEqual(['a.md']);
  });

  it('should publish none of them', async () => {
    const dir = await tempSite(CLUTTER);
    dirs.push(dir);
    const { result, files } = await buildSite(dir, { url: 'https://example.org/' });
    expect(result.stats.stories).toBe(1);
    const all = await files();
    expect(all.filter((f) => /notes|obsidian|secret|idea|thumb|swp|DS_Store|syncthing|investigation/i.test(f))).toEqual(
      [],
    );
    expect(all).toContain('files/report.pdf');
    // Pictures are published only as the photo stage makes them, for the stories that show them.
    expect(all).not.toContain('images/photo.jpg');
  });

  it('should not make watch mode rebuild for them', () => {
    const root = path.resolve('/site');
    const targets = {
      articles: path.join(root, 'articles'),
      layouts: path.join(root, 'layouts'),
      public: path.join(root, 'public'),
      configFiles: [],
    };
    expect(classify(path.join(root, 'articles', 'story.md'), targets)).toBe('article');
    expect(classify(path.join(root, 'articles', 'images', 'a.jpg'), targets)).toBe('asset');
    for (const rel of ['.notes.md', '.obsidian/a.md', '2024/.drafts/b.md', '_drafts/c.md', '.story.md.swp', 'a.md~'])
      expect(classify(path.join(root, 'articles', rel), targets)).toBeUndefined();
  });

  it('should publish documents, data, archives and audio, and withhold any other kind and unsafe names', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0x10, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a]);
    const dir = await tempSite({ 'articles/story.md': article({ title: 'The story' }) });
    dirs.push(dir);
    await mkdir(path.join(dir, 'articles', 'x\n'), { recursive: true });
    const files: Record<string, string | Buffer> = {
      // Pictures under a name the photo stage does not read, found by their first bytes or name.
      'holiday.jpe': jpeg,
      'scan.pdf': jpeg,
      'art.psd': Buffer.from('8BPS\u0000\u0001'),
      // Pages, scripts and XML documents of every name, and videos: not on the list.
      'release.html': '<!doctype html><script src="/app.js"></script>',
      'app.js': 'document.title = document.cookie;',
      'page.xht': '<x xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></x>',
      'map.kml': '<kml><script>alert(1)</script></kml>',
      'clip.mov': 'video',
      noext: '<script>alert(1)</script>',
      // Names no URL can hold, or that read otherwise than they are; an article's too.
      'tab\tname.pdf': 'pdf',
      'a\u202Elmth.txt': 'text',
      'x\n/story.md': article({ title: 'Line break in its folder' }),
      // On the list, and not a picture whatever their first letters: copied.
      'bmw.txt': 'BMW report, page one',
      'report.pdf': '%PDF-1.7',
      'votes.csv': 'ward,votes\n',
      'interview.mp3': 'ID3',
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(dir, 'articles', name), bytes);
    const { result, files: listed } = await buildSite(dir, {
      url: 'https://example.org/',
      ledger: 'published-urls.txt',
    });
    expect(result.ok).toBe(true);
    const all = await listed();
    expect(all).toEqual(expect.arrayContaining(['bmw.txt', 'interview.mp3', 'report.pdf', 'votes.csv']));
    for (const name of ['holiday.jpe', 'scan.pdf', 'art.psd', 'release.html', 'app.js', 'page.xht', 'map.kml'])
      expect(all, name).not.toContain(name);
    for (const name of ['clip.mov', 'noext', 'tab\tname.pdf', 'a\u202Elmth.txt']) expect(all, name).not.toContain(name);
    expect(result.stats.stories).toBe(1);
    const warned = result.diagnostics.filter((d) => d.rule === 'file-withheld');
    const kind = (reason: string) => reason.replace(/^\S+ /, '').split(':')[0];
    expect(warned.map((d) => [path.basename(d.file), kind(d.reason)]).sort()).toEqual(
      [
        [
          'app.js',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'art.psd',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'clip.mov',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'holiday.jpe',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'map.kml',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'noext',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'page.xht',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        [
          'release.html',
          'is not a kind of file published from the articles folder (documents, data, archives, audio and subtitles are)',
        ],
        ['scan.pdf', 'is a picture under a name the photo stage does not read'],
        ['story.md', 'has a control character, a backslash or a bidirectional control in its name'],
        ['tab\\tname.pdf', 'has a control character, a backslash or a bidirectional control in its name'],
        ['a\\u202elmth.txt', 'has a control character, a backslash or a bidirectional control in its name'],
      ].sort(),
    );
    // No line of the URL ledger is any file's or article's but the story's.
    const ledger = await readFile(path.join(dir, 'published-urls.txt'), 'utf8');
    expect(
      ledger
        .split('\n')
        .filter((l) => l.startsWith('/') && !l.includes('\tlisting\t'))
        .map((l) => l.split('\t')[2]),
    ).toEqual(['story.md']);
  });

  it('should refuse to withhold a file an earlier build published, unless its URL is retired', async () => {
    const dir = await tempSite({
      'articles/story.md': article({ title: 'The story' }, 'The [map](map.kml).'),
      'articles/map.kml': '<kml/>',
      // As a build before this one, which published every kind of file, recorded it.
      'published-urls.txt': `/map.kml\tfile\t${'0'.repeat(64)}\n`,
    });
    dirs.push(dir);
    const config = { url: 'https://example.org/', ledger: 'published-urls.txt' };
    const built = await buildSite(dir, config);
    expect(built.result.ok).toBe(false);
    expect(built.result.diagnostics.filter((d) => d.rule === 'url-broken').map((d) => [d.file, d.reason])).toEqual([
      [
        path.join('articles', 'map.kml'),
        'published URL /map.kml would break: the file is withheld now (see its file-withheld warning)',
      ],
    ]);
    const retired = await cli(['retire', '/map.kml', '--reason', 'Not a kind of file the site publishes'], dir);
    expect(retired.code, retired.stderr).toBe(0);
    expect((await buildSite(dir, config)).result.ok).toBe(true);
  });

  it('should leave out a file of public/ whose name no URL can hold, with a warning, not an internal error', async () => {
    const dir = await tempSite({ 'articles/story.md': article({ title: 'The story' }), 'public/ok.txt': 'ok' });
    dirs.push(dir);
    await writeFile(path.join(dir, 'public', 'bad\tname.txt'), 'x');
    const { result, files } = await buildSite(dir, { url: 'https://example.org/', public: 'public' });
    expect(result.ok).toBe(true);
    expect((await files()).filter((f) => f.endsWith('.txt'))).toEqual(['ok.txt', 'robots.txt']);
    expect(result.diagnostics.filter((d) => d.rule === 'file-withheld').map((d) => [d.file, d.hint])).toEqual([
      [path.join('public', 'bad\\tname.txt'), 'Rename it without tabs, line breaks, backslashes or direction marks.'],
    ]);
  });

  it('should withhold an article saved under another name, with a warning, and copy other files', async () => {
    const dir = await tempSite({
      'articles/story.md': article({ title: 'The story' }),
      'articles/budget.md.txt': article({ title: 'EMBARGOED budget details', date: '2099-01-01T09:00:00Z' }),
      'articles/2024/memo.txt': `\uFEFF---\r\ntitle: Memo\r\n---\r\nPrivate.\r\n`,
      'articles/files/notes.txt': 'Plain notes, no front matter.\n---\n',
      'articles/files/rule.txt': '------\n',
    });
    dirs.push(dir);
    const first = await buildSite(dir, { url: 'https://example.org/' });
    expect(first.result.ok).toBe(true);
    const all = await first.files();
    expect(all.filter((f) => /budget|memo/.test(f))).toEqual([]);
    expect(all).toEqual(expect.arrayContaining(['files/notes.txt', 'files/rule.txt']));
    const warned = first.result.diagnostics.filter((d) => d.rule === 'article-misnamed');
    expect(warned.map((d) => [d.file, d.severity, d.hint])).toEqual([
      [
        path.join('articles', '2024', 'memo.txt'),
        'warning',
        'Rename it memo.md to publish it as a story, or delete it if it is a copy.',
      ],
      [
        path.join('articles', 'budget.md.txt'),
        'warning',
        'Rename it budget.md to publish it as a story, or delete it if it is a copy.',
      ],
    ]);
    // Deleting one is a change the next build sees, though it was never copied.
    await removeDir(path.join(dir, 'articles', 'budget.md.txt'));
    const second = await buildSite(dir, { url: 'https://example.org/' });
    expect(second.result.diagnostics.filter((d) => d.rule === 'article-misnamed').map((d) => d.file)).toEqual([
      path.join('articles', '2024', 'memo.txt'),
    ]);
  });
});
