import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
});
