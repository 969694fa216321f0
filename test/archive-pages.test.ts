import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { article, buildSite, removeDir, sameTrees, select, tempSite } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const NOW = Date.parse('2026-06-01T00:00:00Z');
const CONFIG = { listings: { pageSize: 2 } };
const story = (i: number) =>
  article({ title: `Story ${i}`, date: `2024-01-${String(i).padStart(2, '0')}T10:00:00Z`, tags: '[council]' });

describe('archive pages when several stories come at once', () => {
  it('should lead the newest archive page on to the pages made after it, as a cold build does', async () => {
    const dir = await tempSite(Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`articles/s${i}.md`, story(i)])));
    dirs.push(dir);
    expect((await buildSite(dir, CONFIG, { now: NOW })).result.ok).toBe(true);
    // Six more in one build: three new archive pages after archive page 2, the newest before.
    for (const i of [6, 7, 8, 9, 10, 11]) await writeFile(path.join(dir, `articles/s${i}.md`), story(i));
    const built = await buildSite(dir, CONFIG, { now: NOW });
    expect(built.result.ok).toBe(true);
    for (const rel of ['2024/archive/2/index.html', 'tags/council/archive/2/index.html'])
      expect(select('link[rel=prev]', await built.page(rel))?.properties.href, rel).toBe(
        `/${rel.replace('2/index.html', '3/')}`,
      );
    const cold = await mkdtemp(path.join(tmpdir(), 'broadsheet-cold-'));
    dirs.push(cold);
    expect((await buildSite(dir, { ...CONFIG, out: cold }, { now: NOW, cache: false })).result.ok).toBe(true);
    await sameTrees(built.out, cold);
  });
});
