import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/builder.ts';
import { loadPart } from '../src/pipeline/load-part.ts';
import { mergeShards } from '../src/pipeline/merge.ts';
import { buildSite, listFiles, removeDir, sameTrees, tempSite } from './helpers.ts';
import { configOf, corpus, NOW } from './shard-site.ts';

/**
 * A published story dated again to a moment still to come breaks its published URL; with
 * --hold-invalid readers keep its published version. Sharded builds from loaded parts,
 * whose parts hold only the new version, must keep the same one a single build keeps.
 */

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const MORE = { ledger: 'published-urls.txt', holdInvalid: true } as const;

/** Every shard of 2 built from freshly loaded parts, then merged into `merged`. */
async function shardedBuild(dir: string) {
  const parts = path.join(dir, 'parts');
  for (const index of [1, 2]) {
    const part = await loadPart(configOf(dir, 'unused', false, MORE), {
      part: { index, of: 2 },
      into: path.join(parts, `part-${index}`),
      cwd: dir,
      jobs: 1,
    });
    expect(part.ok).toBe(true);
  }
  const shards: string[] = [];
  for (const index of [1, 2]) {
    const out = path.join(dir, 'shards', `${index}`);
    const result = await build(configOf(dir, out, false, MORE), {
      cwd: dir,
      jobs: 1,
      loaded: [parts],
      shard: { index, of: 2 },
    });
    expect(result.ok, JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error'))).toBe(true);
    shards.push(out);
  }
  const merged = await mergeShards(configOf(dir, path.join(dir, 'merged'), false, MORE), shards, dir);
  expect(merged.ok, JSON.stringify(merged.diagnostics)).toBe(true);
}

describe('a re-dated story held back', () => {
  it('should keep its published version in a single build and in shards from loaded parts alike', async () => {
    const dir = await corpus(21, 10, dirs);
    const single = () => build(configOf(dir, path.join(dir, 'single'), false, MORE), { cwd: dir, jobs: 1 });
    expect((await single()).ok).toBe(true);
    await shardedBuild(dir);
    await sameTrees(path.join(dir, 'single'), path.join(dir, 'merged'));

    // A story published now, dated again to a moment far ahead.
    const names = (await readdir(path.join(dir, 'articles'))).filter((name) => name.endsWith('.md')).sort();
    let chosen: string | undefined;
    for (const name of names) {
      const text = await readFile(path.join(dir, 'articles', name), 'utf8');
      const date = /^date: (\S+)$/m.exec(text)![1]!;
      if (!text.includes('draft: true') && Date.parse(date) <= NOW) {
        chosen = name;
        await writeFile(path.join(dir, 'articles', name), text.replace(`date: ${date}`, 'date: 2090-01-01T10:00:00Z'));
        break;
      }
    }
    const ledger = await readFile(path.join(dir, 'published-urls.txt'), 'utf8');
    const url = ledger
      .split('\n')
      .find((line) => line.endsWith(`\tstory\t${chosen}`))!
      .split('\t')[0]!;
    const page = path.join(url.replace(/^\/news\//, ''), 'index.html');

    const held = await single();
    expect(held.ok).toBe(true);
    expect(held.held).toEqual([{ file: `articles/${chosen}`, kept: 'previous' }]);
    await shardedBuild(dir);
    await sameTrees(path.join(dir, 'single'), path.join(dir, 'merged'));
    expect(await readFile(path.join(dir, 'merged', page), 'utf8')).toContain('<h1');
  });

  it('should not take the new version for the published one when a preview cached it alone', async () => {
    const story = (date: string) => `---\ntitle: Story A\ndate: ${date}\n---\nx\n`;
    const dir = await tempSite({ 'articles/a.md': story('2026-11-20T10:00:00Z') });
    dirs.push(dir);
    const now = Date.parse('2026-11-27T12:00:00Z');
    const ledger = { ledger: 'published-urls.txt' } as const;
    expect((await buildSite(dir, ledger, { now })).result.ok).toBe(true);
    await writeFile(path.join(dir, 'articles/a.md'), story('2090-01-20T10:00:00Z'));
    // A look at a later moment, into another folder: it publishes nothing, and its cache
    // holds only the new version.
    const look = await buildSite(dir, { ...ledger, out: 'look' }, { now: Date.parse('2091-01-01T00:00:00Z') });
    expect(look.result.ok).toBe(true);
    // Without --check, whose ledger check would catch the loss too.
    const held = await buildSite(dir, { ...ledger, holdInvalid: true }, { now });
    // Whether it can keep the page or stops, the published page is still there.
    expect(held.result.held?.find((h) => h.kept === 'previous')).toBeUndefined();
    // Each problem told once, though the selection of the version held finds it again.
    const told = held.result.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule} ${d.reason}`);
    expect(told.length).toBe(new Set(told).size);
    expect(await listFiles(path.join(dir, 'dist'))).toContain('2026/11/20/story-a/index.html');
  });
});
