import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { watchSources } from '../src/dev/watch.ts';
import { removeDir, tempSite } from './helpers.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('should report a second save of a file that chokidar does not (within 50 ms of the first: format on save)', async () => {
  const dir = await tempSite({ 'articles/a.md': 'one' });
  await mkdir(path.join(dir, 'layouts'));
  const file = path.join(dir, 'articles/a.md');
  const batches: string[][] = [];
  let firstBatch = () => {};
  const first = new Promise<void>((resolve) => (firstBatch = resolve));
  const watcher = watchSources(
    {
      articles: path.join(dir, 'articles'),
      layouts: path.join(dir, 'layouts'),
      public: path.join(dir, 'public'),
      configFiles: [],
    },
    async (batch) => {
      batches.push([...batch.files.keys()]);
      firstBatch();
    },
  );
  try {
    await watcher.ready;
    await writeFile(file, 'two');
    await first;
    // Straight after the first batch: well within chokidar's window for this file.
    await writeFile(file, 'three, rewritten');
    await sleep(800);
  } finally {
    await watcher.close();
    await removeDir(dir);
  }
  expect(batches).toEqual([[file], [file]]);
});
