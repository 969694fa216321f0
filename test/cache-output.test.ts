import { cp, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, cli, removeDir, SAMPLE_LAYOUTS, SAMPLE_NOW, sameTrees, tempSite } from './helpers.ts';

const NOW = new Date(SAMPLE_NOW).toISOString();
const build = (dir: string, ...args: string[]) =>
  cli(['build', '--layouts', SAMPLE_LAYOUTS, '--now', NOW, ...args], dir);

/**
 * The cache's page keys describe the output its last build left. A build into another
 * folder, or into one changed behind the cache's back, must not keep pages by them.
 */
describe('the cache and the output folder it describes', () => {
  it('should render again into a folder that another build left behind, as a cold build would', async () => {
    const dir = await tempSite({
      'broadsheet.config.json': JSON.stringify({ search: false }),
      'articles/a.md': article({ title: 'First story', date: '2026-11-20T10:00:00Z' }, 'The first version.'),
      'articles/b.md': article({ title: 'Second story', date: '2026-11-21T10:00:00Z' }, 'Another story.'),
    });
    try {
      expect((await build(dir)).code).toBe(0);
      await writeFile(
        path.join(dir, 'articles/a.md'),
        article({ title: 'First story', date: '2026-11-20T10:00:00Z' }, 'The second version.'),
      );
      // The edit goes into another folder first: the cache now holds its page keys.
      expect((await build(dir, '--out', 'preview')).code).toBe(0);
      const back = await build(dir);
      expect(back.code, back.stderr).toBe(0);
      const page = await readFile(path.join(dir, 'dist/2026/11/20/first-story/index.html'), 'utf8');
      expect(page).toContain('The second version.');
      expect(page).not.toContain('The first version.');

      // An older output put back (restored from elsewhere) is not the one the cache describes either.
      await cp(path.join(dir, 'dist'), path.join(dir, 'older'), { recursive: true });
      await writeFile(
        path.join(dir, 'articles/a.md'),
        article({ title: 'First story', date: '2026-11-20T10:00:00Z' }, 'The third version.'),
      );
      expect((await build(dir)).code).toBe(0);
      await rm(path.join(dir, 'dist'), { recursive: true });
      await rename(path.join(dir, 'older'), path.join(dir, 'dist'));
      expect((await build(dir)).code).toBe(0);
      expect(await readFile(path.join(dir, 'dist/2026/11/20/first-story/index.html'), 'utf8')).toContain(
        'The third version.',
      );

      expect(
        (await cli(['build', '--layouts', SAMPLE_LAYOUTS, '--now', NOW, '--no-cache', '--out', 'cold'], dir)).code,
      ).toBe(0);
      await sameTrees(path.join(dir, 'dist'), path.join(dir, 'cold'));
    } finally {
      await removeDir(dir);
    }
  });

  it('should delete nothing outside the output folder whatever its manifest names', async () => {
    const dir = await tempSite({
      'site/broadsheet.config.json': JSON.stringify({ search: false }),
      'site/articles/a.md': article({ title: 'First story', date: '2026-11-20T10:00:00Z' }, 'The first version.'),
      'victim.txt': 'keep me',
      'site/dist-victim.txt': 'keep me too',
    });
    const site = path.join(dir, 'site');
    try {
      expect((await build(site)).code).toBe(0);
      const file = path.join(site, 'dist/.broadsheet/manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8'));
      // As a cache or an artifact restored from elsewhere might bring it.
      for (const rel of ['../../victim.txt', '../dist-victim.txt', '/etc/hostname'])
        manifest.files[rel] = { size: 7, sha256: '0'.repeat(64) };
      await writeFile(file, JSON.stringify(manifest));
      await writeFile(
        path.join(site, 'articles/a.md'),
        article({ title: 'First story', date: '2026-11-20T10:00:00Z' }, 'The second version.'),
      );
      const built = await build(site);
      expect(built.code, built.stderr).toBe(0);
      expect(await readFile(path.join(dir, 'victim.txt'), 'utf8')).toBe('keep me');
      expect(await readFile(path.join(site, 'dist-victim.txt'), 'utf8')).toBe('keep me too');
      expect(await readFile(path.join(site, 'dist/2026/11/20/first-story/index.html'), 'utf8')).toContain(
        'The second version.',
      );
      expect((await build(site, '--no-cache', '--out', 'cold')).code).toBe(0);
      await sameTrees(path.join(site, 'dist'), path.join(site, 'cold'));

      // A folder of the output that is a link leads elsewhere: nothing is written or deleted through it.
      const elsewhere = path.join(dir, 'elsewhere');
      await mkdir(path.join(elsewhere, 'first-story'), { recursive: true });
      await writeFile(path.join(elsewhere, 'first-story', 'index.html'), 'keep me');
      await rm(path.join(site, 'dist/2026/11/20'), { recursive: true });
      await symlink(elsewhere, path.join(site, 'dist/2026/11/20'));
      await writeFile(
        path.join(site, 'articles/a.md'),
        article({ title: 'First story', date: '2026-11-20T10:00:00Z' }, 'The third version.'),
      );
      const linked = await build(site);
      expect(linked.code).toBe(1);
      expect(linked.stderr).toContain('is a symbolic link: the output folder may hold only what Broadsheet wrote');
      expect(linked.stderr).not.toContain('internal error');
      expect(await readFile(path.join(elsewhere, 'first-story', 'index.html'), 'utf8')).toBe('keep me');
    } finally {
      await removeDir(dir);
    }
  });
});
