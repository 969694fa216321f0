import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../src/content/discover.ts';
import { classify } from '../src/dev/watch.ts';
import { article, buildSite, removeDir, tempSite } from './helpers.ts';

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
    expect(all.filter((f) => /notes|obsidian|secret|idea|thumb|swp|DS_Store|syncthing/i.test(f))).toEqual([]);
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
    for (const rel of ['.notes.md', '.obsidian/a.md', '2024/.drafts/b.md', '_drafts/c.md', '.story.md.swp'])
      expect(classify(path.join(root, 'articles', rel), targets)).toBeUndefined();
  });
});
