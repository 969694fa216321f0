import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import { createExecutor, type Executor } from '../src/workers/pool.ts';
import type { LoadInput } from '../src/workers/load-task.ts';
import { StoryDetailsReader } from '../src/incremental/story-details.ts';
import { article, removeDir, tempSite } from './helpers.ts';

describe('the worker pool', () => {
  let dir: string;
  let pool: Executor;
  const inputs = (count: number): LoadInput[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `s${i}.md`,
      path: path.join(dir, 'articles', `s${i}.md`),
      file: `articles/s${i}.md`,
    }));

  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++)
      files[`articles/s${i}.md`] = article({ title: `Story ${i}` }, `Paragraph of story ${i}.`);
    dir = await tempSite(files);
    const { config } = resolveConfig({ url: 'https://example.org/', articles: 'articles' }, { root: dir, cwd: dir });
    pool = createExecutor(
      2,
      {
        config: config!,
        cacheDir: path.join(dir, '.broadsheet/cache'),
        key: 'test',
        photos: path.join(dir, '.broadsheet/photos'),
      },
      { articles: 200 },
      { isolate: true },
    );
  });
  afterAll(async () => {
    await pool.close();
    await removeDir(dir);
  });

  it('should load every article once, answer in input order, and use both threads', async () => {
    expect(pool.threads).toBe(2);
    // More than one batch per thread, so each thread has a second batch sent before it answers the first.
    const { outputs, threads } = await pool.load(inputs(200));
    expect(outputs.map((o) => o.id)).toEqual(inputs(200).map((i) => i.id));
    // Each summary comes back as its core; the headline is among the details kept beside it.
    const details = new StoryDetailsReader(path.join(dir, '.broadsheet/cache'));
    const cores = outputs.map((o) => ('loaded' in o ? o.loaded.summary : undefined));
    expect(cores.map((core) => core && 'title' in core)).toEqual(inputs(200).map(() => false));
    expect(cores.map((core) => core && details.full(core).title)).toEqual(inputs(200).map((_, i) => `Story ${i}`));
    expect(new Set(threads)).toEqual(new Set([0, 1]));
  });

  it('should share out a few articles between the threads rather than send them to one', async () => {
    const { outputs, threads } = await pool.load(inputs(3));
    expect(outputs.map((o) => o.id)).toEqual(['s0.md', 's1.md', 's2.md']);
    expect(new Set(threads)).toEqual(new Set([0, 1]));
  });
});
