import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/builder.ts';
import { mergeShards } from '../src/pipeline/merge.ts';
import { jobCost, parseShard, sliceJobs, type ShardSpec } from '../src/pipeline/shard.ts';
import type { PageJob } from '../src/routes/route.ts';
import { cli, listFiles, prng, REPO, removeDir, sameTrees, SAMPLE_LAYOUTS } from './helpers.ts';
import { configOf, corpus as makeCorpus, NOW, user } from './shard-site.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

const corpus = (seed: number, stories: number) => makeCorpus(seed, stories, dirs);

interface Settings {
  readonly search?: boolean;
  readonly compress?: boolean;
  readonly permalink?: string;
  readonly searchVolumeLimit?: number;
}

const configFor = (dir: string, out: string, settings: Settings) =>
  configOf(dir, out, settings.search ?? false, {
    ...(settings.permalink ? { permalink: settings.permalink } : {}),
    ...(settings.searchVolumeLimit ? { searchVolumeLimit: settings.searchVolumeLimit } : {}),
  });

async function buildInto(dir: string, out: string, settings: Settings, shard?: ShardSpec) {
  const result = await build(configFor(dir, out, settings), {
    cwd: dir,
    jobs: 1,
    compress: settings.compress ?? false,
    ...(shard ? { shard } : {}),
  });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.ok).toBe(true);
  return result;
}

/** The volumes of the search index an output holds, by name. */
const volumesIn = async (out: string): Promise<string[]> =>
  (await readdir(path.join(out, 'pagefind')).catch(() => [])).sort();

/** Every shard of N built one after another in the project; their output folders. */
async function buildShards(dir: string, of: number, settings: Settings): Promise<string[]> {
  const shards: string[] = [];
  for (let index = 1; index <= of; index++) {
    const folder = path.join(dir, 'shards', `${index}-of-${of}`);
    const result = await buildInto(dir, folder, settings, { index, of });
    expect(result.shard).toMatchObject({ index, of });
    shards.push(folder);
  }
  return shards;
}

/** Every shard of N built one after another in the project, then merged into `out`. */
async function shardAndMerge(dir: string, of: number, out: string, settings: Settings) {
  const shards = await buildShards(dir, of, settings);
  return { shards, merged: await mergeShards(configFor(dir, out, settings), shards, dir) };
}

describe('slicing', () => {
  const page = (output: string, lists: number): PageJob =>
    ({ type: 'layout', layout: 'listing', output, props: {}, lists: Array(lists).fill('x') }) as unknown as PageJob;
  const data = (output: string): PageJob => ({ type: 'data', output, lists: ['x'] }) as unknown as PageJob;

  it('should give every page to exactly one shard, the same way for the same jobs in any order', () => {
    const rand = prng(7);
    const jobs = Array.from({ length: 300 }, (_, i) => page(`p${i}/index.html`, Math.floor(rand() * 50)));
    jobs.push(data('feed.xml'), data('sitemap.xml'));
    const cost = (job: PageJob) => (job.type === 'data' ? 5000 : 100 + 10 * job.lists.length);
    for (const of of [1, 2, 3, 5, 8]) {
      const { slices, loads } = sliceJobs(jobs, of, cost);
      const outputs = slices.flat().map((job) => job.output);
      expect(outputs.sort()).toEqual(
        jobs
          .filter((j) => j.type === 'layout')
          .map((j) => j.output)
          .sort(),
      );
      const shuffled = [...jobs].sort(() => rand() - 0.5);
      const again = sliceJobs(shuffled, of, cost);
      expect(again.slices.map((s) => s.map((j) => j.output))).toEqual(slices.map((s) => s.map((j) => j.output)));
      // Balanced by cost: no shard is further from the mean than the dearest page.
      const mean = loads.reduce((a, b) => a + b, 0) / of;
      const dearest = Math.max(...jobs.filter((j) => j.type === 'layout').map(cost));
      for (const load of loads) expect(Math.abs(load - mean)).toBeLessThanOrEqual(dearest);
      // Shard 1 carries the data files' cost.
      expect(loads[0]).toBeGreaterThanOrEqual(10000);
    }
  });

  it('should move few pages between shards when a page is added or one costs more', () => {
    const rand = prng(11);
    const jobs = Array.from({ length: 2000 }, (_, i) => page(`p${String(i).padStart(4, '0')}/index.html`, 1));
    const costs = new Map(jobs.map((job) => [job.output, 4000 + Math.floor(rand() * 6000)]));
    const cost = (job: PageJob) => costs.get(job.output) ?? 7000;
    const shardOf = (list: readonly PageJob[]) =>
      new Map(sliceJobs(list, 5, cost).slices.flatMap((slice, i) => slice.map((job) => [job.output, i] as const)));
    const before = shardOf(jobs);
    const moved = (after: Map<string, number>) => [...before].filter(([rel, i]) => after.get(rel) !== i).length;
    // At most a couple of pages at each of the four cuts.
    expect(moved(shardOf([...jobs, page('p1000a/index.html', 1)]))).toBeLessThanOrEqual(8);
    costs.set('p0500/index.html', costs.get('p0500/index.html')! + 3000);
    expect(moved(shardOf(jobs))).toBeLessThanOrEqual(8);
  });

  it('should keep a group that costs no more than a share on one shard, and cut a larger one', () => {
    const rand = prng(5);
    // 40 groups (search volumes) of 1 to 30 pages, one of 800; then pages of no group.
    const sizes = [...Array.from({ length: 40 }, () => 1 + Math.floor(rand() * 30)), 800];
    const groupOf = new Map<string, string>();
    const jobs = sizes.flatMap((size, g) =>
      Array.from({ length: size }, (_, i) => {
        const job = page(`v${String(g).padStart(2, '0')}/p${String(i).padStart(3, '0')}/index.html`, 0);
        groupOf.set(job.output, `v${g}`);
        return job;
      }),
    );
    jobs.push(...Array.from({ length: 300 }, (_, i) => page(`z/p${i}/index.html`, 1)), data('feed.xml'));
    const costs = new Map(jobs.map((job) => [job.output, 1000 + Math.floor(rand() * 9000)]));
    const cost = (job: PageJob) => costs.get(job.output)!;
    const order = { group: (job: PageJob) => groupOf.get(job.output) };
    let cut = 0;
    for (const of of [2, 3, 5, 8]) {
      const { slices, loads } = sliceJobs(jobs, of, cost, order);
      const mean = loads.reduce((a, b) => a + b, 0) / of;
      const shardsOf = new Map<string, Set<number>>();
      const costOf = new Map<string, number>();
      slices.forEach((slice, i) => {
        for (const job of slice) {
          const g = groupOf.get(job.output);
          if (g === undefined) continue;
          shardsOf.set(g, (shardsOf.get(g) ?? new Set()).add(i));
          costOf.set(g, (costOf.get(g) ?? 0) + cost(job));
        }
      });
      let largestKept = 0;
      for (const [g, shards] of shardsOf) {
        if (costOf.get(g)! <= mean) {
          expect(shards.size, g).toBe(1);
          largestKept = Math.max(largestKept, costOf.get(g)!);
        }
      }
      // The group of 800 pages, where it costs more than two shares, is cut.
      if (costOf.get('v40')! > 2 * mean) {
        expect(shardsOf.get('v40')!.size).toBeGreaterThan(1);
        cut++;
      }
      // A shard gets at most half a kept group more or less at each of its two cuts.
      for (const load of loads) expect(Math.abs(load - mean)).toBeLessThanOrEqual(largestKept + 10_000);
    }
    expect(cut).toBe(2);
    // Without groups, the same pages are cut anywhere: some group of the 40 is split.
    const plain = sliceJobs(jobs, 5, cost).slices.map((slice) => new Set(slice.map((job) => groupOf.get(job.output))));
    expect(plain.some((shard, i) => i > 0 && [...shard].some((g) => g !== undefined && plain[i - 1]!.has(g)))).toBe(
      true,
    );
  });

  it('should weigh a story page with its indexing when search is on, and a listing without', () => {
    const story = {
      type: 'layout',
      layout: 'story',
      output: 's/index.html',
      props: { story: { id: 's.md' } },
      lists: [],
    };
    const listing = page('world/index.html', 10);
    const entries = { 's.md': { loaded: { body: { length: 5000 } } } } as unknown as Parameters<typeof jobCost>[1];
    const cost = (job: unknown, search: boolean) => jobCost(job as PageJob, entries, search);
    // Pagefind takes about three times as long for a page as rendering it.
    expect(cost(story, true)).toBeGreaterThan(3 * cost(story, false));
    expect(cost(listing, true)).toBe(cost(listing, false));
  });

  it('should read --shard I/N and refuse anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, of: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, of: 1 });
    for (const bad of ['0/3', '4/3', '2/0', '2', '1/x', '-1/3', '1.5/3', ''])
      expect(typeof parseShard(bad)).toBe('string');
    expect(parseShard('1/0')).toBe('--shard "1/0": there must be at least one (N is 1 or more)');
    expect(parseShard('4/3')).toBe('--shard "4/3": the number must be from 1 to 3');
  });
});

describe('sharded builds merged', () => {
  // Search on (Pagefind's index is deterministic), with dated URLs and without, in volumes
  // of a day and in one volume of the whole year; compression on once.
  for (const [seed, settings] of [
    [1, { search: true }],
    [6, { search: true, permalink: '/:section/:slug/' }],
    [4, { search: true, searchVolumeLimit: 10_000 }],
    [2, { compress: true }],
  ] as const) {
    it(`should equal a single build byte for byte, for 1, 2, 3 and 5 shards (${JSON.stringify(settings)})`, async () => {
      const dir = await corpus(seed, 20);
      const single = path.join(dir, 'single');
      await buildInto(dir, single, settings);
      const files = await listFiles(single);
      if ('search' in settings) expect(files.some((f) => f.startsWith('pagefind/'))).toBe(true);
      if ('compress' in settings) expect(files.some((f) => f.endsWith('.html.br'))).toBe(true);
      for (const of of [1, 2, 3, 5]) {
        const out = path.join(dir, `merged-${of}`);
        const { shards, merged } = await shardAndMerge(dir, of, out, settings);
        expect(merged.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(merged.ok).toBe(true);
        await sameTrees(single, out);
        if ('search' in settings) {
          // Each volume made once: by the shard with all its pages, or by merge.
          const made = await Promise.all(shards.map((shard) => volumesIn(shard)));
          const all = await volumesIn(out);
          expect(made.flat().length).toBe(new Set(made.flat()).size);
          expect(made.flat().every((volume) => all.includes(volume))).toBe(true);
          if (of === 1) expect(made[0]).toEqual(all);
          expect(merged.search).toEqual({
            fromShards: made.flat().length,
            made: all.length - made.flat().length,
            kept: 0,
          });
          // A volume of a day costs less than a shard's share: it is never cut, and merge makes
          // none. The one volume of the year costs more: it is cut, and merge makes it.
          expect(merged.search!.made).toBe('searchVolumeLimit' in settings && of > 1 ? 1 : 0);
        }
      }
    }, 180_000);
  }

  for (const settings of [{}, { search: true }]) {
    it(`should stay equal after an edit, shards and merge rebuilding incrementally (${JSON.stringify(settings)})`, async () => {
      const dir = await corpus(3, 20);
      const out = path.join(dir, 'merged');
      const first = await shardAndMerge(dir, 3, out, settings);
      // Merge links the shards' files where it can (one file system here), and a shard
      // rebuilt after an edit replaces its files rather than writing into them: the
      // merged output stays as it was until the next merge.
      const page = (await listFiles(first.shards[1]!)).find((f) => f.endsWith('.html'))!;
      const [merged1, shard1] = await Promise.all([
        stat(path.join(out, page)),
        stat(path.join(first.shards[1]!, page)),
      ]);
      expect(merged1.ino).toBe(shard1.ino);
      const before = path.join(dir, 'merged-before');
      await cp(out, before, { recursive: true });
      const file = path.join(dir, 'articles/s4.md');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('title: "Story 4', 'title: "A new title for story 4'),
      );
      await writeFile(
        path.join(dir, 'articles/new.md'),
        '---\ntitle: Added\ndate: 2024-03-09T10:00:00Z\n---\n\nNew.\n',
      );
      const shards = await buildShards(dir, 3, settings);
      await sameTrees(before, out);
      const merged = await mergeShards(configFor(dir, out, settings), shards, dir);
      expect(merged.ok).toBe(true);
      expect(merged.written).toBeGreaterThan(0);
      await buildInto(dir, path.join(dir, 'single'), settings);
      await sameTrees(path.join(dir, 'single'), out);
      // Nothing changed since: every shard and merge keep what they made.
      const again = await shardAndMerge(dir, 3, out, settings);
      expect(again.merged.written).toBe(0);
      if ('search' in settings) expect(again.merged.search).toMatchObject({ made: 0 });
      await sameTrees(path.join(dir, 'single'), out);
    });
  }

  it('should make again only the volumes cut between shards whose pages changed', async () => {
    const dir = await corpus(7, 60);
    // Two days of 30 stories: volumes too large to keep whole on one of 5 shards.
    for (let n = 0; n < 60; n++) {
      const file = path.join(dir, `articles/s${n}.md`);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace(/date: 2024-03-\d\d/, `date: 2024-03-0${1 + (n % 2)}`));
    }
    const out = path.join(dir, 'merged');
    const first = await shardAndMerge(dir, 5, out, { search: true });
    const record = JSON.parse(await readFile(path.join(first.shards[0]!, '.broadsheet/shard.json'), 'utf8')) as {
      search: { name: string; urls: string[] }[];
    };
    const fromShards = (await Promise.all(first.shards.map(volumesIn))).flat();
    const cut = record.search.filter((volume) => !fromShards.includes(volume.name));
    // Both volumes are cut between the 5 shards: merge made them.
    expect(cut.length).toBeGreaterThanOrEqual(2);
    expect(first.merged.search).toMatchObject({ made: cut.length, kept: 0 });

    // One story of the first cut volume edited: only that volume is made again.
    const n = /\/story-(\d+)-/.exec(cut[0]!.urls[0]!)![1];
    const file = path.join(dir, `articles/s${n}.md`);
    await writeFile(file, `${await readFile(file, 'utf8')}\nA sentence added.\n`);
    const edited = await shardAndMerge(dir, 5, out, { search: true });
    expect(edited.merged.search).toMatchObject({ made: 1, kept: cut.length - 1 });
    await buildInto(dir, path.join(dir, 'single'), { search: true });
    await sameTrees(path.join(dir, 'single'), out);
  }, 120_000);

  it('should refuse shards of different inputs, a missing or repeated shard, and leave the output as it was', async () => {
    const dir = await corpus(4, 12);
    const out = path.join(dir, 'merged');
    const { shards } = await shardAndMerge(dir, 3, out, {});
    const before = path.join(dir, 'before');
    await cp(out, before, { recursive: true });
    const config = configOf(dir, out, false);
    const refused = async (given: string[], rule: string) => {
      const result = await mergeShards(config, given, dir);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.rule)).toContain(rule);
      await sameTrees(before, out);
      expect((await readdir(dir)).filter((name) => name.startsWith('.merged.'))).toEqual([]);
      return result.diagnostics.map((d) => d.reason);
    };
    await refused([shards[0]!, shards[2]!], 'shard-missing');
    expect(await refused([shards[0]!, shards[1]!, shards[1]!, shards[2]!], 'shard-duplicate')).toEqual([
      'the folder of shard 2 of 3 is given twice',
    ]);
    await refused([shards[0]!, path.join(dir, 'articles'), shards[2]!], 'shard-invalid');
    // Each reason named: no such folder, a record that is not JSON.
    const [missing] = await refused([shards[0]!, path.join(dir, 'nowhere'), shards[2]!], 'shard-invalid');
    expect(missing).toBe('nowhere does not exist');
    const broken = path.join(dir, 'broken');
    await cp(shards[1]!, broken, { recursive: true });
    await writeFile(path.join(broken, '.broadsheet', 'shard.json'), '{bad');
    const [unreadable] = await refused([shards[0]!, broken, shards[2]!], 'shard-invalid');
    expect(unreadable).toContain('cannot be read as a shard');
    // Shard 1 of an earlier version, whose search list named URLs alone (no volumes).
    const older = path.join(dir, 'older');
    await cp(shards[0]!, older, { recursive: true });
    const recordFile = path.join(older, '.broadsheet', 'shard.json');
    const olderRecord = JSON.parse(await readFile(recordFile, 'utf8')) as Record<string, unknown>;
    await writeFile(recordFile, JSON.stringify({ ...olderRecord, search: ['/2024/03/01/story-1/'] }));
    const [earlier] = await refused([older, shards[1]!, shards[2]!], 'shard-invalid');
    expect(earlier).toBe(
      `${path.relative(dir, recordFile)} was written by an earlier version of Broadsheet: build the shards again with this one`,
    );
    // The output is one of the shards' folders.
    const into = await mergeShards(configOf(dir, shards[1]!, false), shards, dir);
    expect(into.ok).toBe(false);
    expect(into.diagnostics.map((d) => [d.rule, d.reason])).toEqual([
      [
        'output-unsafe',
        `the output folder ${path.relative(dir, shards[1]!)} is the folder of shard 2, which this merge reads`,
      ],
    ]);
    const within = path.join(shards[1]!, 'site');
    const inside = await mergeShards(configOf(dir, within, false), shards, dir);
    expect(inside.diagnostics.map((d) => d.reason)).toEqual([
      `the output folder ${path.relative(dir, within)} is inside the folder of shard 2, which this merge reads`,
    ]);
    // A file the record lists is gone (an artifact half downloaded).
    const page = (await listFiles(shards[1]!)).find((rel) => rel.endsWith('index.html'))!;
    const kept = await readFile(path.join(shards[1]!, page));
    await rm(path.join(shards[1]!, page));
    // Missed whatever the output holds: a shard's folder is complete.
    const fresh = await mergeShards(configOf(dir, path.join(dir, 'fresh'), false), shards, dir);
    expect(fresh.diagnostics.map((d) => d.rule)).toEqual(['shard-invalid']);
    expect((await readdir(dir)).filter((name) => name.includes('fresh'))).toEqual([]);
    // Damaged after the build (two bytes more): refused into any output.
    await writeFile(path.join(shards[1]!, page), Buffer.concat([kept, Buffer.from('\n\n')]));
    const damaged = await mergeShards(configOf(dir, path.join(dir, 'fresh'), false), shards, dir);
    expect(damaged.diagnostics.map((d) => [d.rule, d.reason])).toEqual([
      [
        'shard-invalid',
        `${path.relative(dir, path.join(shards[1]!, page))} is ${kept.length + 2} bytes, and shard 2's record lists ${kept.length}: it changed after the shard was built`,
      ],
    ]);
    await writeFile(path.join(shards[1]!, page), kept);
    // Another article in one shard's build: its key differs.
    await writeFile(path.join(dir, 'articles/late.md'), '---\ntitle: Late\ndate: 2024-03-09T10:00:00Z\n---\n\nLate.\n');
    await buildInto(dir, shards[1]!, {}, { index: 2, of: 3 });
    // Named: what to build again, not a hash.
    expect(await refused(shards, 'shard-mismatch')).toContain(
      `shard 2 was built from other articles (a story added, edited or removed since), and other pages (another --now, or a story held back) than ${path.relative(dir, path.join(shards[0]!, '.broadsheet/shard.json'))}`,
    );
    // Another count of shards.
    const other = path.join(dir, 'shards', 'other');
    await buildInto(dir, other, {}, { index: 2, of: 4 });
    await refused([shards[0]!, other, shards[2]!], 'shard-mismatch');
    // A merge with the search setting other than the shards'.
    const search = await mergeShards(configOf(dir, out, true), shards, dir);
    expect(search.diagnostics.map((d) => d.rule)).toContain('shard-mismatch');
  });

  it('should refuse two shards that wrote one file with different bytes', async () => {
    const dir = await corpus(5, 8);
    const out = path.join(dir, 'merged');
    const { shards } = await shardAndMerge(dir, 2, out, {});
    // Shard 2 claims a file of shard 1's with other bytes.
    const record = path.join(shards[1]!, '.broadsheet/shard.json');
    const json = JSON.parse(await readFile(record, 'utf8')) as { files: Record<string, unknown> };
    json.files['notes.txt'] = { size: 3, sha256: '0'.repeat(64) };
    await writeFile(record, JSON.stringify(json, null, 1));
    const result = await mergeShards(configOf(dir, out, false), shards, dir);
    const overlap = result.diagnostics.find((d) => d.rule === 'shard-overlap');
    expect(overlap?.reason).toContain('notes.txt');
    expect(overlap?.line).toBeGreaterThan(1);
  });
});

describe('the CLI', () => {
  it('should build shards and merge them, and refuse a bad --shard with exit 2', async () => {
    const dir = await corpus(6, 6);
    await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ articles: 'articles', ...user(false) }));
    const common = ['--layouts', SAMPLE_LAYOUTS, '--now', new Date(NOW).toISOString(), '--jobs', '1'];
    for (const shard of ['1/2', '2/2']) {
      const built = await cli(['build', ...common, '--shard', shard, '--out', `part-${shard[0]}`], dir);
      expect(built.code, built.stderr).toBe(0);
      expect(built.stderr).toContain(`shard ${shard}: `);
    }
    // In a GitHub Actions step, whether the merge changed the site it replaced.
    const outputs = path.join(dir, 'github-output');
    const merge = async () => {
      await writeFile(outputs, '');
      const run = await cli(['merge', 'part-1', 'part-2', '--out', 'site'], dir, { GITHUB_OUTPUT: outputs });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^merged 2 shards: /);
      const lines = (await readFile(outputs, 'utf8')).trim().split('\n');
      return Object.fromEntries(lines.map((line) => line.split('=') as [string, string]));
    };
    const merged = await merge();
    expect(merged.changed).toBe('true');
    expect(Number(merged.written)).toBeGreaterThan(0);
    expect(await merge()).toEqual({ changed: 'false', written: '0', deleted: '0' });
    // A shard is not a site to check: the merged output is.
    const shardChecked = await cli(['check', 'part-2'], dir);
    expect([shardChecked.code, shardChecked.stderr.trim()]).toEqual([
      2,
      'broadsheet check: part-2 is shard 2 of 2 of a sharded build, not a whole site: join the shards with broadsheet merge DIR… --out DIR, then check the merged output',
    ]);
    expect((await cli(['check', 'site'], dir)).code).toBe(0);
    const missing = await cli(['merge', 'part-1', '--out', 'site'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[shard-missing]');
    expect(missing.stderr).toContain('merge failed: 1 error; site was left as it was');
    const none = await cli(['merge', 'part-1', '--out', 'never'], dir);
    expect(none.stderr).toContain('merge failed: 1 error; nothing was written');
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
    // More shards than the site has pages for: each idle one says so.
    const idle = await cli(['build', ...common, '--shard', '2/40', '--out', 'idle'], dir);
    expect(idle.stderr).toContain('0 of ');
    expect(idle.stderr).toContain("no page is this shard's: fewer shards would do");
    for (const bad of ['3/2', '0/2', 'two']) {
      const usage = await cli(['build', ...common, '--shard', bad], dir);
      expect(usage.code, bad).toBe(2);
      expect(usage.stderr).toContain(`--shard "${bad}"`);
    }
    const check = await cli(['build', ...common, '--shard', '1/2', '--check'], dir);
    expect(check.code).toBe(2);
    const help = await cli(['merge', '--help'], dir);
    expect(help.stdout).toContain('Usage: broadsheet merge');
    expect((await cli(['merge'], dir)).code).toBe(2);
    expect((await cli(['--help'], REPO)).stdout).toContain('  merge ');
  });
});
