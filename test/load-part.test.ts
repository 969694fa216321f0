import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/builder.ts';
import { loadPart } from '../src/pipeline/load-part.ts';
import { mergeShards } from '../src/pipeline/merge.ts';
import { partArticles } from '../src/pipeline/part.ts';
import type { ShardSpec } from '../src/pipeline/shard.ts';
import { cli, prng, removeDir, sameTrees, SAMPLE_LAYOUTS } from './helpers.ts';
import { configOf, corpus as makeCorpus, NOW, user } from './shard-site.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const ids = (list: number[]) => list.map((i) => `s${i}.md`);

/** Load every part of N into `parts/` of the project; `errors`: how many the articles may have. */
async function loadParts(dir: string, of: number, more = {}, errors = 0): Promise<string> {
  const parts = path.join(dir, 'parts');
  let found = 0;
  for (let index = 1; index <= of; index++) {
    const loaded = await loadPart(configOf(dir, 'unused', false, more), {
      part: { index, of },
      into: path.join(parts, `part-${index}`),
      cwd: dir,
      jobs: 1,
    });
    found += loaded.diagnostics.filter((d) => d.severity === 'error').length;
    expect(loaded.ok).toBe(true);
  }
  expect(found).toBe(errors);
  return parts;
}

const buildFrom = (dir: string, out: string, loaded: readonly string[], shard?: ShardSpec) =>
  build(configOf(dir, out, false), { cwd: dir, jobs: 1, loaded, ...(shard ? { shard } : {}) });

describe('cutting the articles into parts', () => {
  it('should give every article to one part, in contiguous runs of about equal bytes', () => {
    const rand = prng(5);
    const sizes = Array.from({ length: 200 }, () => Math.floor(rand() ** 3 * 20000) + 200);
    const names = ids(sizes.map((_, i) => i));
    for (const of of [1, 2, 3, 7]) {
      const parts = Array.from({ length: of }, (_, i) => partArticles(names, sizes, { index: i + 1, of }));
      expect(parts.flat()).toEqual(sizes.map((_, i) => i));
      const bytes = parts.map((part) => part.reduce((sum, i) => sum + sizes[i]!, 0));
      const mean = bytes.reduce((a, b) => a + b, 0) / of;
      for (const b of bytes) expect(Math.abs(b - mean)).toBeLessThanOrEqual(20200);
    }
  });
});

describe('builds from loaded parts', () => {
  it('should parse no article again, and shards merged should equal a single build byte for byte', async () => {
    const dir = await makeCorpus(8, 24, dirs);
    const single = path.join(dir, 'single');
    expect((await build(configOf(dir, single, false), { cwd: dir, jobs: 1, cache: false })).ok).toBe(true);
    const parts = await loadParts(dir, 3);
    const shards: string[] = [];
    for (let index = 1; index <= 3; index++) {
      const out = path.join(dir, 'shards', String(index));
      const result = await buildFrom(dir, out, [parts], { index, of: 3 });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.stats.loaded).toBe(0);
      shards.push(out);
    }
    const merged = await mergeShards(configOf(dir, path.join(dir, 'merged'), false), shards, dir);
    expect(merged.ok).toBe(true);
    await sameTrees(single, path.join(dir, 'merged'));
  }, 120_000);

  it('should publish an edit and a story added through parts loaded again, as a cold single build does', async () => {
    const dir = await makeCorpus(17, 16, dirs);
    // Built from parts twice: shards merged, and one build of the whole site.
    const throughParts = async () => {
      const parts = await loadParts(dir, 2);
      const shards: string[] = [];
      for (const index of [1, 2]) {
        const out = path.join(dir, 'shards', String(index));
        expect((await buildFrom(dir, out, [parts], { index, of: 2 })).ok).toBe(true);
        shards.push(out);
      }
      expect((await mergeShards(configOf(dir, path.join(dir, 'merged'), false), shards, dir)).ok).toBe(true);
      expect((await buildFrom(dir, path.join(dir, 'whole'), [parts])).ok).toBe(true);
    };
    const same = async () => {
      const single = path.join(dir, 'single');
      await rm(single, { recursive: true, force: true });
      expect((await build(configOf(dir, single, false), { cwd: dir, jobs: 1, cache: false })).ok).toBe(true);
      await sameTrees(single, path.join(dir, 'merged'));
      await sameTrees(single, path.join(dir, 'whole'));
    };
    const file = path.join(dir, 'articles/desk.md');
    await writeFile(file, '---\ntitle: From the desk\ndate: 2024-03-02T10:00:00Z\nsection: world\n---\n\nFirst.\n');
    await throughParts();
    // A body edited: its page and the feeds change, and no story moves.
    await writeFile(file, `${await readFile(file, 'utf8')}\nA sentence added by the desk.\n`);
    await throughParts();
    await same();
    // A story added: the listings change too.
    await writeFile(
      path.join(dir, 'articles/added.md'),
      '---\ntitle: Added later\ndate: 2024-03-09T10:00:00Z\nsection: world\n---\n\nNew.\n',
    );
    await throughParts();
    await same();
  }, 120_000);

  it('should build a shard after the first from parts without their photos, on a fresh runner, encoding nothing', async () => {
    const dir = await makeCorpus(13, 16, dirs);
    // The newest story has a picture: the feeds give its size (an enclosure's length).
    await writeFile(
      path.join(dir, 'articles', 'lead.md'),
      '---\ntitle: Lead\ndate: 2024-03-10T11:00:00Z\nimage:\n  src: images/a.png\n  alt: A picture\n---\nx\n',
    );
    const single = path.join(dir, 'single');
    expect((await build(configOf(dir, single, false), { cwd: dir, jobs: 1, cache: false })).ok).toBe(true);
    const parts = await loadParts(dir, 2);
    // What a shard after the first downloads: the parts without their photos.
    const bare = path.join(dir, 'bare-parts');
    await cp(parts, bare, { recursive: true });
    const photos = ['part-1', 'part-2'].map((part) => path.join(bare, part, 'photos')).filter((p) => existsSync(p));
    expect(photos.length).toBeGreaterThan(0);
    for (const folder of photos) await rm(folder, { recursive: true });
    // On a runner of its own: no cache and no photo store from the loads or the single build.
    await rm(path.join(dir, '.broadsheet'), { recursive: true, force: true });
    const second = await buildFrom(dir, path.join(dir, 'shards', '2'), [bare], { index: 2, of: 2 });
    expect(second.ok).toBe(true);
    expect(second.stats.loaded).toBe(0);
    expect(second.stats.photos.encoded).toBe(0);
    const first = await buildFrom(dir, path.join(dir, 'shards', '1'), [parts], { index: 1, of: 2 });
    expect(first.ok).toBe(true);
    const shards = ['1', '2'].map((n) => path.join(dir, 'shards', n));
    expect((await mergeShards(configOf(dir, path.join(dir, 'merged'), false), shards, dir)).ok).toBe(true);
    await sameTrees(single, path.join(dir, 'merged'));
  }, 120_000);

  it('should load the articles of a part not given itself, with a warning, and still build the same site', async () => {
    const dir = await makeCorpus(9, 16, dirs);
    const single = path.join(dir, 'single');
    expect((await build(configOf(dir, single, false), { cwd: dir, jobs: 1, cache: false })).ok).toBe(true);
    const parts = await loadParts(dir, 2);
    const out = path.join(dir, 'out');
    const result = await buildFrom(dir, out, [path.join(parts, 'part-2')]);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.rule)).toContain('part-incomplete');
    const record = JSON.parse(await readFile(path.join(parts, 'part-1', 'part.json'), 'utf8')) as { articles: number };
    expect(result.stats.loaded).toBe(record.articles);
    await sameTrees(single, out);
  }, 120_000);

  it("should hold back a story a part found invalid, publishing its last good version from the build's cache", async () => {
    const dir = await makeCorpus(12, 8, dirs);
    const out = path.join(dir, 'out');
    const hold = { holdInvalid: true };
    expect((await build(configOf(dir, out, false, hold), { cwd: dir, jobs: 1 })).ok).toBe(true);
    const file = path.join(dir, 'articles/s1.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, 'title: [unclosed'));
    const parts = await loadParts(dir, 2, hold, 1);
    const held = await build(configOf(dir, out, false, hold), { cwd: dir, jobs: 1, loaded: [parts] });
    expect(held.ok).toBe(true);
    expect(held.stats.loaded).toBe(0);
    expect(held.held).toEqual([{ file: 'articles/s1.md', kept: 'previous' }]);
  }, 120_000);

  it('should refuse parts loaded with other settings, and a folder that holds none, leaving the output as it was', async () => {
    const dir = await makeCorpus(10, 8, dirs);
    const out = path.join(dir, 'out');
    expect((await build(configOf(dir, out, false), { cwd: dir, jobs: 1 })).ok).toBe(true);
    const before = await readFile(path.join(out, 'index.html'), 'utf8');
    const parts = await loadParts(dir, 2, { wordsPerMinute: 100 });
    const mismatch = await buildFrom(dir, out, [parts]);
    expect(mismatch.ok).toBe(false);
    const refused = mismatch.diagnostics.filter((d) => d.rule === 'part-mismatch');
    expect(refused).toHaveLength(2);
    expect(refused[0]!.reason).toContain('with another wordsPerMinute in the config (or --base-url)');
    const record = path.join(parts, 'part-1', 'part.json');
    const older = { ...JSON.parse(await readFile(record, 'utf8')), key: 'k', tool: '0.0.1+old' };
    await writeFile(record, JSON.stringify(older));
    const other = await buildFrom(dir, out, [path.join(parts, 'part-1')]);
    expect(other.diagnostics.find((d) => d.rule === 'part-mismatch')!.reason).toContain(
      'by another Broadsheet (0.0.1+old',
    );
    const empty = await buildFrom(dir, out, [path.join(dir, 'articles')]);
    expect(empty.ok).toBe(false);
    expect(empty.diagnostics.map((d) => d.rule)).toEqual(['part-invalid']);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe(before);
  }, 120_000);
});

describe('the CLI', () => {
  it('should load parts, build from them, and refuse bad usage with exit 2', async () => {
    const dir = await makeCorpus(11, 6, dirs);
    await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ articles: 'articles', ...user(false) }));
    for (const part of ['1/2', '2/2']) {
      const loaded = await cli(['load', '--part', part, '--into', `parts/${part[0]}`, '--jobs', '1'], dir);
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(loaded.stdout).toMatch(new RegExp(`^loaded part ${part}: \\d+ articles`));
    }
    const common = ['--layouts', SAMPLE_LAYOUTS, '--now', new Date(NOW).toISOString(), '--jobs', '1'];
    const built = await cli(['build', ...common, '--loaded', 'parts'], dir);
    expect(built.code, built.stderr).toBe(0);
    const nothing = await cli(['build', ...common, '--loaded', 'articles'], dir);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('[part-invalid]');
    expect((await cli(['load', '--into', 'parts/x'], dir)).code).toBe(2);
    expect((await cli(['load', '--part', '1/2'], dir)).code).toBe(2);
    const bad = await cli(['load', '--part', '3/2', '--into', 'parts/x'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--part "3/2"');
    expect((await cli(['load', '--help'], dir)).stdout).toContain('Usage: broadsheet load');
    for (const into of ['articles', 'articles/parts', '.']) {
      const unsafe = await cli(['load', '--part', '1/1', '--into', into], dir);
      expect(unsafe.code, into).toBe(1);
      expect(unsafe.stderr).toContain('[output-unsafe]');
    }
  }, 120_000);
});
