import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline/builder.ts';
import { mergeShards } from '../src/pipeline/merge.ts';
import { cli, listFiles, removeDir, sameTrees, SAMPLE_LAYOUTS } from './helpers.ts';
import { configOf, corpus, NOW, user } from './shard-site.ts';

/**
 * What merge does with shards damaged on their way (an artifact unpacked badly, a record
 * edited), with shards built differently, and with `--check`: each a clear refusal, exit
 * 1, and the output folder as it was, never an internal error or a staging folder left.
 */

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function shardsOf(dir: string, of: number, options: { compress?: boolean; now?: number } = {}) {
  const folders: string[] = [];
  for (let index = 1; index <= of; index++) {
    const folder = path.join(dir, 'shards', `${index}`);
    const config = { ...configOf(dir, folder, false), now: options.now ?? NOW };
    const result = await build(config, {
      cwd: dir,
      jobs: 1,
      compress: options.compress ?? false,
      shard: { index, of },
    });
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    folders.push(folder);
  }
  return folders;
}

/** Nothing of a refused merge is left beside the output folder. */
const leftovers = async (dir: string) => (await readdir(dir)).filter((name) => name.includes('staging'));

describe('merge and damaged or mismatched shards', () => {
  it('should refuse a shard whose file is a folder, or whose record names a path outside it', async () => {
    const dir = await corpus(11, 8, dirs);
    const shards = await shardsOf(dir, 2);
    const out = path.join(dir, 'site');
    const config = configOf(dir, out, false);
    expect((await mergeShards(config, shards, dir)).ok).toBe(true);
    const before = path.join(dir, 'before');
    await cp(out, before, { recursive: true });

    // A folder where the record lists a page: the artifact was unpacked wrong.
    const page = (await listFiles(shards[1]!)).find((rel) => rel.endsWith('/index.html'))!;
    const bytes = await readFile(path.join(shards[1]!, page));
    await rm(path.join(shards[1]!, page));
    await mkdir(path.join(shards[1]!, page));
    const folder = await mergeShards(config, shards, dir);
    expect(folder.ok).toBe(false);
    expect(folder.diagnostics.map((d) => [d.rule, d.reason])).toEqual([
      [
        'shard-invalid',
        `${path.relative(dir, path.join(shards[1]!, page))} is listed in shard 2's record but not a file`,
      ],
    ]);
    await sameTrees(before, out);
    expect(await leftovers(dir)).toEqual([]);
    await rm(path.join(shards[1]!, page), { recursive: true });

    // A link where the record lists a page, to a file outside of the size it lists.
    const secret = path.join(dir, 'secret.txt');
    await writeFile(secret, bytes);
    await symlink(secret, path.join(shards[1]!, page));
    const linked = await mergeShards(config, shards, dir);
    expect(linked.diagnostics.map((d) => [d.rule, d.reason])).toEqual([
      [
        'shard-invalid',
        `${path.relative(dir, path.join(shards[1]!, page))} is listed in shard 2's record but a symbolic link, or in a linked folder, not a file of the folder`,
      ],
    ]);
    await sameTrees(before, out);
    await rm(path.join(shards[1]!, page));
    await writeFile(path.join(shards[1]!, page), bytes);

    // A folder above the file that is a link, to a folder outside with a file of the size listed.
    const away = path.join(dir, 'away');
    await cp(path.join(shards[1]!, path.dirname(page)), away, { recursive: true });
    await rm(path.join(shards[1]!, path.dirname(page)), { recursive: true });
    await symlink(away, path.join(shards[1]!, path.dirname(page)));
    const folderLinked = await mergeShards(config, shards, dir);
    expect(folderLinked.diagnostics.map((d) => d.rule)).toEqual(['shard-invalid']);
    expect(folderLinked.diagnostics[0]!.reason).toContain('in a linked folder');
    await sameTrees(before, out);
    await rm(path.join(shards[1]!, path.dirname(page)));
    await cp(away, path.join(shards[1]!, path.dirname(page)), { recursive: true });

    // A file where a folder of the listed paths should be.
    const parent = path.dirname(page);
    await rm(path.join(shards[1]!, parent), { recursive: true });
    await writeFile(path.join(shards[1]!, parent), 'x');
    const file = await mergeShards(configOf(dir, path.join(dir, 'fresh'), false), shards, dir);
    expect(file.diagnostics.map((d) => d.rule)).toContain('shard-invalid');
    expect(file.diagnostics.every((d) => d.rule === 'shard-invalid')).toBe(true);
    expect(existsSync(path.join(dir, 'fresh'))).toBe(false);
    expect(await leftovers(dir)).toEqual([]);

    // A record naming a file outside the folder.
    const record = path.join(shards[0]!, '.broadsheet/shard.json');
    const json = JSON.parse(await readFile(record, 'utf8')) as { files: Record<string, unknown> };
    json.files['../victim.txt'] = { size: 1, sha256: '0'.repeat(64) };
    await writeFile(record, JSON.stringify(json));
    const outside = await mergeShards(config, shards, dir);
    expect(outside.diagnostics.map((d) => [d.rule, d.reason])).toEqual([
      [
        'shard-invalid',
        `${path.relative(dir, record)} lists "../victim.txt", which is not a path inside an output folder`,
      ],
    ]);
    await sameTrees(before, out);
  });

  it('should say what a folder given as a shard is instead: a file, or a folder with no record', async () => {
    const dir = await corpus(14, 4, dirs);
    const shards = await shardsOf(dir, 2);
    const config = configOf(dir, path.join(dir, 'site'), false);
    await writeFile(path.join(dir, 'afile'), 'x');
    const file = await mergeShards(config, [shards[0]!, path.join(dir, 'afile')], dir);
    expect(file.diagnostics.map((d) => d.reason)).toEqual(["afile is a file, not a shard's output folder"]);
    // An artifact uploaded without its hidden files has no record.
    await rm(path.join(shards[1]!, '.broadsheet'), { recursive: true });
    const [bare] = (await mergeShards(config, shards, dir)).diagnostics.map((d) => d.reason);
    expect(bare).toContain('include-hidden-files: true');
  });

  it('should name --compress and --now when shards were built with different ones', async () => {
    const dir = await corpus(12, 6, dirs);
    const plain = await shardsOf(dir, 2);
    const compressed = path.join(dir, 'compressed');
    const result = await build(configOf(dir, compressed, false), {
      cwd: dir,
      jobs: 1,
      compress: true,
      shard: { index: 2, of: 2 },
    });
    expect(result.ok).toBe(true);
    const config = configOf(dir, path.join(dir, 'site'), false);
    const mixed = await mergeShards(config, [plain[0]!, compressed], dir);
    expect(mixed.diagnostics.map((d) => d.reason)).toEqual([
      `shard 2 was built with --compress, and ${path.relative(dir, path.join(plain[0]!, '.broadsheet/shard.json'))} without: build every shard alike`,
    ]);
    const later = path.join(dir, 'later');
    const clock = await build(
      { ...configOf(dir, later, false), now: Date.parse('2024-12-31T00:00:00Z') },
      { cwd: dir, jobs: 1, shard: { index: 2, of: 2 } },
    );
    expect(clock.ok).toBe(true);
    const skewed = await mergeShards(config, [plain[0]!, later], dir);
    expect(skewed.diagnostics.map((d) => d.reason)).toEqual([
      `shard 2 was built with the clock at 2024-12-31T00:00:00.000Z, and ${path.relative(dir, path.join(plain[0]!, '.broadsheet/shard.json'))} at ${new Date(NOW).toISOString()}: give every shard the same --now`,
    ]);
  });
});

describe('merge --check, and an output that is a file', () => {
  it('should refuse a merged site that fails its checks, and leave the output as it was', async () => {
    const dir = await corpus(13, 6, dirs);
    await writeFile(path.join(dir, 'broadsheet.config.json'), JSON.stringify({ articles: 'articles', ...user(false) }));
    const common = ['--layouts', SAMPLE_LAYOUTS, '--now', new Date(NOW).toISOString(), '--jobs', '1'];
    const shardAll = async () => {
      for (const shard of ['1/2', '2/2']) {
        const built = await cli(['build', ...common, '--shard', shard, '--out', `part-${shard[0]}`], dir);
        expect(built.code, built.stderr).toBe(0);
      }
    };
    await shardAll();
    const good = await cli(['merge', 'part-1', 'part-2', '--out', 'site', '--check'], dir);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/; checked \d+ pages and \d+ links$/m);

    // A story linking to a page the site does not have: the build publishes it, the check refuses it.
    await writeFile(
      path.join(dir, 'articles/linked.md'),
      '---\ntitle: Linked\ndate: 2024-03-05T10:00:00Z\n---\n\nSee [the report](/2024/03/01/no-such-story/).\n',
    );
    await shardAll();
    const before = path.join(dir, 'before');
    await cp(path.join(dir, 'site'), before, { recursive: true });
    const refused = await cli(['merge', 'part-1', 'part-2', '--out', 'site', '--check'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/2024/03/01/no-such-story/');
    expect(refused.stderr).toContain('site was left as it was');
    await sameTrees(before, path.join(dir, 'site'));
    expect(await leftovers(dir)).toEqual([]);
    // Without --check the same shards merge.
    expect((await cli(['merge', 'part-1', 'part-2', '--out', 'unchecked'], dir)).code).toBe(0);

    // An output folder that is a file: a plain refusal, not an internal error.
    await writeFile(path.join(dir, 'afile'), 'x');
    const onFile = await cli(['merge', 'part-1', 'part-2', '--out', 'afile'], dir);
    expect([onFile.code, onFile.stderr]).toEqual([1, expect.stringContaining('afile is a file, not a folder')]);
    expect(await readFile(path.join(dir, 'afile'), 'utf8')).toBe('x');
  });
});
